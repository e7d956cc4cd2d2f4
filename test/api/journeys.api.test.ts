import { Outbox } from '../../adapters/dev/outbox';
import { ImportPacing } from '../../api/import-pacing';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic, startRequest } from '../helpers/fixtures';

// The API against a real Temporal dev server, a real worker with the dev adapters, and real HTTP.

// Bulk imports paced at 2 starts a second, waiting at most 1 s (the system's default: 20, 10 s).
const h = new ApiHarness({ importPacing: new ImportPacing(2, 1000) });
const api = (...args: Parameters<ApiHarness['call']>) => h.call(...args);
const workflowExists = (id: string) => h.workflowExists(id);
const outboxFile = () => h.outbox.file;
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

describe('POST /journeys and GET /journeys/:id', () => {
  test('starts a journey whose after-care SMS reaches the outbox and whose state can be read', async () => {
    const request = startRequest({
      patient: { ref: 'P-77', phone: '+886912345678', language: 'zh-Hant', timeZone: 'Asia/Taipei' },
    });
    const created = await api('POST', '/journeys', request);
    expect(created.status).toBe(201);
    const id = `journey:${clinic.id}:${request.surgeryId}`;
    expect(created.body).toEqual({
      journeyId: id,
      protocolId: 'rhinoplasty@2',
      // Registered at the surgery: every check-in is ahead (none skipped-late).
      checkIns: ['first-night', 'nurse-call-day-2', 'day-7', 'day-14', 'day-21', 'day-30'].map((c) => ({
        id: c,
        dueAt: expect.any(String),
        status: 'scheduled',
      })),
    });
    expect(created.headers.get('location')).toBe(`/journeys/${encodeURIComponent(id)}`);

    const sms = await eventually(async () => {
      const { body } = await api('GET', `/outbox?caseId=${encodeURIComponent(id)}&kind=sms`);
      return body.entries[0];
    }, 'the after-care SMS');
    expect(sms.to).toBe('+886912345678');
    expect(sms.body).toContain('鼻整形手術');
    expect(sms.body).toContain(clinic.emergencyLine);

    const state = await eventually(async () => {
      const { status, body } = await api('GET', `/journeys/${encodeURIComponent(id)}`);
      expect(status).toBe(200);
      return body.stage === 'monitoring' ? body : undefined;
    }, 'stage monitoring');
    expect(state).toMatchObject({ journeyId: id, clinicId: clinic.id, procedureCode: 'rhinoplasty' });
    expect(state.timeline.slice(0, 2)).toEqual([
      expect.objectContaining({ event: 'journey-started' }),
      expect.objectContaining({
        event: 'sms-sent',
        detail: 'Send after-care instructions and the 24-hour line',
      }),
    ]);

    // Operations can find it in the Web UI by its search attributes (visibility is eventually consistent).
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of h.env.client.workflow.list({
        query: `ClinicId = '${clinic.id}' AND CaseKind = 'journey' AND ProcedureCode = 'rhinoplasty' AND JourneyStage = 'monitoring'`,
      })) {
        ids.push(wf.workflowId);
      }
      return ids.includes(id) ? ids : undefined;
    }, 'the journey in a visibility query');
    expect(found).toContain(id);
  });

  test('a second start for the same surgery is a 409 conflict and sends nothing more', async () => {
    const request = startRequest();
    const id = `journey:${clinic.id}:${request.surgeryId}`;
    expect((await api('POST', '/journeys', request)).status).toBe(201);
    await eventually(async () => new Outbox(outboxFile()).list({ caseId: id, kind: 'sms' })[0], 'first SMS');

    const again = await api('POST', '/journeys', {
      ...request,
      patient: { ...request.patient, language: 'en' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(again.body.error.message).toContain(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(new Outbox(outboxFile()).list({ caseId: id, kind: 'sms' })).toHaveLength(1);
  });

  test.each([
    [
      'patient.phone',
      { patient: { ref: 'P-1', phone: '090-1234-5678', language: 'ja', timeZone: 'Asia/Tokyo' } },
    ],
    [
      'patient.timeZone',
      { patient: { ref: 'P-1', phone: '+819012345678', language: 'ja', timeZone: 'Mars/Olympus' } },
    ],
    [
      'patient.language',
      { patient: { ref: 'P-1', phone: '+819012345678', language: 'fr', timeZone: 'Asia/Tokyo' } },
    ],
    [
      'surgery.procedureCode',
      {
        surgery: { procedureCode: 'facelift-x', performedAt: '2026-11-20T10:00:00+09:00', surgeonId: 'dr-a' },
      },
    ],
    [
      'surgery.performedAt',
      { surgery: { procedureCode: 'rhinoplasty', performedAt: 'yesterday', surgeonId: 'dr-a' } },
    ],
    ['surgeryId', { surgeryId: 'S 1/2' }],
  ])('a bad %s is a 400 naming the field, and no journey starts', async (field, overrides) => {
    const request = { ...startRequest(), ...overrides };
    const res = await api('POST', '/journeys', request);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-request', field: `body.${field}` });
    expect(res.body.error.message).toContain(`body.${field}`);
    expect(res.body.error.requestId).toBeTruthy();
    expect(await workflowExists(`journey:${clinic.id}:${request.surgeryId}`)).toBe(false);
  });

  test('a clinic the credential does not act for is a 403 naming clinicId, and no journey starts', async () => {
    const request = startRequest({ clinicId: 'no-such-clinic' });
    const res = await api('POST', '/journeys', request);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'forbidden',
      field: 'body.clinicId',
      message: `body.clinicId: this credential acts for clinic "${clinic.id}" only`,
    });
    expect(await workflowExists(`journey:no-such-clinic:${request.surgeryId}`)).toBe(false);
  });

  test('a journey of a bulk import starts at the lowest task priority and still sends its after-care', async () => {
    const priorityOf = async (id: string) =>
      (await h.env.client.workflow.getHandle(id).describe()).raw.workflowExecutionInfo?.priority
        ?.priorityKey ?? 0;
    const imported = startRequest({ bulkImport: true });
    const live = startRequest();
    expect((await api('POST', '/journeys', imported)).status).toBe(201);
    expect((await api('POST', '/journeys', live)).status).toBe(201);
    const importedId = `journey:${clinic.id}:${imported.surgeryId}`;
    expect(await priorityOf(importedId)).toBe(5);
    // 0: none given, the server's default (3).
    expect(await priorityOf(`journey:${clinic.id}:${live.surgeryId}`)).toBe(0);
    await eventually(async () => {
      const { body } = await api('GET', `/outbox?caseId=${encodeURIComponent(importedId)}&kind=sms`);
      return body.entries[0];
    }, "the imported journey's after-care SMS");

    const wrong = await api('POST', '/journeys', startRequest({ bulkImport: 'yes' as unknown as boolean }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('bulkImport');
  });

  test('bulk imports are paced: over the rate they wait their turn, past the longest wait 429 with Retry-After and nothing started; live journeys never wait', async () => {
    await new Promise((r) => setTimeout(r, 600)); // any earlier import's turn has passed
    const t0 = Date.now();
    const timed = async (body: ReturnType<typeof startRequest>) => {
      const res = await api('POST', '/journeys', body);
      return { body, res, at: Date.now() - t0 };
    };
    const imports = Array.from({ length: 5 }, () => startRequest({ bulkImport: true }));
    const [answers, live] = await Promise.all([Promise.all(imports.map(timed)), timed(startRequest())]);
    const started = answers.filter((a) => a.res.status === 201);
    const refused = answers.filter((a) => a.res.status !== 201);
    // At 2 a second with 1 s of waiting: now, in 0.5 s and in 1 s; the other two are refused.
    expect(started).toHaveLength(3);
    expect(Math.max(...started.map((a) => a.at))).toBeGreaterThanOrEqual(950);
    for (const { res, body } of refused) {
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(res.body.error.code).toBe('import-paced');
      expect(res.body.error.message).toContain('at most 2 journeys a second');
      expect(await workflowExists(`journey:${clinic.id}:${body.surgeryId}`)).toBe(false);
    }
    for (const { body } of started)
      expect(await workflowExists(`journey:${clinic.id}:${body.surgeryId}`)).toBe(true);
    // The live journey did not queue behind the import.
    expect(live.res.status).toBe(201);
    expect(live.at).toBeLessThan(Math.max(...started.map((a) => a.at)));
    // Refused means not started: the same request later is taken.
    await new Promise((r) => setTimeout(r, 1600));
    expect((await api('POST', '/journeys', refused[0]!.body)).status).toBe(201);
  });

  test('an unknown extra field is rejected rather than silently ignored', async () => {
    const res = await api('POST', '/journeys', { ...startRequest(), patientName: 'Hanako Yamada' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('patientName');
  });

  test('malformed JSON is a 400 on the body', async () => {
    const res = await api('POST', '/journeys', '{"clinicId": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-json', field: 'body' });
  });

  test('an oversized body is a 413', async () => {
    const res = await api('POST', '/journeys', { ...startRequest(), padding: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload-too-large');
  });

  test('an unknown journey is a 404 and a malformed id a 400', async () => {
    const missing = await api('GET', `/journeys/${encodeURIComponent(`journey:${clinic.id}:never-started`)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not-found');
    const malformed = await api('GET', '/journeys/not-a-journey');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('journeyId');
  });
});

describe('outbox, health and request ids', () => {
  test('the outbox rejects an unknown kind naming the parameter', async () => {
    const res = await api('GET', '/outbox?kind=fax');
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('query.kind');
  });

  test('health and readiness answer; readiness checks Temporal', async () => {
    expect((await api('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await api('GET', '/readyz')).body).toEqual({ status: 'ready' });
  });

  test('a caller request id is echoed back, otherwise one is generated', async () => {
    const given = await api('GET', '/healthz', undefined, { 'x-request-id': 'clinic-req-42' });
    expect(given.headers.get('x-request-id')).toBe('clinic-req-42');
    const generated = await api('GET', '/nowhere');
    expect(generated.status).toBe(404);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.error.requestId).toBe(generated.headers.get('x-request-id'));
  });
});
