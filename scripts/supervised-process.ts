import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Exit, SupervisedProcess } from './supervisor';

/**
 * Spawns a child for the supervisor, in its own process group: Ctrl-C in the terminal reaches
 * only `npm start`, which then stops the children in order, and a signal to the group reaches
 * whatever the child started too. Output goes to `logFile` (appended), else to the terminal.
 */
export function spawnSupervised(
  command: string,
  args: string[],
  options: { logFile?: string; env?: NodeJS.ProcessEnv } = {},
): SupervisedProcess {
  const out = options.logFile ? openSync(options.logFile, 'a') : 'inherit';
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  if (typeof out === 'number') closeSync(out); // the child has its own copy
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // Could not be started at all (e.g. the command is missing): there will be no 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    pid: child.pid,
    exited,
    signal(signal) {
      if (ended || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal); // the group is gone already; the child itself may not be
      }
    },
  };
}
