import { log } from '@temporalio/activity';
import type { Adapters } from '../adapters';
import type { OnCallStaff } from '../adapters/roster';
import type { StaffTask } from '../adapters/staff-tasks';
import type { StaffRole } from '../domain/clinic';
import { permanentFailuresAreFinal } from './errors';

export interface PageStaff {
  caseId: string;
  incidentId: string;
  staff: OnCallStaff;
  /** What the page says; no patient name, only the case and the reasons. */
  text: string;
  idempotencyKey: string;
}

/** The roster, pages (call with keypad acknowledgement + SMS) and staff tasks. */
export function staffActivities({
  roster,
  telephony,
  sms,
  staffTasks,
}: Pick<Adapters, 'roster' | 'telephony' | 'sms' | 'staffTasks'>) {
  return {
    /**
     * Who holds the role at `at` (the workflow's "now" when the level is paged, not when the
     * incident began): the workflow's clock, so a replay or a slow retry asks about the same shift.
     */
    async resolveOnCall(input: { clinicId: string; role: StaffRole; at: string }): Promise<OnCallStaff[]> {
      return roster.onCall(input.clinicId, input.role, new Date(input.at));
    },

    async pageStaff(input: PageStaff): Promise<{ callId: string; smsId: string }> {
      const script = `${input.text} Press 1 to acknowledge.`;
      const call = await permanentFailuresAreFinal(() =>
        telephony.placeCall({
          caseId: input.caseId,
          to: input.staff.phone,
          script,
          acknowledgeDigit: '1',
          incidentId: input.incidentId,
          idempotencyKey: `${input.idempotencyKey}:call`,
        }),
      );
      const text = await permanentFailuresAreFinal(() =>
        sms.send({
          caseId: input.caseId,
          to: input.staff.phone,
          body: `${input.text} Reply ACK ${input.incidentId} to acknowledge.`,
          idempotencyKey: `${input.idempotencyKey}:sms`,
        }),
      );
      log.info('staff paged', {
        caseId: input.caseId,
        incidentId: input.incidentId,
        staffId: input.staff.staffId,
      });
      return { callId: call.callId, smsId: text.providerMessageId };
    },

    async createStaffTask(task: StaffTask): Promise<{ duplicate: boolean }> {
      const result = await staffTasks.create(task);
      log.info('staff task created', { caseId: task.caseId, taskId: task.taskId, kind: task.kind });
      return result;
    },
  };
}
