import { HandlerLock } from '../../workflows/case/handler-lock';

// Staff decisions that await run one at a time; an uncontended one starts in the same tick (so
// the commands a run issues are as before the lock existed).

const tick = () => new Promise((r) => setImmediate(r));

test('uncontended, the handler starts at once (same tick) and its own promise is answered', () => {
  const lock = new HandlerLock();
  const order: string[] = [];
  void lock.run(async () => order.push('ran'));
  order.push('after run()');
  expect(order).toEqual(['ran', 'after run()']);
  const answer = Promise.resolve(7);
  expect(new HandlerLock().run(() => answer)).toBe(answer);
});

test('a second handler waits until the first has finished, then runs', async () => {
  const lock = new HandlerLock();
  const order: string[] = [];
  let release!: () => void;
  const first = lock.run(async () => {
    order.push('first starts');
    await new Promise<void>((r) => (release = r));
    order.push('first ends');
    return 1;
  });
  expect(lock.busy).toBe(true);
  const second = lock.run(async () => {
    order.push('second runs');
    return 2;
  });
  await tick();
  expect(order).toEqual(['first starts']);
  release();
  await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
  expect(order).toEqual(['first starts', 'first ends', 'second runs']);
  await tick();
  expect(lock.busy).toBe(false);
});

test('a refusal or failure of one handler does not block the next, and reaches its caller', async () => {
  const lock = new HandlerLock();
  const failed = lock.run(async () => {
    throw new Error('refused');
  });
  const next = lock.run(async () => 'next');
  await expect(failed).rejects.toThrow('refused');
  await expect(next).resolves.toBe('next');
});
