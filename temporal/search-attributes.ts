import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes that let operations filter cases in the Web UI. They hold only
// opaque ids and categories, never personal data. Registered at start (dev server) and in
// tests (operator service) from this one list.

export const ClinicId = defineSearchAttributeKey('ClinicId', SearchAttributeType.KEYWORD);
export const CaseKind = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const ProcedureCode = defineSearchAttributeKey('ProcedureCode', SearchAttributeType.KEYWORD);
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const RiskLevel = defineSearchAttributeKey('RiskLevel', SearchAttributeType.KEYWORD);
export const OpenEscalation = defineSearchAttributeKey('OpenEscalation', SearchAttributeType.BOOL);
/**
 * The patient's or customer's phone, pseudonymised: HMAC-SHA256 under a server secret of
 * "<clinicId>:<E.164 phone>", hex, first 32 characters (api/contact-key.ts). Finds a sender's
 * running cases without storing the number; not reversible without the secret. Set by the API
 * at start; workflows never see the secret.
 */
export const ContactKey = defineSearchAttributeKey('ContactKey', SearchAttributeType.KEYWORD);

export const ComplaintCategory = defineSearchAttributeKey('ComplaintCategory', SearchAttributeType.KEYWORD);
export const ComplaintSeverity = defineSearchAttributeKey('ComplaintSeverity', SearchAttributeType.KEYWORD);
export const ComplaintStage = defineSearchAttributeKey('ComplaintStage', SearchAttributeType.KEYWORD);
/** Ids of the SLA clocks a complaint has breached, e.g. ["first-contact"]. */
export const BreachedClocks = defineSearchAttributeKey('BreachedClocks', SearchAttributeType.KEYWORD_LIST);

export const ALL_SEARCH_ATTRIBUTES = [
  ClinicId,
  CaseKind,
  ProcedureCode,
  JourneyStage,
  RiskLevel,
  OpenEscalation,
  ContactKey,
  ComplaintCategory,
  ComplaintSeverity,
  ComplaintStage,
  BreachedClocks,
];
