import { caseOfIncident, contactCaseId, parseContactCaseId } from '../../domain/case-ids';
import type { RunningCase } from '../../domain/contact-routing';
import { caseForInboundSms } from '../../domain/contact-routing';

const journey = (id: string, startedAt: string): RunningCase => ({ caseId: id, kind: 'journey', startedAt });
const complaint = (id: string, startedAt: string, complaintStage?: string): RunningCase => ({
  caseId: id,
  kind: 'complaint',
  startedAt,
  ...(complaintStage ? { complaintStage } : {}),
});

describe('which running case an inbound SMS goes to', () => {
  test('a complaint waiting on the customer first (it asked a yes/no question)', () => {
    const cases = [
      journey('j-new', '2026-11-20T00:00:00Z'),
      complaint('c-waiting', '2026-10-01T00:00:00Z', 'awaiting-customer'),
      complaint('c-other', '2026-11-21T00:00:00Z', 'investigating'),
    ];
    expect(caseForInboundSms(cases)?.caseId).toBe('c-waiting');
    const followUp = [
      journey('j', '2026-11-20T00:00:00Z'),
      complaint('c', '2026-10-01T00:00:00Z', 'follow-up'),
    ];
    expect(caseForInboundSms(followUp)?.caseId).toBe('c');
  });

  test('else the newest running journey', () => {
    const cases = [
      journey('j-old', '2026-01-01T00:00:00Z'),
      complaint('c', '2026-12-01T00:00:00Z', 'planning'),
      journey('j-new', '2026-11-01T00:00:00Z'),
    ];
    expect(caseForInboundSms(cases)?.caseId).toBe('j-new');
  });

  test('else the newest running complaint; none for no case', () => {
    const cases = [complaint('c-old', '2026-01-01T00:00:00Z'), complaint('c-new', '2026-02-01T00:00:00Z')];
    expect(caseForInboundSms(cases)?.caseId).toBe('c-new');
    expect(caseForInboundSms([])).toBeUndefined();
  });
});

describe('contact case ids', () => {
  test('contact:<clinicId>:<contactId>, parsed back; incidents of journeys and contacts', () => {
    const id = contactCaseId('aoyama-aesthetic', 'SM0123abcd');
    expect(id).toBe('contact:aoyama-aesthetic:SM0123abcd');
    expect(parseContactCaseId(id)).toEqual({ clinicId: 'aoyama-aesthetic', contactId: 'SM0123abcd' });
    expect(parseContactCaseId('contact:a:+819012345678')).toBeUndefined();
    expect(caseOfIncident(`${id}:incident-1`)).toEqual({ caseId: id, clinicId: 'aoyama-aesthetic' });
    expect(caseOfIncident('journey:a:S-1:incident-2')).toEqual({ caseId: 'journey:a:S-1', clinicId: 'a' });
    expect(caseOfIncident('complaint:a:C-1:incident-1')).toBeUndefined();
    expect(caseOfIncident('journey:a:S-1')).toBeUndefined();
  });
});
