import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import type { Postgres } from './postgres';
import { Child, freeSmallPort, waitFor } from './processes';

// The Temporal server of the production shape, as docker-compose.yml runs it but natively: the
// official server built from source (scripts/install-temporal-server.sh), its schemas in
// PostgreSQL made by temporal-sql-tool the way the auto-setup image makes them (a database each
// for persistence and for SQL visibility), the compose stack's dynamic config.

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const TOOLS = join(ROOT, 'tools');
const DYNAMIC_CONFIG = join(ROOT, 'deploy', 'temporal', 'dynamicconfig', 'development-sql.yaml');
/** The SQL plugin's name (not a PostgreSQL version: it serves PostgreSQL 12 and later). */
const PLUGIN = 'postgres12';

/** The databases and the schemas built into temporal-sql-tool that go into them. */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

export function temporalTool(name: 'temporal' | 'temporal-server' | 'temporal-sql-tool'): string {
  const path = join(TOOLS, name);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run "npm run setup" (or "npm test", which runs it)`);
  return path;
}

/**
 * Creates both databases and brings their schemas to the version this server needs: the
 * versioning tables first (setup-schema -v 0.0), then every versioned step (update-schema).
 */
export async function setUpTemporalSchemas(pg: Postgres): Promise<void> {
  const sqlTool = temporalTool('temporal-sql-tool');
  for (const { database, schema } of TEMPORAL_DATABASES) {
    const tool = (...args: string[]) =>
      run(
        sqlTool,
        [
          '--plugin',
          PLUGIN,
          '--endpoint',
          '127.0.0.1',
          '--port',
          String(pg.port),
          '--user',
          pg.user,
          '--database',
          database,
          ...args,
        ],
        // The password by environment, not on a command line that `ps` shows.
        { env: { ...process.env, SQL_PASSWORD: pg.password } },
      );
    await tool('create-database');
    await tool('setup-schema', '--version', '0.0');
    await tool('update-schema', '--schema-name', schema);
  }
}

export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

export async function freeTemporalPorts(): Promise<TemporalPorts> {
  const names: (keyof TemporalPorts)[] = [
    'frontend',
    'frontendHttp',
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
  ];
  const ports: Partial<TemporalPorts> = {};
  const taken = new Set<number>();
  for (const name of names) {
    let port = await freeSmallPort();
    while (taken.has(port)) port = await freeSmallPort();
    taken.add(port);
    ports[name] = port;
  }
  return ports as TemporalPorts;
}

/** The server's configuration: PostgreSQL persistence and SQL visibility, every service on 127.0.0.1. */
export function temporalServerConfig(pg: Postgres, ports: TemporalPorts): string {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: ${PLUGIN}
        databaseName: ${database}
        connectAddr: "127.0.0.1:${pg.port}"
        connectProtocol: tcp
        user: ${pg.user}
        password: "${pg.password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  return `# The production shape's Temporal server (scripts/production-shape/temporal-server.ts).
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 10)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1

services:
  frontend:${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  history:${service(ports.history, ports.historyMembership)}
  matching:${service(ports.matching, ports.matchingMembership)}
  worker:${service(ports.worker, ports.workerMembership)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${ports.frontend}"

dcRedirectionPolicy:
  policy: noop

archival:
  history:
    state: disabled
  visibility:
    state: disabled

namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled

dynamicConfigClient:
  filepath: "${DYNAMIC_CONFIG}"
  pollInterval: 10s
`;
}

/** The server process: started, restarted, stopped; its log is `dir`/temporal-server.log. */
export class TemporalServer {
  process!: Child;
  readonly address: string;
  private readonly configFile: string;

  constructor(
    private readonly dir: string,
    pg: Postgres,
    ports: TemporalPorts,
  ) {
    this.address = `127.0.0.1:${ports.frontend}`;
    this.configFile = join(dir, 'temporal-server.yaml');
    // The file holds the database password.
    writeFileSync(this.configFile, temporalServerConfig(pg, ports), { mode: 0o600 });
  }

  /** Starts the server and waits until its frontend answers. */
  async start(): Promise<void> {
    this.process = new Child(
      'temporal-server',
      temporalTool('temporal-server'),
      ['--config-file', this.configFile, '--allow-no-auth', 'start'],
      { logFile: join(this.dir, 'temporal-server.log') },
    );
    await waitFor(
      'Temporal server',
      60,
      async () => {
        const connection = await Connection.connect({ address: this.address, connectTimeout: 1000 });
        try {
          await connection.workflowService.getSystemInfo({});
        } finally {
          await connection.close();
        }
      },
      this.process,
    );
  }

  /** A graceful stop (SIGTERM), then a start on the same ports and databases. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  stop(): Promise<void> {
    return this.process?.stop(20_000) ?? Promise.resolve();
  }

  /**
   * The namespace and our search attributes, the way compose does: the namespace as auto-setup
   * creates it, then deploy/temporal/register-search-attributes.sh (temporal CLI and jq), as
   * the temporal-init service runs it.
   */
  async registerNamespace(namespace: string): Promise<void> {
    const cli = temporalTool('temporal');
    const env = { ...process.env, TEMPORAL_ADDRESS: this.address, TEMPORAL_NAMESPACE: namespace };
    await run(cli, ['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '24h'], {
      env,
    });
    await run('bash', [join(ROOT, 'deploy', 'temporal', 'register-search-attributes.sh')], {
      env: { ...env, PATH: `${TOOLS}:${process.env.PATH ?? ''}` },
    });
  }
}
