import { TokenBuckets } from '../../api/token-buckets';

// The buckets behind the rate limit and the failed sign-in throttle: full at first, one token
// per spend, refilled at the steady rate, never above capacity; the wait is whole seconds.

test('a new key is full; each spend takes one; an empty bucket says how long until the next token', () => {
  const buckets = new TokenBuckets(3, 60); // one token a second
  expect(buckets.left('a', 0)).toBe(3);
  for (let i = 0; i < 3; i++) buckets.spend('a', 0);
  expect(buckets.left('a', 0)).toBe(0);
  expect(buckets.secondsUntilOne('a', 0)).toBe(1);
  expect(buckets.secondsUntilOne('a', 1000)).toBe(0);
  expect(buckets.left('b', 0)).toBe(3); // keys are separate
});

test('refills at the steady rate, up to capacity', () => {
  const buckets = new TokenBuckets(10, 10 / 15); // ten per 15 minutes
  for (let i = 0; i < 10; i++) buckets.spend('id', 0);
  expect(buckets.secondsUntilOne('id', 0)).toBe(90); // one every 90 s
  expect(buckets.left('id', 45_000)).toBeCloseTo(0.5);
  expect(buckets.left('id', 60 * 60_000)).toBe(10);
});
