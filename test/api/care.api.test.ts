import { incidentRef } from '../../domain/case-ids';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic, startRequest } from '../helpers/fixtures';

// Protocol catalogue, patient replies and staff decisions over HTTP against a real Temporal
// dev server: every endpoint and its error cases.

const h = new ApiHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const path = (id: string, rest = '') => `/journeys/${encodeURIComponent(id)}${rest}`;
const state = async (id: string) => (await h.call('GET', path(id))).body;

async function startJourney(overrides = {}) {
  const request = startRequest(overrides);
  const res = await h.call('POST', '/journeys', request);
  expect(res.status).toBe(201);
  const id = res.body.journeyId as string;
  await eventually(async () => ((await state(id)).stage === 'monitoring' ? true : undefined), 'monitoring');
  return id;
}

describe('protocols', () => {
  test('list, show, 404 for an unknown one', async () => {
    const list = await h.call('GET', '/protocols');
    expect(list.status).toBe(200);
    expect(list.body.protocols.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining([
        'rhinoplasty@1',
        'rhinoplasty@2',
        'blepharoplasty@1',
        'liposuction@1',
        'laser-resurfacing@1',
        'filler-injection@1',
      ]),
    );
    const one = await h.call('GET', '/protocols/rhinoplasty@2');
    expect(one.body).toMatchObject({ id: 'rhinoplasty@2', procedureCode: 'rhinoplasty', version: 2 });
    expect(one.body.checkIns.length).toBeGreaterThan(3);
    const missing = await h.call('GET', '/protocols/facelift@9');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not-found');
  });

  test('schedule preview for a surgery time, time zone and quiet hours', async () => {
    const res = await h.call('POST', '/protocols/rhinoplasty@2/schedule-preview', {
      surgeryAt: '2026-11-20T15:00:00+09:00',
      timeZone: 'Asia/Tokyo',
      quietHours: { start: '21:00', end: '08:00' },
    });
    expect(res.status).toBe(200);
    const first = res.body.schedule[0];
    // 18 h after 15:00 is 09:00 the next day: not in quiet hours.
    expect(first).toMatchObject({
      kind: 'check-in',
      id: 'first-night',
      channel: 'sms',
      dueAt: '2026-11-21T00:00:00.000Z',
    });
    expect(res.body.schedule.at(-1)).toMatchObject({ kind: 'follow-up-end' });
  });

  test.each([
    [
      'body.surgeryAt',
      { surgeryAt: 'tomorrow', timeZone: 'Asia/Tokyo', quietHours: { start: '21:00', end: '08:00' } },
    ],
    [
      'body.timeZone',
      {
        surgeryAt: '2026-11-20T15:00:00+09:00',
        timeZone: 'Tokyo',
        quietHours: { start: '21:00', end: '08:00' },
      },
    ],
    [
      'body.quietHours.end',
      {
        surgeryAt: '2026-11-20T15:00:00+09:00',
        timeZone: 'Asia/Tokyo',
        quietHours: { start: '21:00', end: '8am' },
      },
    ],
  ])('a preview with a bad %s is a 400 naming it', async (field, body) => {
    const res = await h.call('POST', '/protocols/rhinoplasty@2/schedule-preview', body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  test('a start with an unknown protocol is a 400, one for another procedure a 422; nothing starts', async () => {
    const unknown = startRequest({ protocolId: 'rhinoplasty@9' });
    const res = await h.call('POST', '/journeys', unknown);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('body.protocolId');
    const wrong = startRequest({ protocolId: 'filler-injection@1' });
    const res2 = await h.call('POST', '/journeys', wrong);
    // Both ids are in the documented list: only the pairing with the procedure is wrong.
    expect(res2.status).toBe(422);
    expect(res2.body.error).toMatchObject({ code: 'invalid-request', field: 'body.protocolId' });
    expect(res2.body.error.message).toContain('is not for rhinoplasty');
    expect(await h.workflowExists(`journey:${clinic.id}:${unknown.surgeryId}`)).toBe(false);
    expect(await h.workflowExists(`journey:${clinic.id}:${wrong.surgeryId}`)).toBe(false);
  });
});

describe('patient replies', () => {
  test('a reply is accepted (202), triaged, and a redelivery with the same provider id changes nothing', async () => {
    const id = await startJourney();
    const reply = { providerMessageId: 'SM-123', text: 'pain 7, a bit swollen' };
    expect((await h.call('POST', path(id, '/replies'), reply)).status).toBe(202);
    expect((await h.call('POST', path(id, '/replies'), reply)).status).toBe(202);
    const s = await eventually(async () => {
      const x = await state(id);
      return x.lastTriage ? x : undefined;
    }, 'triage');
    expect(s.lastTriage.severity).toBe('concern');
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await state(id)).timeline.filter((e: { event: string }) => e.event === 'patient-replied'),
    ).toHaveLength(1);
  });

  test('a reply with no text is a 400, to an unknown journey a 404', async () => {
    const id = await startJourney();
    const bad = await h.call('POST', path(id, '/replies'), { providerMessageId: 'SM-1', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.text');
    const missing = await h.call('POST', path(`journey:${clinic.id}:nobody`, '/replies'), {
      providerMessageId: 'x',
      text: 'hi',
    });
    expect(missing.status).toBe(404);
  });
});

describe('staff decisions', () => {
  test('an urgent reply opens an escalation that is acknowledged and resolved through the API', async () => {
    const id = await startJourney();
    await h.call('POST', path(id, '/replies'), { providerMessageId: 'SM-urgent', text: 'pain 9' });
    const s = await eventually(async () => {
      const x = await state(id);
      return x.openEscalations.length ? x : undefined;
    }, 'escalation');
    const incidentId = s.openEscalations[0].incidentId;
    const ack = await h.call('POST', path(id, '/decisions/acknowledge-escalation'), {
      incidentId,
      staffId: 'dr-oncall-a',
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ decision: 'acknowledge-escalation', accepted: true });
    await eventually(
      async () => ((await state(id)).openEscalations[0]?.status === 'acknowledged' ? true : undefined),
      'ack',
    );
    const again = await h.call('POST', path(id, '/decisions/acknowledge-escalation'), {
      incidentId,
      staffId: 'dr-oncall-a',
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('decision-rejected');
    expect(again.body.error.message).toContain('not waiting for acknowledgement');
    const resolve = await h.call('POST', path(id, '/decisions/resolve-escalation'), {
      incidentId,
      staffId: 'dr-oncall-a',
    });
    expect(resolve.status).toBe(200);
    expect((await state(id)).openEscalations).toEqual([]);
  });

  test('a rejected decision is a 422 with the reason and changes nothing', async () => {
    const id = await startJourney();
    const before = await state(id);
    const res = await h.call('POST', path(id, '/decisions/resume'), { staffId: 'nurse-day' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('resume: the journey is not paused');
    const past = await h.call('POST', path(id, '/decisions/add-check-in'), {
      at: '2020-01-01T00:00:00Z',
      channel: 'sms',
      staffId: 'nurse-day',
      reason: 'extra',
    });
    expect(past.status).toBe(422);
    expect(past.body.error.message).toContain('must be in the future');
    const after = await state(id);
    expect(after.checkIns).toEqual(before.checkIns);
    expect(after.stage).toBe(before.stage);
  });

  test('malformed decisions are 400s naming the field; unknown decisions and journeys are refused', async () => {
    const id = await startJourney();
    const noStaff = await h.call('POST', path(id, '/decisions/pause'), { reason: 'patient travelling' });
    expect(noStaff.status).toBe(400);
    expect(noStaff.body.error.field).toBe('body.staffId');
    const unknown = await h.call('POST', path(id, '/decisions/teleport'), { staffId: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('decision');
    const nobody = await h.call('POST', path(`journey:${clinic.id}:nobody`, '/decisions/pause'), {
      staffId: 'n',
      reason: 'r',
    });
    expect(nobody.status).toBe(404);
  });

  test('pause, resume, add a check-in; preview and migrate the protocol; close early; then decisions are refused', async () => {
    const id = await startJourney({ protocolId: 'rhinoplasty@1' });
    expect(
      (await h.call('POST', path(id, '/decisions/pause'), { staffId: 'nurse-day', reason: 'in hospital' }))
        .status,
    ).toBe(200);
    expect((await state(id)).stage).toBe('paused');
    expect((await h.call('POST', path(id, '/decisions/resume'), { staffId: 'nurse-day' })).status).toBe(200);
    const at = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const added = await h.call('POST', path(id, '/decisions/add-check-in'), {
      at,
      channel: 'nurse-call',
      staffId: 'nurse-day',
      reason: 'anxious patient',
    });
    expect(added.body).toMatchObject({ accepted: true, detail: 'extra-1' });

    const preview = await h.call('GET', path(id, '/migration-preview?to=rhinoplasty@2'));
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ from: 'rhinoplasty@1', to: 'rhinoplasty@2' });
    expect(preview.body.changes).toEqual(
      expect.arrayContaining(['new check-in day-21', 'red-flag rules changed']),
    );
    expect((await h.call('GET', path(id, '/migration-preview?to=nothing@1'))).status).toBe(400);

    const older = await h.call('POST', path(id, '/decisions/migrate-protocol'), {
      protocolId: 'rhinoplasty@1',
      staffId: 'dr-sato',
      reason: 'x',
    });
    expect(older.status).toBe(422);
    const migrated = await h.call('POST', path(id, '/decisions/migrate-protocol'), {
      protocolId: 'rhinoplasty@2',
      staffId: 'dr-sato',
      reason: 'new fever rule',
    });
    expect(migrated.body.error?.message).toBeUndefined();
    expect(migrated.status).toBe(200);
    const s = await state(id);
    expect(s.protocolId).toBe('rhinoplasty@2');
    expect(s.checkIns.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['day-21', 'extra-1']),
    );
    expect(s.timeline.find((e: { event: string }) => e.event === 'protocol-migrated')).toMatchObject({
      by: 'dr-sato',
    });

    expect(
      (
        await h.call('POST', path(id, '/decisions/close-early'), {
          staffId: 'dr-sato',
          reason: 'moved abroad',
        })
      ).status,
    ).toBe(200);
    await eventually(
      async () => ((await state(id)).stage === 'closed-early' ? true : undefined),
      'closed early',
    );
    const late = await h.call('POST', path(id, '/decisions/pause'), { staffId: 'nurse-day', reason: 'x' });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('journey-ended');
    const lateReply = await h.call('POST', path(id, '/replies'), {
      providerMessageId: 'late',
      text: 'hello',
    });
    expect(lateReply.status).toBe(422);
  });
});

describe('on-call incidents', () => {
  async function urgentIncident() {
    const id = await startJourney();
    await h.call('POST', path(id, '/replies'), { providerMessageId: `SM-${id}`, text: 'pain 9' });
    const s = await eventually(async () => {
      const x = await state(id);
      return x.openEscalations.length ? x : undefined;
    }, 'escalation');
    const incidentId = s.openEscalations[0].incidentId as string;
    // Staff answer a page they received: wait until the first one has gone out.
    await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.pages?.length ? true : undefined;
    }, 'the first page');
    return incidentId;
  }

  test('acknowledged by SMS ("ACK <incident>") from a phone on the roster; the record shows the page and the latency', async () => {
    const incidentId = await urgentIncident();
    const nightNurse = clinic.onCallRoster.find((r) => r.staffId === 'nurse-night')!;
    const unknown = await h.call('POST', '/staff-replies', {
      from: '+819099999999',
      text: `ACK ${incidentId}`,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown-staff');
    const garbled = await h.call('POST', '/staff-replies', { from: nightNurse.phone, text: 'on my way' });
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.field).toBe('body.text');
    const ack = await h.call('POST', '/staff-replies', { from: nightNurse.phone, text: `ack ${incidentId}` });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ incidentId, staffId: 'nurse-night', accepted: true });
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.acknowledgements?.length ? r.body : undefined;
    }, 'acknowledgement recorded');
    expect(record.acknowledgements[0]).toMatchObject({ staffId: 'nurse-night', via: 'sms' });
    expect(record.acknowledgements[0].latencySeconds).toBeGreaterThanOrEqual(0);
    expect(record.pages[0]).toMatchObject({ level: 0, role: 'nurse' });
    const twice = await h.call('POST', `/escalations/${encodeURIComponent(incidentId)}/acknowledgements`, {
      staffId: 'nurse-night',
      via: 'keypad',
    });
    expect(twice.status).toBe(422);
  });

  test('acknowledged by SMS with the page\'s 4-digit reference ("ACK 4821"); an unknown reference is 404', async () => {
    const incidentId = await urgentIncident();
    const ref = incidentRef(incidentId);
    const nightNurse = clinic.onCallRoster.find((r) => r.staffId === 'nurse-night')!;
    const none = await h.call('POST', '/staff-replies', {
      from: nightNurse.phone,
      text: `ACK ${ref === '0000' ? '0001' : '0000'}`,
    });
    expect(none.status).toBe(404);
    // Visibility lists a new escalation a moment after it starts.
    const ack = await eventually(async () => {
      const r = await h.call('POST', '/staff-replies', { from: nightNurse.phone, text: `ACK ${ref}` });
      return r.status === 200 ? r : undefined;
    }, 'acknowledged by reference');
    expect(ack.body).toMatchObject({ incidentId, staffId: 'nurse-night', accepted: true });
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.acknowledgements?.length ? r.body : undefined;
    }, 'acknowledgement recorded');
    expect(record.ref).toBe(ref);
    expect(record.acknowledgements[0].sincePageSeconds).toBeGreaterThanOrEqual(0);
    expect(record.acknowledgements[0].sincePageSeconds).toBeLessThanOrEqual(
      record.acknowledgements[0].latencySeconds,
    );
  });

  test('acknowledged by keypad; malformed and unknown incidents are refused', async () => {
    const incidentId = await urgentIncident();
    const ack = await h.call('POST', `/escalations/${encodeURIComponent(incidentId)}/acknowledgements`, {
      staffId: 'nurse-day',
      via: 'keypad',
    });
    expect(ack.status).toBe(200);
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.acknowledgements?.length ? r.body : undefined;
    }, 'acknowledgement recorded');
    expect(record.acknowledgements[0].via).toBe('keypad');
    expect((await h.call('GET', '/escalations/not-an-incident')).status).toBe(400);
    const unknownIncident = `journey:${clinic.id}:nobody:incident-1`;
    expect((await h.call('GET', `/escalations/${encodeURIComponent(unknownIncident)}`)).status).toBe(404);
    const bad = await h.call('POST', `/escalations/${encodeURIComponent(incidentId)}/acknowledgements`, {
      staffId: 'n',
      via: 'fax',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.via');
  });
});
