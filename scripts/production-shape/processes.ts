import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';

// The production shape's processes: each a child with its output in its own log file, stopped
// gracefully (SIGTERM, then SIGKILL after a grace period) or killed outright.

// Should this process end without stopping them (a test runner's timeout, an uncaught error),
// no server is left behind: whatever still runs is killed on the way out.
const alive = new Set<ChildProcess>();
process.once('exit', () => alive.forEach((child) => child.kill('SIGKILL')));

export class Child {
  private readonly child: ChildProcess;
  /** Settles when the process has exited, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string },
  ) {
    const out = openSync(options.logFile, 'a', 0o600);
    this.child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    alive.add(this.child);
    this.child.once('exit', () => alive.delete(this.child));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
      // A command that cannot be started at all (missing binary) exits with no code.
      this.child.once('error', () => resolve({ code: null, signal: null }));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** `signal` (SIGTERM), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    const kill = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    this.child.kill(signal);
    await this.exited;
    clearTimeout(kill);
  }

  /** SIGKILL: a crash, nothing finished or flushed. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Listens on `port` of 127.0.0.1 (0: the OS picks one) and lets go: the port, or undefined if taken. */
function tryPort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const port = await tryPort(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/**
 * A free port below 32768, for the Temporal server: its SQL schema keeps cluster members' ports
 * in a smallint column, and the OS's own picks are above it. Tried at random, away from the
 * well-known ports.
 */
export async function freeSmallPort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = await tryPort(20_000 + Math.floor(Math.random() * 12_768));
    if (port !== undefined) return port;
  }
  throw new Error('no free port between 20000 and 32767 on 127.0.0.1');
}

/** Calls `probe` until it resolves (every 250 ms); gives up after `seconds` naming `what`. */
export async function waitFor<T>(
  what: string,
  seconds: number,
  probe: () => Promise<T>,
  alive?: Child,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (alive && !alive.running) throw new Error(`${what}: ${alive.name} exited (see its log)`);
    try {
      return await probe();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${what} not ready in ${seconds} s: ${(lastError as Error)?.message ?? 'no answer'}`);
}
