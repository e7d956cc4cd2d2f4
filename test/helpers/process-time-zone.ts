import { runInThisContext } from 'node:vm';

// Runs `fn` with the process's own time zone set to `timeZone`, then restores it, so a test can
// show that a result does not depend on the machine's TZ. Node resets its time-zone caches when
// process.env.TZ is assigned, but Jest gives each test file a copy of process.env: assigning that
// copy changes nothing. The host process is reached through the main V8 context instead.

const hostProcess = runInThisContext('process') as NodeJS.Process;

export function withProcessTimeZone<T>(timeZone: string, fn: () => T): T {
  const saved = hostProcess.env.TZ;
  hostProcess.env.TZ = timeZone;
  try {
    // Fail loudly if the switch did not take: the test would otherwise prove nothing.
    const actual = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (actual !== timeZone) throw new Error(`process time zone is ${actual}, not ${timeZone}`);
    return fn();
  } finally {
    if (saved === undefined) delete hostProcess.env.TZ;
    else hostProcess.env.TZ = saved;
  }
}

/** Time zones a server might run in: far east of UTC, west of it with DST, and one whose DST
 * jump skips local midnight (Santiago springs forward at 00:00 on 2026-09-06). */
export const MACHINE_TIME_ZONES = ['Pacific/Kiritimati', 'America/Los_Angeles', 'America/Santiago'] as const;
