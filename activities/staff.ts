import { log } from '@temporalio/activity';
import type { Adapters } from '../adapters';
import type { OnCallStaff } from '../adapters/roster';
import type { StaffTask } from '../adapters/staff-tasks';
import type { StaffRole } from '../domain/clinic';
import type { Language } from '../domain/language';
import type { PageParams } from '../domain/page-messages';
import { renderPage } from '../domain/page-messages';
import { permanentFailuresAreFinal } from './errors';

export interface PageStaff {
  caseId: string;
  incidentId: string;
  staff: OnCallStaff;
  /** What the page says; no patient name, only the case and the reasons. */
  text: string;
  idempotencyKey: string;
}

/** One page (one side effect: a call or an SMS) to one person, rendered in the staff's language. */
export interface PagePerson {
  caseId: string;
  incidentId: string;
  staff: OnCallStaff;
  language: Language;
  params: PageParams;
  /** One key per side effect: a retried call never rings twice, a retried SMS never sends twice. */
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

    /** A page call that reads the page and takes keypad 1 as the acknowledgement. */
    async pageByCall(input: PagePerson): Promise<{ callId: string; duplicate: boolean }> {
      const receipt = await permanentFailuresAreFinal(() =>
        telephony.placeCall({
          caseId: input.caseId,
          to: input.staff.phone,
          script: renderPage({ channel: 'call', language: input.language, params: input.params }),
          language: input.language, // read out in the language it is written in
          acknowledgeDigit: input.params.acknowledgeDigit,
          incidentId: input.incidentId,
          idempotencyKey: input.idempotencyKey,
          recipient: 'staff',
        }),
      );
      log.info('staff paged by call', {
        caseId: input.caseId,
        incidentId: input.incidentId,
        staffId: input.staff.staffId,
        duplicate: receipt.duplicate,
      });
      return receipt;
    },

    /** A page SMS, answered by "ACK <ref>". */
    async pageBySms(input: PagePerson): Promise<{ providerMessageId: string; duplicate: boolean }> {
      const receipt = await permanentFailuresAreFinal(() =>
        sms.send({
          caseId: input.caseId,
          to: input.staff.phone,
          body: renderPage({ channel: 'sms', language: input.language, params: input.params }),
          idempotencyKey: input.idempotencyKey,
          recipient: 'staff',
        }),
      );
      log.info('staff paged by SMS', {
        caseId: input.caseId,
        incidentId: input.incidentId,
        staffId: input.staff.staffId,
        duplicate: receipt.duplicate,
      });
      return receipt;
    },

    /**
     * @deprecated Call and SMS in one activity: kept only for escalations started before pages
     * were split (they replay to it, see SPLIT_PAGES in workflows/on-call-escalation.ts). New
     * escalations use pageByCall and pageBySms.
     */
    async pageStaff(input: PageStaff): Promise<{ callId: string; smsId: string }> {
      const script = `${input.text} Press 1 to acknowledge.`;
      const call = await permanentFailuresAreFinal(() =>
        telephony.placeCall({
          caseId: input.caseId,
          to: input.staff.phone,
          script,
          language: 'en', // the legacy page's words are English
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
