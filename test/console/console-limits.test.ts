import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../../api/app';
import type { PayloadEncryption } from '../../temporal/payload-encryption';
import { ConsoleSession, staffAccount } from '../helpers/console-session';
import { clinic, clinics } from '../helpers/fixtures';

// The console's rate limit counts per signed-in member of staff, not per address: the devices of
// a clinic share one address, and one polling worklist must not starve the others. Before
// sign-in it counts per address. Only pages and sign-in are called here: no Temporal is needed.

const a = staffAccount(clinic.id, 'nurse-a', 'nurse');
const b = staffAccount(clinic.id, 'nurse-b', 'nurse');
let server: Server;
let base = '';
beforeAll(async () => {
  const app = createApp({
    // Pages and sign-in make no Temporal call; the app only opens each request's deadline.
    client: { withDeadline: (_deadline: number, fn: () => Promise<void>) => fn() } as unknown as Client,
    taskQueue: 'q',
    clinics,
    credentials: [],
    logger: pino({ level: 'silent' }),
    codec: { encryption: {} as PayloadEncryption, allowedOrigins: [] },
    staffAccounts: [a.account, b.account],
    rateLimit: { perMinute: 1, burst: 6 },
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const signIn = (x: typeof a) => ConsoleSession.signIn(base, clinic.id, x.account.staffId, x.password);

test("one person's requests beyond the limit are refused (429); a colleague at the same address goes on", async () => {
  const first = await signIn(a); // 2 requests of the address, 1 (the landing page) of nurse-a
  const second = await signIn(b); // 4 of the address, 1 of nurse-b
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await first.get('/console/tasks')).status);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  const refused = await first.json('GET', '/console/api/tasks');
  expect(refused.status).toBe(429);
  expect(refused.body.error).toMatchObject({ code: 'rate-limited' });
  expect((await second.get('/console/tasks')).status).toBe(200);
});

test('before sign-in the address is counted', async () => {
  // The address has spent 4 of its 6 sign-in requests above (refilling at 1 a minute).
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/console/sign-in`)).status);
  expect(statuses).toEqual([200, 200, 429]);
  // Posting the form is refused before any password is checked.
  const post = await fetch(`${base}/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ clinicId: clinic.id, staffId: 'nurse-a', password: a.password }).toString(),
  });
  expect(post.status).toBe(429);
});
