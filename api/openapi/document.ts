import type { Role } from '../../domain/access';
import { rolesFor } from '../../domain/access';
import type { ErrorStatus } from './error-responses';
import { ERROR_SCHEMA_NAME, errorResponseName, errorResponses, errorSchema } from './error-responses';
import type { JsonSchema } from './json-schema';
import { jsonSchema } from './json-schema';
import type { OperationSpec } from './operations';
import { OPERATIONS, PATH_PARAMETERS, TAGS } from './operations';

// The OpenAPI 3.1 document of the API, built from the operation list (operations.ts) and the zod
// schemas it names. Roles come from the permission matrix, so the two cannot disagree.

export const BEARER_SCHEME = 'bearer';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  /** The roles that may call it (domain/access.ts PERMISSIONS); absent on public operations. */
  'x-roles'?: Role[];
  /** `[]` on public operations: no credential. Otherwise the document's default (bearer). */
  security?: [];
  parameters?: Parameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, ResponseObject | { $ref: string }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  tags: { name: string; description: string }[];
  security: Record<string, []>[];
  paths: Record<string, Partial<Record<OperationSpec['method'], Operation>>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
  };
}

const DESCRIPTION = `Durable care-journey and complaint orchestration for clinics, on Temporal.

Authentication: every operation except those marked public needs \`Authorization: Bearer <credentialId>.<secret>\`. A credential carries one role and one clinic; each operation lists the roles that may call it (also as \`x-roles\`), and a case of another clinic answers 404 like one that does not exist.

Errors: every failure has the body \`{ error: { code, message, field?, problems?, requestId } }\` (the \`${ERROR_SCHEMA_NAME}\` schema). Every response carries \`x-request-id\` (a caller's own plain token is kept).`;

export function openApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const spec of OPERATIONS) (paths[spec.path] ??= {})[spec.method] = operation(spec);
  return {
    openapi: '3.1.1',
    info: { title: 'Care journeys API', version: '0.1.0', description: DESCRIPTION },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: TAGS.map((t) => ({ ...t })),
    security: [{ [BEARER_SCHEME]: [] }],
    paths,
    components: {
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: '<credentialId>.<secret>',
          description: 'A credential issued to one clinic system or member of staff, with one role.',
        },
      },
      schemas: { [ERROR_SCHEMA_NAME]: errorSchema },
      responses: errorResponses(),
    },
  };
}

function operation(spec: OperationSpec): Operation {
  const roles = spec.action ? [...rolesFor(spec.action)] : undefined;
  const parameters = [
    ...pathParameters(spec.path),
    ...(spec.query ?? []),
    ...(spec.idempotent ? [IDEMPOTENCY_KEY] : []),
  ];
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: `${spec.description}\n\n${roles ? `Roles: ${roles.join(', ')}.` : 'Public: no credential needed.'}`,
    ...(roles ? { 'x-roles': roles } : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } },
        }
      : {}),
    responses: { ...successResponses(spec), ...errorRefs(spec) },
  };
}

const IDEMPOTENCY_KEY: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Your own key for this action (scoped to your credential): a retry with the same key returns the first result instead of acting twice. The same key with a different start request is 422.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' },
};

/** Every `{name}` of the path, described from PATH_PARAMETERS (an undescribed one is a mistake). */
function pathParameters(path: string): Parameter[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const parameter = PATH_PARAMETERS[name!];
    if (!parameter) throw new Error(`${path}: path parameter "${name}" is not described`);
    return { name: name!, in: 'path', required: true, ...parameter };
  });
}

function successResponses(spec: OperationSpec): Record<string, ResponseObject> {
  return Object.fromEntries(
    Object.entries(spec.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.headers ? { headers: r.headers } : {}),
        // Both creating routes answer with the new case's URL, and say when it is a retry's answer.
        ...(status === '201'
          ? {
              headers: {
                Location: { description: 'The created case.', schema: { type: 'string' } },
                'Idempotent-Replayed': {
                  description:
                    '"true" when this is the first answer again, for a retry with its Idempotency-Key.',
                  schema: { type: 'string', const: 'true' },
                },
              },
            }
          : {}),
        content: { [r.contentType ?? 'application/json']: { schema: r.schema } },
      },
    ]),
  );
}

/**
 * The error statuses of an operation, each a reference to the one error response (see api/app.ts
 * for the order of the checks): all but health probes are rate limited (429); with a credential
 * it can be missing (401) or not enough (403), and a malformed Idempotency-Key is refused on any
 * request (400); a body can be malformed (400) or too large (413); a key reused for another
 * request is 422; Temporal or the worker away is 503.
 */
function errorRefs(spec: OperationSpec): Record<string, { $ref: string }> {
  const statuses = new Set<ErrorStatus>([
    ...(spec.probe ? [] : ([429] as const)),
    ...(spec.action ? ([400, 401, 403] as const) : []),
    ...(spec.body ? ([400, 413] as const) : []),
    ...(spec.query ? ([400] as const) : []),
    ...(spec.idempotent ? ([400, 422] as const) : []),
    ...(spec.temporal ? ([503] as const) : []),
    ...(spec.errors ?? []),
  ]);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => [String(status), { $ref: `#/components/responses/${errorResponseName(status)}` }]),
  );
}
