import type { Exit, SupervisedProcess, Timers } from '../../scripts/supervisor';
import { restartDelay, Supervisor } from '../../scripts/supervisor';

// The supervision of `npm start` with fake children and a fake clock: who is restarted when,
// what the log says, and how stopping goes. test/system/supervised-start.test.ts does it for real.

class FakeClock implements Timers {
  private time = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.time;
  after = (ms: number, fn: () => void) => {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };
  /** Moves the clock on, firing what falls due in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = end;
  }
}

let nextPid = 100;
class FakeProcess implements SupervisedProcess {
  readonly pid = nextPid++;
  readonly signals: NodeJS.Signals[] = [];
  private end!: (exit: Exit) => void;
  readonly exited = new Promise<Exit>((resolve) => (this.end = resolve));
  /** Whether it ends when asked to (SIGTERM), or only when killed. */
  constructor(private readonly obeysSigterm = true) {}
  signal(signal: NodeJS.Signals) {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.obeysSigterm) this.end({ code: null, signal });
  }
  crash(exit: Exit = { code: null, signal: 'SIGKILL' }) {
    this.end(exit);
  }
}

const settle = () => new Promise((r) => setImmediate(r));

function setUp(obeysSigterm: Record<string, boolean> = {}) {
  const clock = new FakeClock();
  const log: string[] = [];
  const failed: string[] = [];
  const launched: Record<string, FakeProcess[]> = {};
  const order: string[] = [];
  const supervisor = new Supervisor({
    timers: clock,
    log: (line) => log.push(line),
    failedToStart: (name, exit) => failed.push(`${name} ${exit.code}`),
  });
  const start = (name: string) =>
    supervisor.start(name, () => {
      const p = new FakeProcess(obeysSigterm[name] ?? true);
      void p.exited.then(() => order.push(name));
      (launched[name] ??= []).push(p);
      return p;
    });
  const current = (name: string) => launched[name]!.at(-1)!;
  return { clock, log, failed, launched, order, supervisor, start, current };
}

test('the restart delay starts at 1 s and doubles up to 30 s', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelay(n))).toEqual([
    1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
  ]);
});

test('a crashed child is restarted after the back-off, with a log line; the others keep running', async () => {
  const s = setUp();
  s.start('worker');
  s.start('api');
  s.supervisor.supervise();
  const first = s.current('worker');
  await s.clock.advance(5_000);
  first.crash();
  await settle();
  expect(s.log).toEqual([
    `worker (pid ${first.pid}) exited unexpectedly (signal SIGKILL) after 5 s; restarting in 1 s (attempt 1)`,
  ]);
  expect(s.supervisor.pids()).toEqual({ api: s.current('api').pid });
  await s.clock.advance(999);
  expect(s.launched.worker).toHaveLength(1);
  await s.clock.advance(1);
  expect(s.launched.worker).toHaveLength(2);
  const second = s.current('worker');
  expect(s.log[1]).toBe(`worker restarted (pid ${second.pid}, attempt 1)`);
  expect(s.supervisor.pids()).toEqual({ worker: second.pid, api: s.current('api').pid });
  expect(s.launched.api).toHaveLength(1);
  expect(s.current('api').signals).toEqual([]);
});

test('crashes in a row wait longer each time, up to 30 s; a healthy minute resets the back-off', async () => {
  const s = setUp();
  s.start('worker');
  s.supervisor.supervise();
  const delays: string[] = [];
  for (let i = 0; i < 7; i++) {
    s.current('worker').crash({ code: 1, signal: null });
    await settle();
    delays.push(/restarting in (.*) \(attempt (\d+)\)/.exec(s.log.at(-1)!)!.slice(1).join(' #'));
    await s.clock.advance(30_000);
  }
  expect(delays).toEqual(['1 s #1', '2 s #2', '4 s #3', '8 s #4', '16 s #5', '30 s #6', '30 s #7']);
  expect(s.log).toContain(
    `worker (pid ${s.launched.worker![1]!.pid}) exited unexpectedly (code 1) after 29 s; restarting in 2 s (attempt 2)`,
  );
  // Running 59.9 s is not healthy yet; a full minute is.
  await s.clock.advance(59_900);
  s.current('worker').crash();
  await settle();
  expect(s.log.at(-1)).toMatch(/after 59\.9 s; restarting in 30 s \(attempt 8\)$/);
  await s.clock.advance(30_000 + 60_000);
  s.current('worker').crash();
  await settle();
  expect(s.log.at(-1)).toMatch(/after 60 s; restarting in 1 s \(attempt 1\)$/);
});

test('during start-up a child that ends is reported, not restarted', async () => {
  const s = setUp();
  s.start('temporal');
  s.start('api');
  s.current('api').crash({ code: 1, signal: null });
  await settle();
  expect(s.failed).toEqual(['api 1']);
  await s.clock.advance(60_000);
  expect(s.launched.api).toHaveLength(1);
  expect(s.log).toEqual([]);
});

test('stop ends the children step by step, killing one that does not stop within its grace', async () => {
  const s = setUp({ worker: false });
  for (const name of ['temporal', 'fhir', 'worker', 'api']) s.start(name);
  s.supervisor.supervise();
  const stopped = s.supervisor.stop([
    { names: ['api', 'worker'], graceMs: 15_000 },
    { names: ['temporal'], graceMs: 10_000 },
  ]);
  await settle();
  // The worker ignores SIGTERM: nothing else is stopped until it is killed after 15 s.
  expect(s.order).toEqual(['api']);
  await s.clock.advance(14_999);
  expect(s.order).toEqual(['api']);
  await s.clock.advance(1);
  await stopped;
  expect(s.current('worker').signals).toEqual(['SIGTERM', 'SIGKILL']);
  // Children no step names (fhir here) go last.
  expect(s.order).toEqual(['api', 'worker', 'temporal', 'fhir']);
  expect(s.supervisor.pids()).toEqual({});
  expect(s.log).toEqual([]); // stopping is not a crash
});

test('a restart pending when stopping is cancelled', async () => {
  const s = setUp();
  s.start('worker');
  s.supervisor.supervise();
  s.current('worker').crash();
  await settle();
  await s.supervisor.stop([{ names: ['worker'], graceMs: 1_000 }]);
  await s.clock.advance(60_000);
  expect(s.launched.worker).toHaveLength(1);
});

test('killAll kills every running child at once', async () => {
  const s = setUp({ worker: false });
  s.start('worker');
  s.start('api');
  s.current('api').crash({ code: 0, signal: null });
  await settle();
  s.supervisor.killAll();
  expect(s.current('worker').signals).toEqual(['SIGKILL']);
  expect(s.current('api').signals).toEqual([]);
});
