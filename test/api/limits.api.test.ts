import { once } from 'node:events';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GracefulShutdown } from '../../api/graceful-shutdown';
import type { Role } from '../../domain/access';
import { ApiHarness } from '../helpers/api-harness';

// The API's protections: rate limits per credential (and per address without one), security
// headers on every response, readiness while stopping, and the graceful stop itself.

const shutdown = new GracefulShutdown();
const h = new ApiHarness(
  {
    rateLimit: { perMinute: 60, burst: 3 },
    failureLimit: { perCredential: 3, perAddress: 8, windowMinutes: 15 },
    shutdown,
  },
  [{ role: 'nurse', staffId: 'nurse-guessed' }],
);
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noCredential = { authorization: '' };

describe('rate limits', () => {
  test('a credential over its limit gets 429 with Retry-After and the error body; others are not affected', async () => {
    const operations = h.as('operations');
    for (let i = 0; i < 3; i++)
      expect((await h.call('GET', '/protocols', undefined, operations)).status).toBe(200);
    const limited = await h.call('GET', '/protocols', undefined, operations);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1'); // one request a second at 60 a minute
    expect(limited.body.error).toEqual({
      code: 'rate-limited',
      message:
        'rate limit of 60 requests per minute (bursts of 3) exceeded for this credential; retry after 1 s',
      requestId: limited.headers.get('x-request-id'),
    });
    // Another credential has its own bucket.
    expect((await h.call('GET', '/protocols', undefined, h.as('nurse'))).status).toBe(200);
    // The bucket refills at the steady rate.
    await sleep(1100);
    expect((await h.call('GET', '/protocols', undefined, operations)).status).toBe(200);
    expect((await h.call('GET', '/protocols', undefined, operations)).status).toBe(429);
  });

  test('requests without a credential are limited per address; health probes never are', async () => {
    for (let i = 0; i < 3; i++)
      expect((await h.call('GET', '/protocols', undefined, noCredential)).status).toBe(401);
    const limited = await h.call('GET', '/protocols', undefined, noCredential);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate-limited');
    expect(limited.body.error.message).toContain('for this address');
    for (let i = 0; i < 10; i++)
      expect((await h.call('GET', '/healthz', undefined, noCredential)).status).toBe(200);
    // A verified credential is counted by credential, not by the exhausted address.
    expect((await h.call('GET', '/protocols', undefined, h.as('doctor'))).status).toBe(200);
  });
});

describe('security headers', () => {
  // Set by helmet (api/security-headers.ts). Its CSP separates directives by ";" alone; the
  // policy also keeps forms (the codec sign-in) posting back to the API and forbids <base>.
  const expected = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'content-security-policy':
      "default-src 'none';style-src 'self' 'unsafe-inline';form-action 'self';base-uri 'none';frame-ancestors 'none'",
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };

  test.each<[string, string, string, Role | 'bad' | undefined, number]>([
    ['a JSON answer', 'GET', '/protocols', 'front-desk', 200],
    ['a 404', 'GET', '/nowhere', 'management', 404],
    ['a 401', 'POST', '/journeys', 'bad', 401],
    ['a 429', 'GET', '/protocols', undefined, 429],
    ['a health probe', 'GET', '/healthz', undefined, 200],
  ])('are on %s', async (_what, method, path, role, status) => {
    const headers = role === 'bad' ? { authorization: 'Bearer nope' } : role ? h.as(role) : noCredential;
    let res = await h.call(method, path, method === 'POST' ? {} : undefined, headers);
    // Without a credential: 401 until the address is over its limit.
    for (let i = 0; status === 429 && res.status === 401 && i < 3; i++)
      res = await h.call(method, path, undefined, headers);
    expect(res.status).toBe(status);
    for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  // The HTML pages, asked with a credential so that the address limit exhausted above does not apply.
  test.each(['/docs', '/codec/sign-in'])('are on the page %s, whose policy it obeys', async (path) => {
    const res = await fetch(`${h.base}${path}`, { headers: h.as('nurse') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name)).toBe(value);
    // Nothing the policy would block: no script, nothing loaded.
    expect(await res.text()).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\ssrc=/i);
  });
});

describe('readiness while stopping', () => {
  afterEach(() => {
    shutdown.stopping = false;
  });

  test('/readyz is 503 "shutting-down" once stopping, so a load balancer drains; /healthz stays 200', async () => {
    expect((await h.call('GET', '/readyz', undefined, noCredential)).status).toBe(200);
    shutdown.stopping = true;
    const res = await h.call('GET', '/readyz', undefined, noCredential);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'shutting-down', reason: 'this API process is stopping' });
    expect((await h.call('GET', '/healthz', undefined, noCredential)).status).toBe(200);
  });
});

