import { auditTrends, phoneAuditSchema } from '../../domain/phone-audit';
import { describeIssues } from '../../domain/validation';

const audit = {
  callDate: '2026-11-03',
  callerType: 'mystery',
  waitSeconds: 12,
  knowledge: 4,
  patience: 5,
  clarity: 3,
  empathy: 4,
};

const problems = (input: unknown) => {
  const parsed = phoneAuditSchema.safeParse(input);
  return parsed.success ? [] : describeIssues(parsed.error, 'body');
};

describe('a phone-service audit', () => {
  test('a complete audit, with or without a comment, is valid', () => {
    expect(problems(audit)).toEqual([]);
    expect(
      problems({ ...audit, callerType: 'real', comment: 'Greeted by name of the clinic, clear about fees.' }),
    ).toEqual([]);
  });

  test.each([
    [{ ...audit, knowledge: 6 }, 'body.knowledge: must be 1 to 5'],
    [{ ...audit, empathy: 0 }, 'body.empathy: must be 1 to 5'],
    [{ ...audit, clarity: 2.5 }, 'body.clarity: must be a whole number from 1 to 5'],
    [{ ...audit, waitSeconds: -1 }, 'body.waitSeconds: must be 0 or more'],
    [{ ...audit, waitSeconds: 4000 }, 'body.waitSeconds: must be at most 3600 (one hour)'],
    [{ ...audit, callDate: '2026-11-31' }, 'body.callDate: must be a date "YYYY-MM-DD"'],
    [
      { ...audit, comment: 'Caller was 090-1234-5678' },
      'body.comment: must not contain a phone number or an e-mail address (no patient data)',
    ],
    [
      { ...audit, comment: 'write to hanako@example.jp' },
      'body.comment: must not contain a phone number or an e-mail address (no patient data)',
    ],
  ])('%j is refused: %s', (input, problem) => {
    expect(problems(input)).toEqual([problem]);
  });

  test('a missing score, an unknown caller type and an unknown field are named', () => {
    const { patience: _omitted, ...withoutPatience } = audit;
    expect(problems({ ...withoutPatience, callerType: 'robot', patientName: 'x' })).toEqual([
      expect.stringMatching(/^body\.callerType: /),
      expect.stringMatching(/^body\.patience: /),
      expect.stringMatching(/^body: .*patientName/),
    ]);
  });

  test('trends: per month of the call, oldest first, averages to 0.1', () => {
    const parsed = [
      { ...audit, callDate: '2026-11-03' },
      { ...audit, callDate: '2026-11-20', waitSeconds: 30, knowledge: 5, patience: 4 },
      { ...audit, callDate: '2026-10-15', waitSeconds: 5 },
    ].map((a) => phoneAuditSchema.parse(a));
    expect(auditTrends(parsed)).toEqual([
      {
        month: '2026-10',
        audits: 1,
        averageWaitSeconds: 5,
        knowledge: 4,
        patience: 5,
        clarity: 3,
        empathy: 4,
      },
      {
        month: '2026-11',
        audits: 2,
        averageWaitSeconds: 21,
        knowledge: 4.5,
        patience: 4.5,
        clarity: 3,
        empathy: 4,
      },
    ]);
  });
});
