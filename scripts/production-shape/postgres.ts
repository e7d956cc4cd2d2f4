import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Child, freePort, waitFor } from './processes';

// PostgreSQL for the production shape: the machine's own (Debian's postgresql-15 package), a new
// cluster in a directory of ours, on a free port of 127.0.0.1, password-authenticated over TCP.
// PostgreSQL refuses to run as root: as root, the cluster belongs to and runs as `nobody`.

export interface Postgres {
  port: number;
  user: string;
  password: string;
  /** postgres://user:password@127.0.0.1:port/database */
  url(database: string): string;
  server: Child;
  /** A fast shutdown: open sessions are ended, everything committed is kept. */
  stop(): Promise<void>;
}

const USER = 'temporal';

/** The directory of initdb and postgres: on PATH, else Debian's newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^[0-9]+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (existsSync(join(debian, v, 'bin', 'initdb'))) return join(debian, v, 'bin');
  throw new Error('PostgreSQL is not installed: no initdb on PATH or in /usr/lib/postgresql/*/bin');
}

/** Who the cluster runs as: this user, or `nobody` when this is root. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Initialises a cluster in `dir`/postgres and starts it; its log is `dir`/postgres.log. */
export async function startPostgres(dir: string): Promise<Postgres> {
  const bin = postgresBinDir();
  const owner = clusterOwner();
  const home = join(dir, 'postgres');
  const data = join(home, 'data');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(home, 'password');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (owner) {
    // `nobody` must reach its directory through ours (traverse only; our files stay 0600).
    chmodSync(dir, 0o711);
    chownSync(home, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const asOwner = (command: string, args: string[]): [string, string[]] =>
    owner
      ? [
          'setpriv',
          [
            '--reuid',
            String(owner.uid),
            '--regid',
            String(owner.gid),
            '--clear-groups',
            '--',
            command,
            ...args,
          ],
        ]
      : [command, args];

  execFileSync(
    ...asOwner(join(bin, 'initdb'), [
      '--pgdata',
      data,
      '--username',
      USER,
      '--pwfile',
      pwfile,
      '--auth-local',
      'trust',
      '--auth-host',
      'scram-sha-256',
      '--encoding',
      'UTF8',
      '--locale',
      'C',
    ]),
    { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  rmSync(pwfile);

  const port = await freePort();
  const server = new Child(
    'postgres',
    ...asOwner(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      home,
      '-c',
      'listen_addresses=127.0.0.1',
    ]),
    { cwd: home, logFile: join(dir, 'postgres.log') },
  );
  const url = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await waitFor(
    'PostgreSQL',
    30,
    async () => {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      await client.end();
    },
    server,
  );
  return { port, user: USER, password, url, server, stop: () => server.stop(15_000, 'SIGINT') };
}
