import { receiptAction } from '../../domain/delivery-receipts';

// Which receipts ask something of a case (pure: the webhook route signals what this returns).

const journey = 'journey:aoyama-aesthetic:S-1';
const incident = `${journey}:incident-2`;

describe('receiptAction', () => {
  it('an SMS to the patient undelivered or failed goes to the journey with its key and error', () => {
    for (const status of ['undelivered', 'failed'])
      expect(
        receiptAction({
          sid: 'SM1',
          messageStatus: status,
          errorCode: '30003',
          caseId: journey,
          key: `${journey}:after-care`,
          recipient: 'patient',
        }),
      ).toEqual({
        to: 'journey',
        workflowId: journey,
        receipt: {
          providerId: 'SM1',
          channel: 'sms',
          status,
          errorCode: '30003',
          key: `${journey}:after-care`,
        },
      });
  });

  it('a page call busy, unanswered, failed or cancelled goes to its escalation', () => {
    for (const status of ['busy', 'no-answer', 'failed', 'canceled'])
      expect(
        receiptAction({
          sid: 'CA1',
          callStatus: status,
          caseId: journey,
          key: 'k',
          recipient: 'staff',
          incidentId: incident,
        }),
      ).toEqual({ to: 'escalation', workflowId: incident, callSid: 'CA1', status });
  });

  it('a call to the patient nobody answered goes to the journey', () => {
    expect(
      receiptAction({
        sid: 'CA2',
        callStatus: 'no-answer',
        caseId: journey,
        key: `${journey}:x:call`,
        recipient: 'patient',
      }),
    ).toMatchObject({ to: 'journey', receipt: { channel: 'call', status: 'no-answer' } });
  });

  it('delivered, sent, completed, ringing and anything to staff by SMS change nothing', () => {
    const base = { sid: 'X1', caseId: journey, key: 'k', recipient: 'patient' as const };
    for (const messageStatus of ['queued', 'sent', 'delivered', 'read'])
      expect(receiptAction({ ...base, messageStatus })).toBeUndefined();
    for (const callStatus of ['completed', 'ringing', 'in-progress'])
      expect(
        receiptAction({ ...base, callStatus, incidentId: incident, recipient: 'staff' }),
      ).toBeUndefined();
    expect(receiptAction({ ...base, messageStatus: 'undelivered', recipient: 'staff' })).toBeUndefined();
  });

  it('without a journey, a key or a recipient (an older URL, a complaint, a contact) nothing is signalled', () => {
    expect(receiptAction({ sid: 'SM1', messageStatus: 'failed', caseId: journey, key: 'k' })).toBeUndefined();
    expect(
      receiptAction({ sid: 'SM1', messageStatus: 'failed', caseId: journey, recipient: 'patient' }),
    ).toBeUndefined();
    expect(
      receiptAction({
        sid: 'SM1',
        messageStatus: 'failed',
        caseId: 'complaint:aoyama-aesthetic:C-1',
        key: 'k',
        recipient: 'patient',
      }),
    ).toBeUndefined();
    // A page call whose URL has no valid incident: not an escalation's.
    expect(
      receiptAction({
        sid: 'CA1',
        callStatus: 'busy',
        caseId: journey,
        key: 'k',
        recipient: 'staff',
        incidentId: 'nope',
      }),
    ).toBeUndefined();
  });
});
