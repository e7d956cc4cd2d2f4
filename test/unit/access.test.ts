import type { Action, Role } from '../../domain/access';
import { mayDo, PARTICIPANTS_OF_ROLE, PERMISSIONS, ROLES, rolesFor } from '../../domain/access';
import { COMPLAINT_DECISION_NAMES } from '../../domain/complaint-decisions';
import { PARTICIPANT_ROLES } from '../../domain/complaint-kinds';
import { DECISION_NAMES } from '../../domain/decisions';

// The role matrix is data: read it whole, and keep it in step with the decisions and the
// complaint participants it is about.

const ACTIONS = Object.keys(PERMISSIONS) as Action[];
const JOURNEY_DECISIONS = DECISION_NAMES.map((n) => `journey:${n}` as Action);
const COMPLAINT_DECISIONS = COMPLAINT_DECISION_NAMES.map((n) => `complaint:${n}` as Action);
const READS: Action[] = [
  'journey:read',
  'complaint:read',
  'complaint:report',
  'escalation:read',
  'protocol:read',
  'outbox:read',
  'codec:decode',
];

describe('PERMISSIONS', () => {
  test.each(ACTIONS)('%s is allowed to at least one role, and only to known roles', (action) => {
    const roles = rolesFor(action);
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(ROLES).toContain(role);
    expect(new Set(roles).size).toBe(roles.length);
  });

  test('mayDo agrees with the matrix for every role and action', () => {
    for (const action of ACTIONS) {
      for (const role of ROLES) expect(mayDo(role, action)).toBe(PERMISSIONS[action].includes(role));
    }
  });

  test('every journey decision has an entry (a new decision cannot be forgotten)', () => {
    const missing = JOURNEY_DECISIONS.filter((a) => !(a in PERMISSIONS));
    expect(missing).toEqual([]);
  });

  test('every complaint decision has an entry (a new decision cannot be forgotten)', () => {
    const missing = COMPLAINT_DECISIONS.filter((a) => !(a in PERMISSIONS));
    expect(missing).toEqual([]);
  });

  test('no entry names a decision that does not exist', () => {
    const other = new Set<string>([
      'journey:start',
      'journey:read',
      'journey:reply',
      'complaint:start',
      'complaint:read',
      'complaint:reply',
      'complaint:report',
    ]);
    const stale = ACTIONS.filter(
      (a) =>
        (a.startsWith('journey:') || a.startsWith('complaint:')) &&
        !other.has(a) &&
        !JOURNEY_DECISIONS.includes(a) &&
        !COMPLAINT_DECISIONS.includes(a),
    );
    expect(stale).toEqual([]);
  });
});

describe('operations', () => {
  test.each(READS)('may %s', (action) => {
    expect(mayDo('operations', action)).toBe(true);
  });

  test('may not decide, start, reply, acknowledge or relay anything', () => {
    const allowed = ACTIONS.filter((a) => mayDo('operations', a));
    // Encrypting payloads for the Web UI acts on nothing by itself (the UI sends what it encrypted).
    expect(allowed.sort()).toEqual([...READS, 'codec:encode'].sort());
    for (const action of [...JOURNEY_DECISIONS, ...COMPLAINT_DECISIONS]) {
      expect(mayDo('operations', action)).toBe(false);
    }
  });
});

describe('who decides', () => {
  test('only management approves or sends back a complaint plan', () => {
    expect(rolesFor('complaint:approve-plan')).toEqual(['management']);
    expect(rolesFor('complaint:send-back-plan')).toEqual(['management']);
  });

  test('only a doctor closes a journey early', () => {
    expect(rolesFor('journey:close-early')).toEqual(['doctor']);
    for (const role of ROLES.filter((r) => r !== 'doctor'))
      expect(mayDo(role, 'journey:close-early')).toBe(false);
  });

  test('the clinic system decides nothing clinical', () => {
    const clinical: Action[] = [
      'journey:close-early',
      'journey:migrate-protocol',
      'journey:transfer-decision',
      'journey:acknowledge-escalation',
      'journey:resolve-escalation',
      'escalation:acknowledge',
    ];
    for (const action of clinical) expect(mayDo('clinic-system', action)).toBe(false);
  });
});

describe('the codec endpoint (case contents in the Web UI)', () => {
  test('operations, management and clinical staff; not clinic systems nor the front desk', () => {
    for (const action of ['codec:decode', 'codec:encode'] as const)
      expect([...rolesFor(action)].sort()).toEqual(['doctor', 'management', 'nurse', 'operations']);
  });
});

describe('PARTICIPANTS_OF_ROLE', () => {
  test('has an entry for every role', () => {
    expect(Object.keys(PARTICIPANTS_OF_ROLE).sort()).toEqual([...ROLES].sort());
  });

  test.each(PARTICIPANT_ROLES)('the %s participant can be spoken for by some role', (participant) => {
    const speakers = ROLES.filter((r) => PARTICIPANTS_OF_ROLE[r].includes(participant));
    expect(speakers.length).toBeGreaterThan(0);
  });

  test('names only real participants, and only roles that may submit an assessment have any', () => {
    for (const role of ROLES) {
      for (const p of PARTICIPANTS_OF_ROLE[role]) expect(PARTICIPANT_ROLES).toContain(p);
      if (PARTICIPANTS_OF_ROLE[role].length > 0) {
        expect(mayDo(role, 'complaint:submit-assessment')).toBe(true);
      }
    }
    // And every role that may submit one has someone to speak for.
    const submitters = rolesFor('complaint:submit-assessment') as readonly Role[];
    for (const role of submitters) expect(PARTICIPANTS_OF_ROLE[role].length).toBeGreaterThan(0);
  });
});
