import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';

// The production shape's processes: each a child with its output in its own log file, stopped
// gracefully (SIGTERM, then SIGKILL after a grace period) or killed outright.

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

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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
