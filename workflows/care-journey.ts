import {
  ActivityFailure,
  ApplicationFailure,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CareJourneyInput, JourneyStage, JourneyState } from '../domain/journey';
import {
  CaseKind,
  ClinicId,
  JourneyStage as JourneyStageAttribute,
  OpenEscalation,
  ProcedureCode,
  RiskLevel,
} from '../temporal/search-attributes';
import { journeyStateQuery } from './journey-definitions';

const DAY_MS = 24 * 60 * 60 * 1000;

const { sendPatientSms, recordEhrCommunication } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Providers have outages; keep trying for a long time, patiently. Permanent failures
  // (invalid number, opted out) are non-retryable and stop at once.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * The care journey of one surgery: after-care instructions and the 24-hour line at once, then
 * follow-up until the end of the post-operative period.
 */
export async function careJourney(input: CareJourneyInput): Promise<JourneyState> {
  const journeyId = input.journeyId;
  const surgeryAt = new Date(input.surgery.performedAt);
  const state: JourneyState = {
    journeyId,
    clinicId: input.clinic.id,
    procedureCode: input.surgery.procedureCode,
    stage: 'starting',
    surgeryAt: surgeryAt.toISOString(),
    nextAction: { what: 'send after-care instructions', at: new Date().toISOString() },
    timeline: [],
  };
  const note = (event: string, detail?: string) =>
    state.timeline.push({ at: new Date().toISOString(), event, ...(detail ? { detail } : {}) });
  const enterStage = (stage: JourneyStage) => {
    state.stage = stage;
    upsertSearchAttributes([{ key: JourneyStageAttribute, value: stage }]);
  };

  setHandler(journeyStateQuery, () => state);
  upsertSearchAttributes([
    { key: ClinicId, value: input.clinic.id },
    { key: CaseKind, value: 'journey' },
    { key: ProcedureCode, value: input.surgery.procedureCode },
    { key: JourneyStageAttribute, value: state.stage },
    { key: RiskLevel, value: 'normal' },
    { key: OpenEscalation, value: false },
  ]);
  note('journey-started', `${input.surgery.procedureCode} performed ${surgeryAt.toISOString()}`);

  try {
    await sendPatientSms.executeWithOptions(
      { summary: 'Send after-care instructions and the 24-hour line' },
      [
        {
          caseId: journeyId,
          to: input.patient.phone,
          idempotencyKey: `${journeyId}:after-care`,
          message: {
            template: 'after-care',
            language: input.patient.language,
            params: {
              clinicName: input.clinic.name,
              procedureCode: input.surgery.procedureCode,
              emergencyLine: input.clinic.emergencyLine,
            },
          },
        },
      ],
    );
    note('after-care-sent', 'after-care instructions and 24-hour line by SMS');
    await recordEhrCommunication.executeWithOptions({ summary: 'Record the after-care SMS in the EHR' }, [
      {
        caseId: journeyId,
        patientRef: input.patient.ref,
        channel: 'sms',
        summary: 'After-care instructions and the 24-hour emergency number sent by SMS.',
        idempotencyKey: `${journeyId}:after-care:ehr`,
      },
    ]);
  } catch (err) {
    // A permanently undeliverable SMS must not end the journey: staff need to see it.
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
      log.warn('after-care SMS undeliverable', { journeyId, reason: err.cause.type });
      note('after-care-undeliverable', err.cause.message);
    } else {
      throw err;
    }
  }

  const endsAt = new Date(surgeryAt.getTime() + input.followUpDays * DAY_MS);
  enterStage('monitoring');
  state.nextAction = { what: 'end of the follow-up period', at: endsAt.toISOString() };
  const remaining = endsAt.getTime() - Date.now();
  if (remaining > 0) await sleep(remaining, { summary: 'Follow-up period ends' });

  enterStage('completed');
  state.nextAction = null;
  note('journey-completed');
  return state;
}
