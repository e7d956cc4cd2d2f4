import { complaintFacts, journeyFacts } from '../../adapters/case-facts';
import { calendarOf } from '../../domain/calendar';
import type { JourneyState } from '../../domain/journey';
import type { PhoneAudit } from '../../domain/phone-audit';
import { qualityFigures } from '../../domain/quality-figures';
import { monthPeriod } from '../../domain/quality-period';
import { composeReport, reportCsv } from '../../domain/quality-report';
import { DEFAULT_QUALITY_TARGETS } from '../../domain/quality-targets';
import { startClock, stopClock } from '../../domain/sla-clock';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { clinic } from '../helpers/fixtures';

// The kept report (its month's audits only, CSV that a spreadsheet cannot mistake for formulas)
// and the facts taken from a case's state, as the figures read them.

const november = monthPeriod('2026-11', 'Asia/Tokyo');
const figures = qualityFigures({ journeys: [], complaints: [] }, november, DEFAULT_QUALITY_TARGETS, {});
const audit = (callDate: string, knowledge: number): PhoneAudit => ({
  auditId: callDate,
  clinicId: 'aoyama',
  recordedBy: 'manager',
  recordedAt: `${callDate}T00:00:00Z`,
  callDate,
  callerType: 'real',
  waitSeconds: 20,
  knowledge,
  patience: 4,
  clarity: 4,
  empathy: 4,
});

test('a report summarises only its own month’s audits', () => {
  const report = composeReport({
    clinicId: 'aoyama',
    timeZone: 'Asia/Tokyo',
    madeAt: '2026-12-01T00:00:00Z',
    figures,
    audits: [audit('2026-10-31', 1), audit('2026-11-01', 4), audit('2026-11-30', 5), audit('2026-12-01', 1)],
  });
  expect(report.audits).toMatchObject({ month: '2026-11', audits: 2, knowledge: 4.5 });
  expect(composeReport({ ...report, figures, audits: [] }).audits).toBeNull();
});

test('CSV: figures with targets, the Act note quoted, and nothing a spreadsheet would run as a formula', () => {
  const report = {
    ...composeReport({
      clinicId: 'aoyama',
      timeZone: 'Asia/Tokyo',
      madeAt: '2026-12-01T00:00:00Z',
      figures,
      audits: [],
    }),
    act: { note: '=HYPERLINK("x"), then "train" staff', by: 'manager', at: '2026-12-02T00:00:00Z' },
  };
  const lines = reportCsv(report).split('\r\n');
  expect(lines).toContain('figure,value,unit,target,met');
  expect(lines).toContain('complaint closure,,%,≥ 100,no data');
  expect(lines).toContain('return-visit no-shows,,%,≤ 10,no data');
  expect(lines).toContain(`act,"'=HYPERLINK(""x""), then ""train"" staff",manager,2026-12-02T00:00:00Z`);
});

test('a complaint’s facts: received when its first-contact clock started; stopped clocks met, running ones not', () => {
  const cal = calendarOf(clinic);
  const policy = { name: 'First contact', targetMinutes: 120, mode: 'calendar' as const, warnAtPercent: 75 };
  const received = new Date('2026-11-10T01:00:00Z');
  const firstContact = stopClock(
    startClock({ ...policy, id: 'first-contact' }, received),
    new Date('2026-11-10T01:45:00Z'),
    cal,
  );
  const rootCause = startClock({ ...policy, id: 'root-cause', targetMinutes: 1440 }, received);
  const state = {
    stage: 'investigating',
    clocks: [firstContact, rootCause],
    satisfaction: null,
    timeline: [{ at: '2026-11-10T01:00:00Z' }],
  } as unknown as ComplaintState;
  const facts = complaintFacts(state, new Date('2026-11-10T02:00:00Z'), cal);
  expect(facts).toEqual({
    receivedAt: '2026-11-10T01:00:00.000Z',
    closed: false,
    clocks: [
      {
        id: 'first-contact',
        name: 'First contact',
        met: true,
        breached: false,
        stopped: true,
        elapsedMinutes: 45,
      },
      {
        id: 'root-cause',
        name: 'First contact',
        met: false,
        breached: false,
        stopped: false,
        elapsedMinutes: 60,
      },
    ],
    satisfaction: null,
  });
});

test('a journey’s facts keep what the figures count and nothing about the patient', () => {
  const state = {
    surgeryAt: '2026-11-01T00:00:00Z',
    survey: { sentAt: '2026-11-08T00:00:00Z', score: 5, comment: 'thank you' },
    adherence: [],
    checkIns: [{ id: 'c1', dueAt: '2026-11-02T00:00:00Z', status: 'answered', channel: 'sms' }],
    escalations: [
      {
        incidentId: 'i1',
        startedAt: '2026-11-03T00:00:00Z',
        severity: 'urgent',
        status: 'resolved',
        acknowledgedBy: 'nurse-day',
      },
    ],
    returnVisits: [{ visitId: 'v1', at: '2026-11-15T00:00:00Z', status: 'attended' }],
  } as unknown as JourneyState;
  expect(journeyFacts(state)).toEqual({
    surgeryAt: '2026-11-01T00:00:00Z',
    survey: { sentAt: '2026-11-08T00:00:00Z', score: 5 },
    adherence: [],
    checkIns: [{ dueAt: '2026-11-02T00:00:00Z', status: 'answered' }],
    escalations: [{ startedAt: '2026-11-03T00:00:00Z', severity: 'urgent' }],
    returnVisits: [{ at: '2026-11-15T00:00:00Z', status: 'attended' }],
  });
});
