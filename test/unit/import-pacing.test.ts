import { ApiError } from '../../api/errors';
import { ImportPacing, ImportSlots } from '../../api/import-pacing';

// Bulk-import starts paced: each takes the next free turn, 1/perSecond apart; one whose turn is
// further off than the longest wait is refused (and takes no turn).

test('turns are 1/perSecond apart from the first; a gap lets the next go at once', () => {
  const slots = new ImportSlots(4, 1000); // one every 250 ms
  expect([0, 0, 0, 0, 0].map(() => slots.take(10_000))).toEqual([0, 250, 500, 750, 1000]);
  expect(slots.take(10_000)).toBeUndefined(); // 1,250 ms off: refused
  expect(slots.retryAfterSeconds(10_000)).toBe(1);
  expect(slots.take(10_300)).toBe(950); // a refusal took no turn
  expect(slots.take(20_000)).toBe(0); // long after: at once
});

test('ImportPacing waits out the turn, and refuses with 429, Retry-After and nothing waited', async () => {
  let now = 0;
  const slept: number[] = [];
  const pacing = new ImportPacing(
    2,
    1000,
    () => now,
    async (ms) => void slept.push(ms),
  );
  await pacing.turn();
  await pacing.turn();
  await pacing.turn();
  expect(slept).toEqual([500, 1000]);
  const refused = await pacing.turn().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(ApiError);
  expect(refused).toMatchObject({ status: 429, code: 'import-paced', retryAfterSeconds: 1 });
  expect(slept).toEqual([500, 1000]);
  now = 5_000;
  await pacing.turn();
  expect(slept).toEqual([500, 1000]); // its turn was now
});
