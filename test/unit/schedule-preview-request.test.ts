import { previewRequest } from '../../api/routes/protocols';

const body = {
  surgeryAt: '2026-11-23T10:00:00+09:00',
  timeZone: 'Asia/Tokyo',
  quietHours: { start: '21:00', end: '08:00' },
};

describe('a schedule preview request', () => {
  test('quiet hours crossing midnight are accepted', () => {
    expect(previewRequest.safeParse(body).success).toBe(true);
  });

  test('quiet hours that start when they end are refused, naming the field', () => {
    const parsed = previewRequest.safeParse({ ...body, quietHours: { start: '08:00', end: '08:00' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['quietHours.end', 'start and end must differ'],
    ]);
  });
});
