import type { ComplaintCategory, ComplaintSeverity, ParticipantRole } from './complaint-kinds';

// Who owns a complaint and whose assessment it needs, as data ([003]: the front desk receives
// and records, the beautician or nurse reviews the treatment, the doctor examines, management
// decides). A medical category always involves a doctor; serious cases always involve management.

export interface RoutingRule {
  category: ComplaintCategory;
  owner: ParticipantRole;
  participants: ParticipantRole[];
  medical: boolean;
}

export const ROUTING_RULES: readonly RoutingRule[] = [
  { category: 'treatment-outcome', owner: 'doctor', participants: ['front-desk', 'doctor'], medical: true },
  {
    category: 'side-effect',
    owner: 'doctor',
    participants: ['front-desk', 'beautician', 'doctor'],
    medical: true,
  },
  {
    category: 'product',
    owner: 'front-desk',
    participants: ['front-desk', 'beautician', 'doctor'],
    medical: true,
  },
  {
    category: 'service-attitude',
    owner: 'management',
    participants: ['front-desk', 'management'],
    medical: false,
  },
  { category: 'billing', owner: 'front-desk', participants: ['front-desk', 'management'], medical: false },
  { category: 'waiting-time', owner: 'front-desk', participants: ['front-desk'], medical: false },
  { category: 'privacy', owner: 'management', participants: ['front-desk', 'management'], medical: false },
];

export interface Routing {
  owner: ParticipantRole;
  participants: ParticipantRole[];
}

export function route(category: ComplaintCategory, severity: ComplaintSeverity): Routing {
  const rule = ROUTING_RULES.find((r) => r.category === category)!;
  const participants = new Set(rule.participants);
  if (rule.medical) participants.add('doctor');
  if (severity === 'high' || severity === 'critical') participants.add('management');
  return { owner: rule.owner, participants: [...participants] };
}
