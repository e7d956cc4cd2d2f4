import { complaintDetails, escalationDetails } from '../../domain/current-details';
import type { ClockView } from '../../domain/sla-clock';

// The Web UI's current details of a complaint and an escalation, from fixed values.

const clock = (over: Partial<ClockView>): ClockView => ({
  id: 'first-contact',
  name: 'First contact with the customer',
  state: 'running',
  mode: 'calendar',
  targetMinutes: 60,
  elapsedMinutes: 20,
  remainingMinutes: 40,
  dueAt: '2026-12-07T10:00:00.000Z',
  warned: false,
  breached: false,
  met: false,
  ...over,
});

test('a complaint: every clock running, paused, breached or stopped, and what wakes it next', () => {
  const details = complaintDetails({
    stage: 'investigating',
    owner: 'doctor',
    severity: 'high',
    waitingOnCustomer: true,
    clocks: [
      clock({}),
      clock({ id: 'root-cause', state: 'paused', remainingMinutes: 300 }),
      clock({ id: 'resolution-plan', breached: true, remainingMinutes: -15 }),
      clock({ id: 'old', state: 'stopped', breached: true }),
    ],
    next: { what: 'an SLA clock', at: Date.parse('2026-12-07T10:00:00Z') },
  });
  expect(details.split('\n\n')).toEqual([
    '**Stage:** investigating · **owner:** doctor · **severity:** high · waiting on the customer',
    '**SLA clocks:** first-contact 40 min left (due 2026-12-07T10:00:00.000Z); root-cause paused, 300 min left; resolution-plan BREACHED 15 min ago; old stopped (breached)',
    '**Next:** an SLA clock at 2026-12-07T10:00:00.000Z',
  ]);
});

test('a closed complaint with nothing next; an escalation waiting for an acknowledgement', () => {
  expect(
    complaintDetails({
      stage: 'closed',
      owner: 'front-desk',
      severity: 'low',
      waitingOnCustomer: false,
      clocks: [],
    }),
  ).toBe(
    '**Stage:** closed · **owner:** front-desk · **severity:** low\n\n**SLA clocks:** none\n\n**Next:** nothing scheduled',
  );
  expect(
    escalationDetails(
      {
        incidentId: 'journey:c:S-1:incident-1',
        ref: '4821',
        severity: 'urgent',
        status: 'paging',
        pages: [1, 2],
        failures: [1],
      },
      'Wait for nurse to acknowledge',
    ),
  ).toBe(
    '**Incident:** journey:c:S-1:incident-1 (ref 4821) · **urgent** · **status:** paging\n\n' +
      '**Pages out:** 2 · **could not be placed:** 1\n\n**Waiting:** Wait for nurse to acknowledge',
  );
});
