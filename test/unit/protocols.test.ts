import { resolve } from 'node:path';
import { loadClinicConfig } from '../../config/clinic-config';
import { PROCEDURE_CODES } from '../../domain/procedures';
import type { Protocol } from '../../domain/protocol';
import { InvalidProtocolError, parseProtocol } from '../../domain/protocol';
import {
  PROTOCOLS,
  buildCatalogue,
  getProtocol,
  latestProtocol,
  listProtocols,
} from '../../domain/protocol-catalogue';
import { defineProtocol } from '../../domain/protocols/define';
import { RHINOPLASTY_V1, RHINOPLASTY_V2 } from '../../domain/protocols/rhinoplasty';

const CLINICS = loadClinicConfig(resolve(__dirname, '..', '..', 'config', 'clinics.json'));

/** A mutable deep copy of a catalogue protocol to break in a test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function draft(protocol: Protocol = RHINOPLASTY_V1): any {
  return structuredClone(protocol);
}

function problemsOf(raw: unknown): string[] {
  try {
    parseProtocol(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidProtocolError);
    return (err as InvalidProtocolError).problems;
  }
  throw new Error('expected the protocol to be rejected');
}

describe('protocol catalogue', () => {
  it('ships one protocol per procedure, and a second rhinoplasty version', () => {
    expect(PROTOCOLS.map((p) => p.id)).toEqual([
      'rhinoplasty@1',
      'rhinoplasty@2',
      'blepharoplasty@1',
      'liposuction@1',
      'laser-resurfacing@1',
      'filler-injection@1',
    ]);
    for (const code of PROCEDURE_CODES) expect(PROTOCOLS.some((p) => p.procedureCode === code)).toBe(true);
  });

  describe.each(PROTOCOLS.map((p) => [p.id, p] as const))('%s', (_id, protocol) => {
    it('is a valid protocol document', () => {
      expect(parseProtocol(structuredClone(protocol))).toEqual(protocol);
    });

    it('starts with an SMS first-night check-in within 24 h', () => {
      const first = [...protocol.checkIns].sort((a, b) => a.offsetHours - b.offsetHours)[0]!;
      expect(first).toMatchObject({ channel: 'sms', questionSet: 'first-night' });
      expect(first.offsetHours).toBeLessThanOrEqual(24);
    });

    it('has a nurse call within 72 h and SMS check-ins later on', () => {
      const calls = protocol.checkIns.filter((c) => c.channel === 'nurse-call');
      expect(calls.some((c) => c.offsetHours <= 72)).toBe(true);
      expect(protocol.checkIns.some((c) => c.channel === 'sms' && c.offsetHours >= 7 * 24)).toBe(true);
    });

    it('gives patients 4-12 h to reply', () => {
      for (const c of protocol.checkIns) {
        expect(c.replyWindowHours).toBeGreaterThanOrEqual(4);
        expect(c.replyWindowHours).toBeLessThanOrEqual(12);
      }
    });

    it.each(['breathingDifficulty', 'allergicReaction'] as const)(
      'treats %s as an emergency throughout follow-up',
      (symptom) => {
        const rules = protocol.redFlags.filter(
          (r) => r.when.symptom === symptom && r.severity === 'emergency',
        );
        expect(rules.length).toBeGreaterThan(0);
        expect(rules.some((r) => r.fromDay === 0 && r.toDay >= protocol.followUpDays)).toBe(true);
      },
    );

    it('has unique red-flag ids, plain-English reasons and day ranges inside follow-up', () => {
      const ids = protocol.redFlags.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of protocol.redFlags) {
        expect(r.toDay).toBeLessThanOrEqual(protocol.followUpDays);
        expect(r.reason.length).toBeGreaterThan(15);
      }
    });

    it('runs the survey near the end of follow-up and opens a complaint at 3 or below', () => {
      expect(protocol.followUpDays - protocol.survey.offsetDays).toBeGreaterThanOrEqual(1);
      expect(protocol.followUpDays - protocol.survey.offsetDays).toBeLessThanOrEqual(2);
      expect(protocol.survey.complaintAtOrBelow).toBe(3);
      expect(protocol.returnVisit).toEqual({ noticeDaysBefore: 7, reconfirmDaysBefore: 1 });
    });

    it('uses escalation policies and transfer capabilities the clinic configuration has', () => {
      expect(protocol.escalation).toEqual({ urgent: 'urgent', emergency: 'emergency' });
      for (const clinic of CLINICS.clinics) {
        const policies = clinic.escalationPolicies.map((p) => p.id);
        expect(policies).toEqual(
          expect.arrayContaining([protocol.escalation.urgent, protocol.escalation.emergency]),
        );
        const able = clinic.partnerHospitals.filter(
          (h) => h.agreementInForce && protocol.transferCapabilities.every((c) => h.capabilities.includes(c)),
        );
        expect(able.length).toBeGreaterThan(0);
      }
    });

    it('is frozen, so nobody edits the catalogue copy in place', () => {
      expect(Object.isFrozen(protocol)).toBe(true);
      expect(Object.isFrozen(protocol.checkIns[0])).toBe(true);
      expect(Object.isFrozen(protocol.redFlags[0]!.when)).toBe(true);
    });
  });

  it('follows up for 14 days after filler, 30 after laser and 42 after surgery', () => {
    expect(Object.fromEntries(PROCEDURE_CODES.map((c) => [c, latestProtocol(c).followUpDays]))).toEqual({
      rhinoplasty: 42,
      blepharoplasty: 42,
      liposuction: 42,
      'laser-resurfacing': 30,
      'filler-injection': 14,
    });
  });

  it('has the clinical rules the rhinoplasty protocol is known for', () => {
    const rule = (id: string) => RHINOPLASTY_V1.redFlags.find((r) => r.id === id);
    expect(rule('heavy-bleeding')).toMatchObject({
      fromDay: 0,
      toDay: 14,
      when: { symptom: 'bleeding', atLeast: 'heavy' },
      severity: 'emergency',
      reason: 'Heavy nasal bleeding after rhinoplasty',
    });
    expect(rule('infection-fever')).toMatchObject({
      fromDay: 2,
      toDay: 14,
      when: { symptom: 'fever', atLeastC: 38 },
      severity: 'urgent',
    });
    expect(rule('early-swelling')).toMatchObject({ fromDay: 0, toDay: 3, severity: 'concern' });
    expect(rule('late-swelling')).toMatchObject({ fromDay: 4, severity: 'urgent' });
    expect(RHINOPLASTY_V1.medicationDefaults).toContainEqual({
      name: 'Cefalexin',
      dose: '500 mg',
      times: ['08:00', '20:00'],
      days: 5,
    });
    expect(RHINOPLASTY_V1.transferCapabilities).toEqual(['airway', 'haemorrhage']);
  });

  it('rhinoplasty@2 adds a day-21 check-in and tightens the infection-fever rule', () => {
    const ids = (p: Protocol) => p.checkIns.map((c) => c.id);
    expect(ids(RHINOPLASTY_V2).filter((id) => !ids(RHINOPLASTY_V1).includes(id))).toEqual(['day-21']);
    expect(RHINOPLASTY_V2.checkIns.find((c) => c.id === 'day-21')).toMatchObject({
      offsetHours: 504,
      channel: 'sms',
    });
    const fever = (p: Protocol) => p.redFlags.find((r) => r.id === 'infection-fever')!;
    expect(fever(RHINOPLASTY_V1).when).toEqual({ symptom: 'fever', atLeastC: 38 });
    expect(fever(RHINOPLASTY_V2).when).toEqual({ symptom: 'fever', atLeastC: 37.8 });
    expect(fever(RHINOPLASTY_V2).toDay).toBeGreaterThan(fever(RHINOPLASTY_V1).toDay);
    // Every rule of version 1 still exists under the same id, so migration can match them.
    expect(RHINOPLASTY_V2.redFlags.map((r) => r.id)).toEqual(RHINOPLASTY_V1.redFlags.map((r) => r.id));
  });

  it('lists, finds and picks the latest version', () => {
    expect(listProtocols()).toContainEqual({
      id: 'rhinoplasty@2',
      procedureCode: 'rhinoplasty',
      version: 2,
      title: RHINOPLASTY_V2.title,
    });
    expect(listProtocols()).toHaveLength(PROTOCOLS.length);
    expect(Object.keys(listProtocols()[0]!).sort()).toEqual(['id', 'procedureCode', 'title', 'version']);
    expect(getProtocol('rhinoplasty@1')).toBe(RHINOPLASTY_V1);
    expect(getProtocol('filler-injection@1')?.followUpDays).toBe(14);
    expect(getProtocol('rhinoplasty@9')).toBeUndefined();
    expect(getProtocol('')).toBeUndefined();
    expect(latestProtocol('rhinoplasty')).toBe(RHINOPLASTY_V2);
    expect(latestProtocol('blepharoplasty').id).toBe('blepharoplasty@1');
  });

  it('rejects duplicate protocol ids', () => {
    let thrown: unknown;
    try {
      buildCatalogue([RHINOPLASTY_V1, RHINOPLASTY_V2, RHINOPLASTY_V1]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidProtocolError);
    expect((thrown as InvalidProtocolError).problems).toEqual([
      'PROTOCOLS[2].id: duplicate protocol id "rhinoplasty@1"',
    ]);
    expect(buildCatalogue([RHINOPLASTY_V1, RHINOPLASTY_V2])).toHaveLength(2);
  });
});

describe('invalid protocols', () => {
  it('names the bad channel of a check-in', () => {
    const raw = draft();
    raw.checkIns[1].channel = 'email';
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^checkIns\[1\]\.channel: /);
  });

  it('rejects a red flag whose fromDay is after its toDay', () => {
    const raw = draft();
    raw.redFlags[0].fromDay = 10;
    raw.redFlags[0].toDay = 3;
    expect(problemsOf(raw)).toEqual(['redFlags[0].toDay: fromDay must not be after toDay']);
  });

  it('rejects an id that does not match procedure@version', () => {
    const raw = draft();
    raw.version = 3;
    expect(problemsOf(raw)).toEqual(['id: must be "rhinoplasty@3"']);
    const other = draft();
    other.id = 'blepharoplasty@1';
    expect(problemsOf(other)).toEqual(['id: must be "rhinoplasty@1"']);
  });

  it('rejects a duplicate check-in id', () => {
    const raw = draft();
    raw.checkIns[2].id = 'first-night';
    expect(problemsOf(raw)).toEqual(['checkIns[2].id: duplicate check-in "first-night"']);
  });

  it('rejects a check-in after the end of follow-up', () => {
    const raw = draft();
    raw.checkIns[4].offsetHours = 43 * 24;
    expect(problemsOf(raw)).toEqual(['checkIns[4].offsetHours: is after the end of follow-up']);
  });

  it('rejects a survey after the end of follow-up', () => {
    const raw = draft();
    raw.survey.offsetDays = 50;
    expect(problemsOf(raw)).toEqual(['survey.offsetDays: is after the end of follow-up']);
  });

  it('rejects unknown keys, at the top and inside a rule', () => {
    const top = draft();
    top.colour = 'blue';
    expect(problemsOf(top)).toEqual([expect.stringMatching(/^\(root\): .*"colour"/)]);
    const nested = draft();
    nested.redFlags[1].when.atLeast = 'heavy';
    expect(problemsOf(nested)).toEqual([expect.stringMatching(/^redFlags\[1\]\.when: .*"atLeast"/)]);
  });

  it('rejects a bad symptom threshold and a bad medication time', () => {
    const raw = draft();
    raw.redFlags[5].when.atLeast = 11;
    raw.medicationDefaults[0].times[1] = '8pm';
    const problems = problemsOf(raw);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^redFlags\[5\]\.when\.atLeast: /),
        expect.stringMatching(/^medicationDefaults\[0\]\.times\[1\]: /),
      ]),
    );
  });

  it('stops a shipped protocol from loading when its data is wrong', () => {
    const raw = draft();
    raw.checkIns = [];
    expect(() => defineProtocol(raw)).toThrow(/checkIns: /);
  });
});
