// The vocabulary of complaints: categories, severities, intake channels, roles and plan actions.

export const COMPLAINT_CATEGORIES = [
  'treatment-outcome',
  'side-effect',
  'product',
  'service-attitude',
  'billing',
  'waiting-time',
  'privacy',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export const COMPLAINT_CHANNELS = ['front-desk', 'phone', 'online-form', 'survey'] as const;

export const PARTICIPANT_ROLES = ['front-desk', 'beautician', 'nurse', 'doctor', 'management'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PLAN_ACTIONS = [
  'apology',
  'refund',
  'compensation',
  'free-treatment',
  'plan-adjustment',
  'fee-waiver',
  'supplier-notice',
] as const;
export type PlanActionKind = (typeof PLAN_ACTIONS)[number];
