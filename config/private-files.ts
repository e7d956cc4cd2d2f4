import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Patient data lands in the data directory: Temporal's database, the outbox and simulator logs,
// credentials and secrets. Only the account that runs the system may read it.

/** Files and directories created from now on by this process and its children: 0600 / 0700. */
export function createPrivately(): void {
  process.umask(0o077);
}

/** Makes everything already in `dir` private (files written before this was the rule). */
export function keepPrivate(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) keepPrivate(path);
    else if (entry.isFile() && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}
