import type { OpenApiDocument } from '../../api/openapi/document';
import { ApiHarness } from '../helpers/api-harness';

// The API's own description over real HTTP: public, and in agreement with the authentication
// the app applies (each documented operation with a credential really refuses a call without).

const h = new ApiHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const noCredential = { authorization: '' };

test('GET /openapi.json is the OpenAPI 3.1 document, without a credential', async () => {
  const res = await h.call('GET', '/openapi.json', undefined, noCredential);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const doc = res.body as OpenApiDocument;
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.paths['/journeys']?.post?.operationId).toBe('start-journey');
  expect(doc.paths['/journeys/{journeyId}/decisions/record-call-outcome']?.post).toBeDefined();
});

test('GET /docs is a self-contained HTML page, without a credential', async () => {
  const res = await fetch(`${h.base}/docs`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const page = await res.text();
  expect(page).toContain('POST /journeys');
  expect(page).toContain('POST /complaints/{complaintId}/decisions/approve-plan');
  expect(page).toContain('Roles: management.');
});

test('documented public operations answer without a credential; the others are refused with 401', async () => {
  const doc = (await h.call('GET', '/openapi.json', undefined, noCredential)).body as OpenApiDocument;
  const answered: string[] = [];
  const documented: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      // Any value will do for path parameters: authentication comes before the route's checks.
      const res = await fetch(h.base + path.replace(/\{\w+\}/g, 'x'), { method: method.toUpperCase() });
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      answered.push(`${method} ${path} ${res.status}`);
      documented.push(`${method} ${path} ${isPublic ? 200 : 401}`);
    }
  }
  expect(answered).toEqual(documented);
});

test('a documented path called with a method it lacks is a 405 with Allow, in the error body', async () => {
  const journey = `/journeys/${encodeURIComponent('journey:aoyama-aesthetic:S-1')}`;
  const cases: [string, string, string][] = [
    ['DELETE', journey, 'GET, HEAD'],
    ['PUT', '/journeys', 'POST'],
    ['GET', `${journey}/decisions/pause`, 'POST'],
    ['PATCH', '/complaints', 'POST, GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['GET', '/webhooks/twilio/aoyama-aesthetic/sms', 'POST'],
  ];
  for (const [method, path, allow] of cases) {
    // With or without a credential: a wrong method is wrong for everyone.
    for (const headers of [{}, noCredential]) {
      const res = await h.call(method, path, undefined, headers);
      expect([method, path, res.status]).toEqual([method, path, 405]);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.body.error).toMatchObject({
        code: 'method-not-allowed',
        message: expect.stringContaining(`${method} is not allowed`),
        requestId: expect.any(String),
      });
    }
  }
  // An unknown path is still a 404, and a documented method still reaches its route.
  expect((await h.call('DELETE', '/nowhere')).status).toBe(404);
  expect((await h.call('GET', journey)).status).toBe(404);
});
