import type { Client } from '@temporalio/client';
import type { ILayer } from 'express-serve-static-core';
import pino from 'pino';
import type { Outbox } from '../../adapters/dev/outbox';
import { apiDecisionBody } from '../../api/actor';
import { createApp } from '../../api/app';
import { renderDocsPage } from '../../api/openapi/docs-page';
import type { Operation } from '../../api/openapi/document';
import { openApiDocument } from '../../api/openapi/document';
import { ERROR_STATUSES } from '../../api/openapi/error-responses';
import { jsonSchema } from '../../api/openapi/json-schema';
import { rolesFor } from '../../domain/access';
import { COMPLAINT_DECISION_NAMES, COMPLAINT_DECISIONS } from '../../domain/complaint-decisions';
import { DECISION_NAMES, DECISIONS } from '../../domain/decisions';
import type { PayloadEncryption } from '../../temporal/payload-encryption';
import { clinics } from '../helpers/fixtures';

// The OpenAPI document against the app itself: every route the routers serve is documented (and
// nothing else), with the schemas the routes validate with and the roles of the permission matrix.

const doc = openApiDocument();

const operations: { method: string; path: string; op: Operation }[] = Object.entries(doc.paths).flatMap(
  ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })),
);
const operationAt = (method: string, path: string) => doc.paths[path]?.[method as 'get' | 'post'];

/** "METHOD /path/{param}" of every route in the app's routers; `:decision` expanded per decision. */
function servedRoutes(): string[] {
  // Nothing is called on the client or the outbox while routes are only being registered.
  const app = createApp({
    client: {} as Client,
    taskQueue: 'q',
    clinics,
    credentials: [],
    logger: pino({ level: 'silent' }),
    outbox: {} as Outbox,
    codec: { encryption: {} as PayloadEncryption, allowedOrigins: [] },
  });
  const routes: string[] = [];
  const walk = (stack: ILayer[]) => {
    for (const layer of stack) {
      const nested = (layer.handle as unknown as { stack?: ILayer[] }).stack;
      if (layer.route) {
        const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
        for (const method of new Set(layer.route.stack.map((l) => l.method))) {
          const names = path.startsWith('/journeys/') ? DECISION_NAMES : COMPLAINT_DECISION_NAMES;
          const paths = path.endsWith('/{decision}')
            ? names.map((name) => path.replace('{decision}', name))
            : [path];
          routes.push(...paths.map((p) => `${method.toUpperCase()} ${p}`));
        }
      } else if (nested) {
        walk(nested);
      }
    }
  };
  walk(app.router.stack);
  return routes;
}

test('is an OpenAPI 3.1 document with a bearer scheme and the one error schema', () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info.title).toBeTruthy();
  expect(doc.info.version).toBeTruthy();
  expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.security).toEqual([{ bearer: [] }]);
  expect(doc.components.schemas.Error).toMatchObject({
    type: 'object',
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'requestId'],
        properties: { field: { type: 'string' }, problems: { type: 'array' } },
      },
    },
  });
  // The document is plain JSON: what is served is what is built.
  expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
});

test('documents exactly the routes the app serves', () => {
  const documented = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  // The staff console (/console) is a web app for people signed in with a session cookie, not
  // part of the bearer-credential API this document describes.
  const api = servedRoutes().filter((r) => !/^[A-Z]+ \/console(\/|$)/.test(r));
  expect(api.length).toBeLessThan(servedRoutes().length);
  expect([...documented].sort()).toEqual([...new Set(api)].sort());
});

test('operation ids are unique and every operation has a tag the document declares', () => {
  const ids = operations.map(({ op }) => op.operationId);
  expect(new Set(ids).size).toBe(ids.length);
  const tags = doc.tags.map((t) => t.name);
  for (const { op } of operations) expect(tags).toContain(op.tags[0]);
});

test('every journey and complaint decision has its own operation with its schema and roles', () => {
  const cases = [
    ...DECISION_NAMES.map((name) => ({
      path: `/journeys/{journeyId}/decisions/${name}`,
      schema: DECISIONS[name],
      roles: rolesFor(`journey:${name}`),
    })),
    ...COMPLAINT_DECISION_NAMES.map((name) => ({
      path: `/complaints/{complaintId}/decisions/${name}`,
      schema: COMPLAINT_DECISIONS[name],
      roles: rolesFor(`complaint:${name}`),
    })),
  ];
  expect(cases).toHaveLength(DECISION_NAMES.length + COMPLAINT_DECISION_NAMES.length);
  for (const { path, schema, roles } of cases) {
    const op = operationAt('post', path);
    expect(op).toBeDefined();
    // As the route takes it: staffId may be left out when the credential names the person.
    expect(op!.requestBody!.content['application/json'].schema).toEqual(jsonSchema(apiDecisionBody(schema)));
    expect(op!['x-roles']).toEqual([...roles]);
    expect(op!.description).toContain(`Roles: ${roles.join(', ')}.`);
    expect(Object.keys(op!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '422']),
    );
  }
});

