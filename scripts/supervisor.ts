// What keeps `npm start` running through a crash: each child process (Temporal, the providers,
// the worker, the API) that ends on its own is started again after a back-off, with a log line
// saying which, how it ended and when it comes back; the others go on. Only stop() ends them all,
// in order. Until supervise() (start-up), a child that ends is reported instead: a child that
// cannot start once is a configuration problem, which restarting would only repeat.

/** How a child process ended: its exit code, or the signal that ended it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running child process, as the supervisor sees it (scripts/supervised-process.ts). */
export interface SupervisedProcess {
  readonly pid: number | undefined;
  /** Settles once, when the process has ended (or could not be started). */
  readonly exited: Promise<Exit>;
  /** Sends a signal to the process (and whatever it started). */
  signal(signal: NodeJS.Signals): void;
}

export interface Timers {
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export interface Backoff {
  /** Delay before the first restart. */
  firstMs: number;
  /** The delay doubles with each restart in a row, up to this. */
  maxMs: number;
  /** A child that ran this long before ending was healthy: its next restart is a first one again. */
  healthyAfterMs: number;
}

export const RESTART_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 30_000, healthyAfterMs: 60_000 };

/** The delay before restart number `attempt` (1, 2, …) of a row: 1 s, 2 s, 4 s … 30 s. */
export function restartDelay(attempt: number, backoff: Backoff = RESTART_BACKOFF): number {
  return Math.min(backoff.firstMs * 2 ** (attempt - 1), backoff.maxMs);
}

export function describeExit({ code, signal }: Exit): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** Children to stop together, and how long each may take before it is killed. */
export interface StopStep {
  names: string[];
  graceMs: number;
}

interface Child {
  name: string;
  launch: () => SupervisedProcess;
  process: SupervisedProcess;
  running: boolean;
  startedAt: number;
  /** Restarts in a row without a healthy run in between. */
  attempt: number;
  cancelRestart?: () => void;
}

export interface SupervisorOptions {
  timers: Timers;
  log: (line: string) => void;
  /** A child ended during start-up (before supervise()). */
  failedToStart: (name: string, exit: Exit) => void;
  /** A child was (re)started: its pid changed. */
  changed?: () => void;
  backoff?: Backoff;
}

export class Supervisor {
  private readonly children: Child[] = [];
  private supervising = false;
  private stopping = false;
  private readonly backoff: Backoff;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = options.backoff ?? RESTART_BACKOFF;
  }

  /** Starts a child; `launch` is called again for each restart. */
  start(name: string, launch: () => SupervisedProcess): void {
    const child: Child = { name, launch, process: undefined!, running: false, startedAt: 0, attempt: 0 };
    this.children.push(child);
    this.run(child);
  }

  /** Start-up is over: from now on a child that ends is restarted. */
  supervise(): void {
    this.supervising = true;
  }

  /** The pid of each child now running. */
  pids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const c of this.children) if (c.running && c.process.pid !== undefined) pids[c.name] = c.process.pid;
    return pids;
  }

  /**
   * Stops every child, step by step: SIGTERM, then SIGKILL once the step's grace has passed.
   * Pending restarts are cancelled; children no step names are stopped last.
   */
  async stop(steps: StopStep[]): Promise<void> {
    this.stopping = true;
    for (const c of this.children) c.cancelRestart?.();
    const named = new Set(steps.flatMap((s) => s.names));
    const rest = this.children.filter((c) => !named.has(c.name)).map((c) => c.name);
    for (const step of [...steps, { names: rest, graceMs: 5_000 }]) {
      const stepChildren = this.children.filter((c) => step.names.includes(c.name));
      await Promise.all(stepChildren.map((c) => this.stopChild(c, step.graceMs)));
    }
  }

  /** Last resort when this process exits without stop(): no child may outlive it. */
  killAll(): void {
    this.stopping = true;
    for (const c of this.children) if (c.running) c.process.signal('SIGKILL');
  }

  private run(child: Child): void {
    const process = child.launch();
    child.process = process;
    child.running = true;
    child.startedAt = this.options.timers.now();
    void process.exited.then((exit) => this.ended(child, process, exit));
    this.options.changed?.();
  }

  private ended(child: Child, process: SupervisedProcess, exit: Exit): void {
    if (child.process !== process) return;
    child.running = false;
    if (this.stopping) return;
    if (!this.supervising) {
      this.options.failedToStart(child.name, exit);
      return;
    }
    const ranMs = this.options.timers.now() - child.startedAt;
    child.attempt = ranMs >= this.backoff.healthyAfterMs ? 1 : child.attempt + 1;
    const delay = restartDelay(child.attempt, this.backoff);
    this.options.log(
      `${child.name} (pid ${process.pid}) exited unexpectedly (${describeExit(exit)}) after ${seconds(ranMs)}; ` +
        `restarting in ${seconds(delay)} (attempt ${child.attempt})`,
    );
    child.cancelRestart = this.options.timers.after(delay, () => {
      child.cancelRestart = undefined;
      if (this.stopping) return;
      this.run(child);
      this.options.log(`${child.name} restarted (pid ${child.process.pid}, attempt ${child.attempt})`);
    });
  }

  private async stopChild(child: Child, graceMs: number): Promise<void> {
    if (!child.running) return;
    const cancelKill = this.options.timers.after(graceMs, () => child.process.signal('SIGKILL'));
    child.process.signal('SIGTERM');
    await child.process.exited;
    cancelKill();
  }
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
