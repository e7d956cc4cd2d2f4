import type { ParticipantRole } from './complaint-kinds';
import type { ComplaintDecisionName } from './complaint-decisions';
import type { DecisionName } from './decisions';

// Who may do what. A credential carries one role and one clinic; the API checks the role here
// and the clinic against the case. Kept as data so the whole matrix is read (and tested) at once.

export const ROLES = ['clinic-system', 'nurse', 'doctor', 'front-desk', 'management', 'operations'] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | 'journey:start'
  | 'journey:read'
  | 'journey:reply'
  | `journey:${DecisionName}`
  | 'complaint:start'
  | 'complaint:read'
  | 'complaint:reply'
  | 'complaint:report'
  | `complaint:${ComplaintDecisionName}`
  | 'escalation:read'
  | 'escalation:acknowledge'
  | 'staff-sms:relay'
  | 'contact:intake'
  | 'contact:complete-task'
  | 'protocol:read'
  | 'outbox:read'
  | 'person:erase'
  | 'codec:decode'
  | 'codec:encode';

const STAFF: Role[] = ['nurse', 'doctor', 'front-desk', 'management'];
const CLINICAL: Role[] = ['nurse', 'doctor'];
const EVERYONE: Role[] = [...ROLES];

export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  'journey:start': ['clinic-system', 'nurse', 'doctor', 'front-desk'],
  'journey:read': EVERYONE,
  // A reply relayed by the clinic's own system, or taken down by staff from a phone call.
  'journey:reply': ['clinic-system', 'nurse', 'front-desk'],
  'journey:record-call-outcome': CLINICAL,
  'journey:complete-task': STAFF,
  'journey:add-check-in': CLINICAL,
  'journey:pause': [...CLINICAL, 'management'],
  'journey:resume': [...CLINICAL, 'management'],
  'journey:migrate-protocol': ['doctor', 'management'],
  'journey:close-early': ['doctor'],
  // The surgery was cancelled in the practice system, or by the doctor.
  'journey:cancel': ['doctor', 'management', 'clinic-system'],
  'journey:acknowledge-escalation': CLINICAL,
  'journey:resolve-escalation': CLINICAL,
  'journey:transfer-decision': ['doctor'],
  // The partner hospital's answer arrives through the clinic's referral system or by phone.
  'journey:hospital-response': ['clinic-system', ...CLINICAL],
  'journey:confirm-handover': CLINICAL,
  'journey:record-visit-attendance': ['clinic-system', 'front-desk', 'nurse'],
  'complaint:start': ['clinic-system', 'front-desk', 'nurse', 'management'],
  'complaint:read': EVERYONE,
  'complaint:reply': ['clinic-system', 'front-desk'],
  'complaint:report': ['management', 'operations'],
  'complaint:record-first-contact': STAFF,
  'complaint:submit-assessment': STAFF,
  'complaint:propose-plan': STAFF,
  'complaint:approve-plan': ['management'],
  'complaint:send-back-plan': ['management'],
  'complaint:record-customer-response': STAFF,
  'complaint:pause-for-customer': STAFF,
  'complaint:resume-from-customer': STAFF,
  'complaint:record-satisfaction': ['front-desk', 'nurse', 'management'],
  'complaint:add-corrective-action': ['management'],
  'complaint:complete-corrective-action': STAFF,
  'complaint:reopen': ['front-desk', 'management'],
  'complaint:retry-plan-actions': STAFF,
  'complaint:complete-plan-action': STAFF,
  'escalation:read': [...CLINICAL, 'management', 'operations'],
  'escalation:acknowledge': CLINICAL,
  'staff-sms:relay': ['clinic-system'],
  'contact:intake': ['clinic-system', 'nurse', 'doctor', 'front-desk'],
  // Recording an after-hours contact's callback as done (the console's task list).
  'contact:complete-task': STAFF,
  'protocol:read': EVERYONE,
  'outbox:read': EVERYONE,
  // Erasure at a person's request: irreversible, decided by the clinic's management.
  'person:erase': ['management'],
  // The Temporal Web UI's codec endpoint: the contents of the clinic's cases (replies, symptoms,
  // complaint texts), for those who look after patients or run the system; not clinic systems
  // (they have the API) nor the front desk.
  'codec:decode': [...CLINICAL, 'management', 'operations'],
  'codec:encode': [...CLINICAL, 'management', 'operations'],
};

export function mayDo(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}

export function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action];
}

/**
 * The complaint participants a member of staff may speak for: an assessment is submitted by the
 * participant's own role (a nurse reviews the treatment as the nurse or beautician participant).
 */
export const PARTICIPANTS_OF_ROLE: Readonly<Record<Role, readonly ParticipantRole[]>> = {
  'clinic-system': [],
  operations: [],
  'front-desk': ['front-desk'],
  nurse: ['nurse', 'beautician'],
  doctor: ['doctor'],
  management: ['management'],
};

/**
 * Who a staff decision is recorded as made by. A credential issued to a member of staff (it
 * carries a staffId) acts only as that person: a body that names nobody takes the credential's
 * staffId, a body that names someone else is refused. A credential without a staffId (a clinic
 * system relaying what its users did) is trusted to name the person, and must.
 */
export function decisionActor(
  credentialStaffId: string | undefined,
  bodyStaffId: string | undefined,
): { staffId: string } | { refused: 'another-person' | 'nobody-named' } {
  if (credentialStaffId === undefined)
    return bodyStaffId === undefined ? { refused: 'nobody-named' } : { staffId: bodyStaffId };
  if (bodyStaffId !== undefined && bodyStaffId !== credentialStaffId) return { refused: 'another-person' };
  return { staffId: credentialStaffId };
}
