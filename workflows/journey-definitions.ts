import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Decision, DecisionName, PatientReply } from '../domain/decisions';
import type { DeliveryReceipt } from '../domain/delivery-receipts';
import type {
  AdherenceSummary,
  CareJourneyInput,
  IncidentSummary,
  JourneyState,
  TransferSummary,
  VisitSummary,
} from '../domain/journey';
import type { Protocol } from '../domain/protocol';

// Messages the API and child workflows exchange with a running care journey: what the API may
// import (never the workflow module itself).

/** The care journey workflow's signature, for starting it by name. */
export type CareJourneyWorkflow = (input: CareJourneyInput) => Promise<JourneyState>;

export const journeyStateQuery = defineQuery<JourneyState>('journeyState');

/** A patient's SMS reply, deduplicated by the provider's message id. */
export const patientReplySignal = defineSignal<[PatientReply]>('patientReply');

/** Staff decisions: one update per decision, each with a synchronous validator. */
export type DecisionPayload<N extends DecisionName> = N extends 'migrate-protocol'
  ? Decision<N> & { protocol: Protocol }
  : Decision<N>;
export const decisionUpdate = <N extends DecisionName>(name: N) =>
  defineUpdate<{ accepted: true; detail?: string }, [DecisionPayload<N>]>(`decision:${name}`);

// Children report their progress to the journey by signal (they outlive a continue-as-new).
export const incidentUpdateSignal = defineSignal<[IncidentSummary]>('incidentUpdate');
export const transferUpdateSignal = defineSignal<[TransferSummary]>('transferUpdate');
export const adherenceUpdateSignal = defineSignal<[AdherenceSummary & { alert?: string }]>('adherenceUpdate');
export const visitUpdateSignal =
  defineSignal<[VisitSummary & { task?: { role: 'front-desk' | 'nurse'; summary: string } }]>('visitUpdate');

/** The provider's receipt of a patient SMS or call that did not arrive, deduplicated by its id. */
export const deliveryReceiptSignal = defineSignal<[DeliveryReceipt]>('deliveryReceipt');

/** A complaint opened from this journey (low closing-survey score) reports its id back. */
export const complaintLinkSignal = defineSignal<[{ complaintId: string }]>('complaintLink');
