import { startComplaintRequestSchema } from '../../domain/complaint';
import { afterHoursContactRequestSchema } from '../../domain/contact';
import { describeIssues, looksLikePhoneNumber } from '../../domain/validation';

// Ids that become part of workflow ids (and so of URLs, logs and the Web UI) or stand for a
// person are opaque and never a phone number: a complaint id, a customer ref or an after-hours
// contact id that looks like one is refused, naming the field. (Journeys: journey-request.test.ts.)

test.each([
  ['09012345678', true],
  ['3456789', true],
  ['090-1234-5678', true],
  ['03_1234_5678', true],
  ['123456', false],
  ['2026-001', false],
  ['S-09012345678', false],
  ['CA0123456789abcdef', false],
])('%s looks like a phone number: %s', (id, phoneLike) => {
  expect(looksLikePhoneNumber(id)).toBe(phoneLike);
});

const complaint = {
  clinicId: 'aoyama-aesthetic',
  complaintId: 'C-1001',
  channel: 'phone',
  category: 'side-effect',
  severity: 'medium',
  customer: { ref: 'P-1001', language: 'ja' },
  description: 'Redness after the peel',
};
const issues = (parsed: { success: boolean; error?: Parameters<typeof describeIssues>[0] }) =>
  parsed.success ? [] : describeIssues(parsed.error!);

test('a complaint with opaque ids is accepted', () => {
  expect(startComplaintRequestSchema.safeParse(complaint).success).toBe(true);
});

test('a complaint id or customer ref that is a phone number is refused, naming the field', () => {
  const parsed = startComplaintRequestSchema.safeParse({
    ...complaint,
    complaintId: '09012345678',
    customer: { ...complaint.customer, ref: '090-1234-5678' },
  });
  expect(issues(parsed)).toEqual([
    expect.stringMatching(/^complaintId: looks like a phone number/),
    expect.stringMatching(/^customer\.ref: looks like a phone number/),
  ]);
});

test('an after-hours contact id that is the caller’s number is refused', () => {
  const contact = { contactId: '819012345678', channel: 'phone', phone: '+819012345678', text: 'bleeding' };
  expect(issues(afterHoursContactRequestSchema.safeParse(contact))).toEqual([
    expect.stringMatching(/^contactId: looks like a phone number/),
  ]);
  expect(afterHoursContactRequestSchema.safeParse({ ...contact, contactId: 'CA9f8e7d' }).success).toBe(true);
});