describe('graceful shutdown of an HTTP server', () => {
  interface Answer {
    status: number;
    headers: IncomingHttpHeaders;
    body: string;
  }

  /** A plain server: /slow answers after 500 ms, /hang never, anything else at once. */
  async function serve(stopper: GracefulShutdown): Promise<{ server: Server; port: number }> {
    const server = createServer((req, res) => {
      if (req.url === '/hang') return;
      setTimeout(() => res.end(`done ${req.url}`), req.url === '/slow' ? 500 : 0);
    });
    stopper.watch(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { server, port: (server.address() as AddressInfo).port };
  }

  function get(port: number, path: string, agent: Agent): Promise<Answer> {
    return new Promise((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    });
  }

  test('an in-flight request completes, new connections are refused, idle keep-alives do not hold it open', async () => {
    const stopper = new GracefulShutdown(5_000);
    const { server, port } = await serve(stopper);
    const agent = new Agent({ keepAlive: true });
    // Two keep-alive connections, both idle afterwards.
    await Promise.all([get(port, '/a', agent), get(port, '/b', agent)]);
    const slow = get(port, '/slow', agent);
    await sleep(100);

    const started = Date.now();
    const stopped = stopper.stop(server);
    expect(stopper.stopping).toBe(true);
    await expect(get(port, '/late', new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const answer = await slow;
    expect(answer).toMatchObject({ status: 200, body: 'done /slow' });
    // Its keep-alive connection ends with it.
    expect(answer.headers.connection).toBe('close');
    expect(await stopped).toBe(false); // nobody was cut off
    // Well before Node's 5 s keep-alive timeout would have let server.close() finish.
    expect(Date.now() - started).toBeLessThan(2_000);
    agent.destroy();
  });

  test('a request still running at the deadline is cut off and the stop says so', async () => {
    const stopper = new GracefulShutdown(300);
    const { server, port } = await serve(stopper);
    const hanging = get(port, '/hang', new Agent());
    const outcome = hanging.then(
      () => 'answered',
      (err: NodeJS.ErrnoException) => err.code,
    );
    await sleep(100);
    const started = Date.now();
    expect(await stopper.stop(server)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await outcome).toBe('ECONNRESET');
  });
});

describe('failed authentication', () => {
  // The limits above count only verified credentials; wrong secrets are counted here, before
  // any scrypt is paid: 3 per credential id, 8 per address in this file.
  const wrong = (credentialId: string) => ({
    authorization: `Bearer ${credentialId}.${'x'.repeat(32)}`,
  });
  const credentialIdOf = (auth: { authorization: string }) =>
    auth.authorization.split(' ')[1]!.split('.')[0]!;

  test('wrong secrets for one credential id: 401 three times, then 429 with Retry-After, even with the right secret', async () => {
    const nurse = h.asStaff('nurse-guessed'); // never used before this test
    const id = credentialIdOf(nurse);
    for (let i = 0; i < 3; i++)
      expect((await h.call('GET', '/protocols', undefined, wrong(id))).status).toBe(401);
    const refused = await h.call('GET', '/protocols', undefined, wrong(id));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(60); // 3 per 15 min: one every 5 min
    expect(refused.body.error.message).toMatch(/too many failed attempts/);
    // Guessing stops here, and so does the real secret until the window refills: the price of
    // counting per credential id (a token verified before is not affected, see below).
    expect((await h.call('GET', '/protocols', undefined, nurse)).status).toBe(429);
  });

  test('a token verified before the guessing started is still served', async () => {
    const system = h.as('clinic-system');
    expect((await h.call('GET', '/protocols', undefined, system)).status).toBe(200);
    const id = credentialIdOf(system);
    for (let i = 0; i < 3; i++) await h.call('GET', '/protocols', undefined, wrong(id));
    expect((await h.call('GET', '/protocols', undefined, wrong(id))).status).toBe(429);
    expect((await h.call('GET', '/protocols', undefined, system)).status).toBe(200);
  });

  test('unknown credential ids from one address: 429 once the address has failed 8 times', async () => {
    // 6 failures so far from this address; two more unknown ids are still answered 401.
    expect((await h.call('GET', '/protocols', undefined, wrong('no-such-1'))).status).toBe(401);
    expect((await h.call('GET', '/protocols', undefined, wrong('no-such-2'))).status).toBe(401);
    const refused = await h.call('GET', '/protocols', undefined, wrong('no-such-3'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
  });
});
