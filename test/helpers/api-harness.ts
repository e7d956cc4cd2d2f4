import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import { createDevAdapters } from '../../adapters/dev';
import { Outbox } from '../../adapters/dev/outbox';
import { createApp } from '../../api/app';
import { createWorker } from '../../worker/create-worker';
import { localEnvironment, workflowBundle } from './environments';
import { clinics, tempOutboxFile } from './fixtures';

/**
 * The API as deployed: a real Temporal dev server (the CLI `npm start` runs), a real worker
 * with the dev adapters, the Express app on a real port, spoken to over HTTP.
 */
export class ApiHarness {
  env!: TestWorkflowEnvironment;
  outbox!: Outbox;
  base = '';
  private worker!: Worker;
  private running!: Promise<void>;
  private server!: Server;

  async setUp(): Promise<void> {
    this.env = await localEnvironment();
    const file = tempOutboxFile();
    this.outbox = new Outbox(file);
    const taskQueue = `api-${Math.random().toString(36).slice(2)}`;
    this.worker = await createWorker({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue,
      adapters: createDevAdapters(file, clinics),
      workflowBundle: await workflowBundle(),
    });
    this.running = this.worker.run();
    const app = createApp({
      client: this.env.client,
      taskQueue,
      clinics,
      logger: pino({ level: 'silent' }),
      outbox: this.outbox,
    });
    this.server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => this.server.once('listening', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async tearDown(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
    if (this.worker) {
      this.worker.shutdown();
      await this.running;
    }
    await this.env?.teardown();
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }

  async workflowExists(id: string): Promise<boolean> {
    try {
      await this.env.client.workflow.getHandle(id).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }
}

/** Poll (real time) until `probe` gives a value. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