test('POST /journeys and POST /complaints bodies require what their zod schemas require', () => {
  const journey = operationAt('post', '/journeys')!.requestBody!.content['application/json'].schema;
  expect(journey.required).toEqual(['clinicId', 'surgeryId', 'patient', 'surgery']);
  expect(journey).toMatchObject({
    additionalProperties: false,
    properties: {
      patient: { required: ['ref', 'phone', 'language', 'timeZone'] },
      surgery: { required: ['procedureCode', 'performedAt', 'surgeonId'] },
      // Has a default, so a client may leave it out.
      returnVisits: { type: 'array', default: [] },
    },
  });

  const complaint = operationAt('post', '/complaints')!.requestBody!.content['application/json'].schema;
  expect(complaint.required).toEqual([
    'clinicId',
    'complaintId',
    'channel',
    'category',
    'severity',
    'customer',
    'description',
  ]);
  expect(complaint).toMatchObject({ properties: { customer: { required: ['ref', 'language'] } } });
});

test('route-local query schemas become query parameters', () => {
  const list = operationAt('get', '/complaints')!;
  expect(list.parameters!.map((p) => [p.name, p.in, p.required])).toEqual([
    ['clinicId', 'query', true],
    ['from', 'query', true],
    ['to', 'query', true],
    ['stage', 'query', false],
  ]);
  expect(operationAt('get', '/journeys/{journeyId}')!.parameters).toEqual([
    expect.objectContaining({ name: 'journeyId', in: 'path', required: true }),
  ]);
});

test('starts and decisions take an optional Idempotency-Key header', () => {
  for (const path of ['/journeys', '/complaints', '/journeys/{journeyId}/decisions/pause']) {
    expect(operationAt('post', path)!.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
  }
  expect(operationAt('post', '/journeys/{journeyId}/replies')!.parameters).not.toContainEqual(
    expect.objectContaining({ name: 'Idempotency-Key' }),
  );
});

test('authenticated operations name their roles; public ones need no credential', () => {
  const publicPaths = ['/healthz', '/readyz', '/openapi.json', '/docs', '/codec/sign-in', '/codec/sign-out'];
  for (const { path, op } of operations) {
    if (publicPaths.includes(path)) {
      expect(op.security).toEqual([]);
      expect(op['x-roles']).toBeUndefined();
      expect(op.responses['401']).toBeUndefined();
    } else if (path === '/metrics') {
      // No API credential; a deployment may give it a token of its own (METRICS_TOKEN): 401.
      expect(op.security).toEqual([]);
      expect(op['x-roles']).toBeUndefined();
      expect(op.responses['401']).toBeDefined();
    } else {
      expect(op.security).toBeUndefined();
      expect(op['x-roles']!.length).toBeGreaterThan(0);
      expect(op.responses['401']).toBeDefined();
      expect(op.responses['403']).toBeDefined();
    }
  }
  expect(operationAt('post', '/journeys')!['x-roles']).toEqual([...rolesFor('journey:start')]);
  expect(operationAt('get', '/complaints-report')!['x-roles']).toEqual([...rolesFor('complaint:report')]);
});

test('every error response refers to the one error body', () => {
  for (const { op } of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400 || status === '503') continue;
      expect(Object.keys(ERROR_STATUSES)).toContain(status);
      expect(response).toEqual({ $ref: `#/components/responses/Error${status}` });
    }
    if (op.requestBody) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '413']));
  }
  // Everything is rate limited but the health probes.
  for (const { path, op } of operations) {
    expect([path, op.responses['429'] !== undefined]).toEqual([
      path,
      !['/healthz', '/readyz'].includes(path),
    ]);
  }
  expect(operationAt('post', '/journeys')!.responses['409']).toBeDefined();
  expect(operationAt('post', '/complaints')!.responses['409']).toBeDefined();
  for (const response of Object.values(doc.components.responses)) {
    expect(response).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
  }
});

test('every $ref resolves inside the document', () => {
  const refs: string[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === '$ref' && typeof v === 'string') refs.push(v);
        else collect(v);
      }
    }
  };
  collect(doc);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
  }
});

test('the docs page lists every operation and loads nothing from elsewhere', () => {
  const page = renderDocsPage(doc);
  for (const { method, path } of operations) {
    expect(page).toContain(`${method.toUpperCase()} ${path.replace(/&/g, '&amp;')}`);
  }
  expect(page).not.toMatch(/<script|<link|<img|@import|(src|href)="(https?:)?\/\//);
});

test('operations that call Temporal declare 503; decisions declare 202 pending; 405 is described', () => {
  for (const path of ['/journeys', '/journeys/{journeyId}', '/complaints/{complaintId}/replies']) {
    const op = Object.values(doc.paths[path]!)[0]!;
    expect([path, op.responses['503']]).toEqual([path, { $ref: '#/components/responses/Error503' }]);
  }
  for (const path of [
    '/journeys/{journeyId}/decisions/pause',
    '/escalations/{incidentId}/acknowledgements',
  ]) {
    expect(operationAt('post', path)!.responses['202']).toMatchObject({
      content: { 'application/json': { schema: { required: expect.arrayContaining(['idempotencyKey']) } } },
    });
  }
  expect(operationAt('get', '/protocols')!.responses['503']).toBeUndefined();
  expect(doc.components.responses.Error503).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
  expect(doc.components.responses.Error405).toMatchObject({ headers: { Allow: expect.anything() } });
});
