import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { clinic } from '../helpers/fixtures';
import { TEST_ENCRYPTION } from '../helpers/environments';

// Today's recordings were made with the payload codec on (the test key ring): every payload is
// ciphertext tagged with the clinic, but the search attributes (ids and categories, indexed by the
// server) and the SDK's own patch markers. The recordings in subfolders made before encryption
// stay plaintext: the codec passes plaintext through, which is how journeys that were running
// before encryption carry on (care-journey.replay.test.ts replays both). Subfolders recorded
// since encryption (listed below) are encrypted like today's.

type Payload = temporal.api.common.v1.IPayload;
const dir = join(__dirname, 'histories');
const all = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
/** Subfolders of histories recorded with the codec on (named after the change that followed them). */
const RECORDED_ENCRYPTED = [
  'before-complaint-work-in-lanes/',
  'before-contact-callbacks-kept/',
  'before-no-timer-for-a-time-already-here/',
  'before-one-medication-workflow/',
  'before-one-report-per-dose/',
  'before-roster-read-locally/',
];
/**
 * Subfolders of real histories from the development server that lived through the switch to
 * encryption (plaintext first, ciphertext later; re-encrypted under the test key ring): replayed,
 * not classified.
 */
const LIVED_THROUGH_THE_SWITCH = ['before-children-started-together/'];
const encryptedEra = (f: string) => !f.includes('/') || RECORDED_ENCRYPTED.some((d) => f.startsWith(d));
const mixed = (f: string) => LIVED_THROUGH_THE_SWITCH.some((d) => f.startsWith(d));
const today = all.filter(encryptedEra);
const before = all.filter((f) => !encryptedEra(f) && !mixed(f));

/** Every payload of a recorded history file, with the path it was found at. */
function payloadsOf(file: string): { path: string; payload: Payload }[] {
  const found: { path: string; payload: Payload }[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      const metadata = object.metadata as Record<string, string> | undefined;
      if (metadata?.encoding) {
        found.push({
          path,
          payload: temporal.api.common.v1.Payload.fromObject(object as Record<string, unknown>),
        });
        return;
      }
      for (const [key, value] of Object.entries(object)) walk(value, `${path}.${key}`);
    }
  };
  walk(JSON.parse(readFileSync(join(dir, file), 'utf8')), '');
  return found;
}

const encoding = (p: Payload) => new TextDecoder().decode(p.metadata!.encoding!);
/**
 * Readable by the server: search attributes, patch markers, and a local activity marker's own
 * bookkeeping (`data`: seq, attempt, activity type, times); its `result` is encrypted (below).
 */
const SERVER_READABLE =
  /\.(searchAttributes\.indexedFields\.\w+|markerRecordedEventAttributes\.details\.(patch-data|data)\.payloads\[0\])$/;

test('there are recordings of today and of before encryption', () => {
  expect(today.length).toBeGreaterThanOrEqual(9);
  expect(before.length).toBeGreaterThan(0);
});

test.each(today)(
  '%s: every payload is encrypted for the clinic, but search attributes and patch markers',
  (file) => {
    const payloads = payloadsOf(file);
    const plain = payloads.filter(({ payload }) => encoding(payload) !== 'binary/encrypted');
    expect(plain.filter(({ path }) => !SERVER_READABLE.test(path))).toEqual([]);
    const encrypted = payloads.filter(({ payload }) => encoding(payload) === 'binary/encrypted');
    expect(encrypted.length).toBeGreaterThan(0);
    for (const { payload } of encrypted)
      expect(new TextDecoder().decode(payload.metadata!['encryption-clinic-id']!)).toBe(clinic.id);
  },
);

test("a local activity's result is encrypted; its readable bookkeeping holds no more than attempt, type and times", () => {
  const file = 'journey-emergency-escalation-transfer.escalation-incident-1.json';
  type Marker = { markerName: string; details: Record<string, { payloads: Record<string, never>[] }> };
  const events = JSON.parse(readFileSync(join(dir, file), 'utf8')).events as {
    markerRecordedEventAttributes?: Marker;
  }[];
  const markers = events
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m): m is Marker => m?.markerName === 'core_local_activity');
  expect(markers.length).toBeGreaterThan(0); // the roster read (who is on call, with phone numbers)
  for (const { details } of markers) {
    const { result, data } = details;
    expect(encoding(temporal.api.common.v1.Payload.fromObject(result!.payloads[0]!))).toBe(
      'binary/encrypted',
    );
    const bookkeeping = JSON.parse(
      new TextDecoder().decode(temporal.api.common.v1.Payload.fromObject(data!.payloads[0]!).data!),
    ) as Record<string, unknown>;
    expect(Object.keys(bookkeeping).sort()).toEqual([
      'activity_id',
      'activity_type',
      'attempt',
      'backoff',
      'complete_time',
      'original_schedule_time',
      'seq',
    ]);
  }
});

test('a recording decrypts with the test key ring to the values the workflow saw', async () => {
  const { payload } = payloadsOf('complaint-product-allergy.json').find(
    ({ path }) => path === '.events[0].workflowExecutionStartedEventAttributes.input.payloads[0]',
  )!;
  const [decoded] = await TEST_ENCRYPTION.codec.decode([payload as never]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toMatchObject({
    caseId: `complaint:${clinic.id}:C-replay-1`,
    request: { description: expect.stringContaining('Allergic reaction') },
  });
});

test('recordings made before encryption stay plaintext (the migration path of running journeys)', () => {
  for (const file of before)
    expect(payloadsOf(file).filter(({ payload }) => encoding(payload) === 'binary/encrypted')).toEqual([]);
});

test('failures\' messages and stack traces are encrypted too: the server reads only "Encoded failure"', () => {
  const text = readFileSync(join(dir, 'journey-sms-undeliverable.json'), 'utf8');
  const messages = [...text.matchAll(/"message": "([^"]*)"/g)].map((m) => m[1]);
  expect(messages.length).toBeGreaterThan(0);
  expect(new Set(messages)).toEqual(new Set(['Encoded failure']));
  expect(text).not.toContain('"stackTrace"');
  expect(
    payloadsOf('journey-sms-undeliverable.json').some(({ path }) => path.endsWith('.encodedAttributes')),
  ).toBe(true);
});
