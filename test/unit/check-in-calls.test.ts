import { checkInOfCall } from '../../domain/check-in-calls';
import type { CheckInState } from '../../domain/journey';

function checkIn(id: string, callTaskId?: string): CheckInState {
  return {
    id,
    channel: 'nurse-call',
    questionSet: 'wound',
    dueAt: '2026-11-25T00:00:00.000Z',
    replyWindowHours: 4,
    noReply: 'nurse-call',
    status: 'sent',
    ...(callTaskId ? { callTaskId } : {}),
  };
}

describe('the check-in a call task belongs to', () => {
  test('found by the task id the check-in recorded, whatever the task says', () => {
    const checkIns = [checkIn('day-2', 'task-3'), checkIn('day-7', 'task-9')];
    expect(
      checkInOfCall(checkIns, { taskId: 'task-9', summary: 'Check-in day-2: call the patient' })?.id,
    ).toBe('day-7');
  });

  test('a task no check-in opened belongs to none, even if its text names one', () => {
    const checkIns = [checkIn('day-2', 'task-3')];
    expect(
      checkInOfCall(checkIns, { taskId: 'task-4', summary: 'Check-in day-2: call the patient' }),
    ).toBeUndefined();
  });

  test('tasks opened before check-ins recorded their task are matched by their text', () => {
    const checkIns = [checkIn('day-2'), checkIn('day-20')];
    expect(
      checkInOfCall(checkIns, { taskId: 'task-1', summary: 'Check-in day-20: call the patient' })?.id,
    ).toBe('day-20');
    expect(
      checkInOfCall(checkIns, { taskId: 'task-2', summary: 'No reply to check-in day-2: call the patient' })
        ?.id,
    ).toBe('day-2');
    expect(
      checkInOfCall(checkIns, { taskId: 'task-5', summary: 'Patient asked for a callback' }),
    ).toBeUndefined();
  });
});
