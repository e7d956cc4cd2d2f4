import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// The servers the project installs itself (scripts/install-temporal.sh). Tests never download.
const TOOLS = resolve(__dirname, '..', '..', 'tools');

function tool(name: string): string {
  const path = resolve(TOOLS, name);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run "npm run setup" (or "npm test", which runs it)`);
  return path;
}

export const temporalCli = () => tool('temporal');
export const timeSkippingServer = () => tool('temporal-test-server');
