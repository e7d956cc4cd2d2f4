import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { Adapters } from '../../adapters';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { redact, safeError } from '../../adapters/safe-errors';

// Failure messages carry no phone number and no message text: the errors activities and adapters
// write themselves interpolate only ids, and an adapter's own error (a provider quoting the
// number it refused, a parser quoting a body) leaves the activity redacted.

const root = join(__dirname, '..', '..');
const sources = ['activities', 'adapters', 'adapters/dev'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f)),
);

test('errors thrown in activities/ and adapters/ interpolate only ids, never a phone or a text', () => {
  const interpolated: string[] = [];
  for (const file of sources) {
    const code = readFileSync(join(root, file), 'utf8');
    for (const [, template] of code.matchAll(/throw new \w+\(\s*`([^`]*)`/g))
      for (const [, expression] of template!.matchAll(/\$\{([^}]*)\}/g))
        interpolated.push(`${file}: ${expression}`);
    for (const [, args] of code.matchAll(/(?:ApplicationFailure\.\w+|new \w*(?:Error|Failure))\(([^;]*?)\)/g))
      expect([file, args]).not.toEqual([
        file,
        expect.stringMatching(/\b(phone|to|body|text|script|note|summary)\b/),
      ]);
  }
  expect(interpolated.length).toBeGreaterThan(0);
  for (const entry of interpolated) expect(entry).toMatch(/: \w*(Id|Ref|clinicId)$/);
});

const PHONE = '+819012345678';
const BODY = 'pain 9 and bleeding through the dressing';

test('redact: the texts given and anything that looks like a phone number', () => {
  expect(redact(`The 'To' number ${PHONE} is not valid: "${BODY}"`, [BODY])).toBe(
    `The 'To' number [redacted] is not valid: "[redacted]"`,
  );
  expect(redact('call 090-1234-5678 or +81 90 1234 5678 or 09012345678', [])).toBe(
    'call 090-1234-5678 or [redacted] or [redacted]',
  );
  expect(redact('timed out after 45000 ms at 2026-12-06T10:00:00Z (case journey:c1:S-1)', [])).toBe(
    'timed out after 45000 ms at 2026-12-06T10:00:00Z (case journey:c1:S-1)',
  );
});

test('safeError keeps the class, type, retryability and reason; an error with nothing to redact is the same error', () => {
  const args = [{ caseId: 'journey:c1:S-1', to: PHONE, body: BODY, idempotencyKey: 'journey:c1:S-1:x' }];
  const permanent = safeError(new PermanentDeliveryError(`${PHONE} opted out`, 'opted-out'), args);
  expect(permanent).toBeInstanceOf(PermanentDeliveryError);
  expect(permanent).toMatchObject({ message: '[redacted] opted out', reason: 'opted-out' });

  const failure = safeError(
    ApplicationFailure.create({
      message: `rejected: ${BODY}`,
      type: 'Rejected',
      nonRetryable: true,
      details: ['x'],
    }),
    args,
  ) as ApplicationFailure;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({
    message: 'rejected: [redacted]',
    type: 'Rejected',
    nonRetryable: true,
    details: ['x'],
  });

  const plain = Object.assign(new Error(`bad body ${BODY}`), { name: 'ProviderError' });
  const safe = safeError(plain, args) as Error;
  expect(safe).toMatchObject({ name: 'ProviderError', message: 'bad body [redacted]' });
  expect(safe.stack).not.toContain(BODY);

  const outage = new Error('provider timed out for journey:c1:S-1');
  expect(safeError(outage, args)).toBe(outage);
});

describe("an adapter's error leaves the activity redacted", () => {
  const failing = (err: Error) =>
    ({
      ehr: { recordCommunication: async () => Promise.reject(err) },
      hospitalTransfer: { sendReferral: async () => Promise.reject(err) },
    }) as unknown as Adapters;
  const env = new MockActivityEnvironment();
  const note = {
    caseId: 'journey:c1:S-1',
    patientRef: 'P-1',
    channel: 'note' as const,
    summary: BODY,
    idempotencyKey: 'k1',
  };

  test("a provider quoting the number and the text: the activity's failure has neither, and is retried as before", async () => {
    const err = Object.assign(new Error(`patient ${PHONE}: cannot store "${BODY}"`), { name: 'EhrError' });
    const { recordEhrCommunication } = createActivities(failing(err));
    const thrown = (await env.run(recordEhrCommunication, note).catch((e: Error) => e)) as Error;
    expect(thrown).toMatchObject({
      name: 'EhrError',
      message: 'patient [redacted]: cannot store "[redacted]"',
    });
    expect(thrown.stack).not.toContain(BODY);
    expect(thrown.stack).not.toContain(PHONE);
    expect(thrown).not.toBeInstanceOf(ApplicationFailure);
  });

  test('a permanent failure stays non-retryable with its reason', async () => {
    const { sendReferral } = createActivities(
      failing(new PermanentDeliveryError(`refused: ${BODY}`, 'rejected')),
    );
    const referral = {
      caseId: 'journey:c1:S-1',
      hospitalId: 'minato-general',
      reason: BODY,
      packet: { patientRef: 'P-1' } as never,
      idempotencyKey: 'k2',
    };
    const failure = (await env.run(sendReferral, referral).catch((e: Error) => e)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      message: 'refused: [redacted]',
      type: 'PermanentDeliveryError',
      nonRetryable: true,
      details: ['rejected'],
    });
  });
});
