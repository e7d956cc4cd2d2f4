import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { temporalCli } from '../helpers/temporal-binaries';
import { clinic, clinics, clinicWhereItIs, startRequest } from '../helpers/fixtures';

// End to end, with the payload codec on every client and worker: a journey with a patient's reply,
// a complaint and an after-hours contact carry marker strings in their free text. None of the
// markers is in what the Temporal server holds, read the ways someone without the codec would:
// each workflow's history through a client without the codec and `temporal workflow show`, the
// Web UI's HTTP API (GET /api/v1/namespaces/default/workflows/<id>/history, no credential), the
// dev server's SQLite file, nor the API's log. Through the codec endpoint an authorised credential
// of the clinic reads them; another clinic's credential does not. A control workflow started
// in plaintext (a client without the codec) proves each of those reads would have seen a marker.

const other = clinicWhereItIs(12, 'other-clinic');
const dbFile = join(mkdtempSync(join(tmpdir(), 'care-temporal-db-')), 'temporal.db');
let uiPort = 0;
const logLines: string[] = [];
let h: ApiHarness;

const run = Math.random().toString(36).slice(2, 8);
const MARKERS = {
  reply: `zqxreply${run}`,
  complaint: `zqxcomplaint${run}`,
  contact: `zqxcontact${run}`,
};
const CONTROL = `zqxcontrol${run}`;
const namespace = () => h.env.namespace ?? 'default';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let raw: Client;
const caseIds: string[] = [];
let controlId = '';

beforeAll(async () => {
  uiPort = await freePort();
  h = new ApiHarness(
    {
      clinics: { clinics: [...clinics.clinics, other] },
      logger: pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) }),
    },
    [],
    { dbFilename: dbFile, ui: true, uiPort },
  );
  await h.setUp();
  raw = new Client({ connection: h.env.connection, namespace: namespace() });

  // A journey and the patient's reply.
  const journey = await h.call('POST', '/journeys', startRequest());
  expect(journey.status).toBe(201);
  const journeyId = journey.body.journeyId as string;
  const path = `/journeys/${encodeURIComponent(journeyId)}`;
  const replied = await h.call('POST', `${path}/replies`, {
    providerMessageId: `SM-${run}`,
    text: `pain 3, a little swollen ${MARKERS.reply}`,
  });
  expect(replied.status).toBe(202);
  await eventually(async () => ((await h.call('GET', path)).body.lastTriage ? true : undefined), 'triage');

  // A complaint.
  const complaint = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-${run}`,
    channel: 'front-desk',
    category: 'side-effect',
    severity: 'medium',
    customer: { ref: 'P-5001', phone: '+819011112222', language: 'en', timeZone: clinic.timeZone },
    description: `Redness after the laser treatment ${MARKERS.complaint}`,
  });
  expect(complaint.status).toBe(201);

  // An urgent after-hours contact from a number with no journey: a contact case and its incident.
  const contact = await h.call('POST', '/after-hours-contacts', {
    contactId: `CC-${run}`,
    channel: 'phone',
    phone: '+819033334444',
    language: 'en',
    text: `pain 9 and it is getting worse ${MARKERS.contact}`,
  });
  expect(contact.status).toBe(201);
  caseIds.push(journeyId, complaint.body.complaintId, contact.body.caseId);
  await eventually(
    async () => ((await h.workflowExists(`${contact.body.caseId}:incident-1`)) ? true : undefined),
    'the incident',
  );

  // The control: what a client without the codec writes is plaintext in the server.
  controlId = `control-${run}`;
  await raw.workflow.start('plaintextControl', {
    taskQueue: `nobody-${run}`,
    workflowId: controlId,
    args: [{ text: CONTROL }],
  });
}, 120_000);
afterAll(() => h?.tearDown());

/** Every workflow of the namespace (cases and their children), with its history as stored. */
async function storedHistories(): Promise<
  { workflowId: string; bytes: Buffer; history: temporal.api.history.v1.IHistory }[]
> {
  const found = [];
  for await (const wf of raw.workflow.list()) {
    const history = await raw.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    found.push({
      workflowId: wf.workflowId,
      history,
      bytes: Buffer.from(temporal.api.history.v1.History.encode(history).finish()),
    });
  }
  return found;
}

/** The marker strings found in a text, its base64 runs decoded too (JSON carries payloads in base64). */
function markersIn(text: string, markers: string[]): string[] {
  const decoded = [...text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].map((m) =>
    Buffer.from(m[0], 'base64').toString('latin1'),
  );
  return markers.filter((m) => text.includes(m) || decoded.some((d) => d.includes(m)));
}

const allMarkers = Object.values(MARKERS);

test('histories read through a client without the codec hold no marker; the plaintext control does', async () => {
  const histories = await storedHistories();
  const ids = histories.map((x) => x.workflowId);
  for (const id of caseIds) expect(ids).toContain(id);
  expect(ids.filter((id) => id.startsWith(`${caseIds[2]}:incident-`)).length).toBeGreaterThan(0);
  for (const { workflowId, bytes } of histories) {
    const text = bytes.toString('latin1');
    expect([workflowId, allMarkers.filter((m) => text.includes(m))]).toEqual([workflowId, []]);
  }
  const control = await raw.workflow.getHandle(controlId).fetchHistory();
  expect(Buffer.from(temporal.api.history.v1.History.encode(control).finish()).toString('latin1')).toContain(
    CONTROL,
  );
});

/** `temporal workflow show` of a workflow, as JSON, with any extra options (e.g. a codec). */
function workflowShow(workflowId: string, ...options: string[]): Promise<string> {
  const args = ['workflow', 'show', '--address', h.env.address, '--namespace', namespace(), '-w', workflowId];
  return new Promise((resolve, reject) =>
    execFile(temporalCli(), [...args, '-o', 'json', ...options], (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

test("`temporal workflow show` without the codec shows no marker; with the codec endpoint and a nurse's credential it does", async () => {
  const [journeyId, complaintId, contactId] = caseIds as [string, string, string];
  const expected: [string, string][] = [
    [journeyId, MARKERS.reply],
    [complaintId, MARKERS.complaint],
    [contactId, MARKERS.contact],
  ];
  for (const [id, marker] of expected) {
    expect([id, markersIn(await workflowShow(id), allMarkers)]).toEqual([id, []]);
    const decoded = await workflowShow(
      id,
      '--codec-endpoint',
      `${h.base}/codec`,
      '--codec-auth',
      h.as('nurse').authorization,
    );
    expect([id, markersIn(decoded, allMarkers)]).toEqual([id, [marker]]);
    const otherClinic = await workflowShow(
      id,
      '--codec-endpoint',
      `${h.base}/codec`,
      '--codec-auth',
      h.as('nurse', other.id).authorization,
    );
    expect([id, markersIn(otherClinic, allMarkers)]).toEqual([id, []]);
  }
  expect(markersIn(await workflowShow(controlId), [CONTROL])).toEqual([CONTROL]);
});

test("every encrypted payload of the clinic's cases is tagged with the clinic", async () => {
  const histories = (await storedHistories()).filter((x) => x.workflowId !== controlId);
  let encrypted = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const p = node as temporal.api.common.v1.IPayload;
      if (p.metadata?.encoding && Buffer.from(p.metadata.encoding).toString() === 'binary/encrypted') {
        encrypted += 1;
        expect(Buffer.from(p.metadata['encryption-clinic-id'] ?? []).toString()).toBe(clinic.id);
      } else Object.values(node).forEach(visit);
    }
  };
  for (const { history } of histories) visit(history);
  expect(encrypted).toBeGreaterThan(20);
});

test("the Web UI's HTTP API, without credentials, serves histories without any marker", async () => {
  const uiHistory = async (id: string) => {
    const res = await fetch(
      `http://127.0.0.1:${uiPort}/api/v1/namespaces/${namespace()}/workflows/${encodeURIComponent(id)}/history`,
    );
    expect(res.status).toBe(200);
    return res.text();
  };
  const ids = (await storedHistories()).map((x) => x.workflowId).filter((id) => id !== controlId);
  for (const id of ids) expect([id, markersIn(await uiHistory(id), allMarkers)]).toEqual([id, []]);
  expect(markersIn(await uiHistory(controlId), [CONTROL])).toEqual([CONTROL]);
});

test("the dev server's SQLite files hold no marker; the plaintext control is there", () => {
  const files = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter(existsSync);
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  expect(bytes.length).toBeGreaterThan(0);
  expect(allMarkers.filter((m) => bytes.includes(m))).toEqual([]);
  expect(bytes.includes(CONTROL)).toBe(true);
});

test("the API's log holds no marker", () => {
  expect(logLines.length).toBeGreaterThan(0);
  expect(allMarkers.filter((m) => logLines.some((l) => l.includes(m)))).toEqual([]);
});

describe('through the codec endpoint', () => {
  /** Every encrypted payload of the cases, as the Web UI would send them to /codec/decode. */
  async function encryptedPayloads() {
    const out: { metadata: Record<string, string>; data: string }[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const p = node as temporal.api.common.v1.IPayload;
        if (p.metadata?.encoding && Buffer.from(p.metadata.encoding).toString() === 'binary/encrypted') {
          out.push({
            metadata: Object.fromEntries(
              Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
            ),
            data: Buffer.from(p.data ?? []).toString('base64'),
          });
        } else Object.values(node).forEach(visit);
      }
    };
    for (const { workflowId, history } of await storedHistories())
      if (workflowId !== controlId) visit(history);
    return out;
  }
  const decodedText = (body: { payloads: { data: string }[] }) =>
    body.payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');

  test('an authorised credential of the clinic reads every marker', async () => {
    const payloads = await encryptedPayloads();
    for (const role of ['nurse', 'operations'] as const) {
      const res = await h.call('POST', '/codec/decode', { payloads }, h.as(role));
      expect(res.status).toBe(200);
      expect(allMarkers.filter((m) => decodedText(res.body).includes(m))).toEqual(allMarkers);
    }
  });

  test("another clinic's credential reads none (everything stays encrypted); a clinic system is refused", async () => {
    const payloads = await encryptedPayloads();
    const res = await h.call('POST', '/codec/decode', { payloads }, h.as('operations', other.id));
    expect(res.status).toBe(200);
    expect(res.body.payloads).toEqual(payloads);
    expect(markersIn(JSON.stringify(res.body), allMarkers)).toEqual([]);
    expect((await h.call('POST', '/codec/decode', { payloads }, h.as('clinic-system'))).status).toBe(403);
  });
});
