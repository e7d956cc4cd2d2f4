import { setTimeout as sleep } from 'node:timers/promises';
import type { Billing, BillingRequest } from '../billing';
import { PermanentDeliveryError } from '../delivery-error';
import type { StaffTask, StaffTasks } from '../staff-tasks';
import type { SupplierNotice, Suppliers } from '../suppliers';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signCareWebhook } from './signature';

// Signed outbound webhooks for the back office: billing requests, supplier notices and staff
// tasks are POSTed as JSON `{type, ...the port's own fields}` to a URL per port, nothing more than
// the port carries. Each request is signed (see signature.ts) and carries the idempotency key, so
// the receiver can drop repeats. Inside one call: a timeout per attempt and a few quick retries
// with backoff for 408/429/5xx and network failures (the activity's retry policy is the long
// one); another 4xx is permanent; 409 is the receiver saying it already has this key.

export interface OutboundWebhookConfig {
  /** The shared HMAC secret. */
  secret: string;
  urls: { billing?: string; suppliers?: string; staffTasks?: string };
  /** Per attempt; default 5 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 2. */
  retries?: number;
  /** First backoff; doubled each retry, with jitter; default 250 ms. */
  backoffMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
  now?: () => Date;
}

export type WebhookPort = keyof OutboundWebhookConfig['urls'];

export const WEBHOOK_TYPES = {
  billing: 'billing.request',
  suppliers: 'supplier.notice',
  staffTasks: 'staff-task.create',
} as const satisfies Record<WebhookPort, string>;

/** The receiver could not be reached or kept failing (5xx, 408, 429, timeout): the activity retries. */
export class WebhookUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUnavailableError';
  }
}

interface Delivered {
  duplicate: boolean;
  body: Record<string, unknown>;
}

export class OutboundWebhooks implements Billing, Suppliers, StaffTasks {
  private readonly fetch: typeof fetch;

  constructor(private readonly config: OutboundWebhookConfig) {
    if (!config.secret) throw new Error('outbound webhooks need a signing secret');
    for (const [port, url] of Object.entries(config.urls)) {
      if (url !== undefined && !/^https?:\/\//.test(url))
        throw new Error(`webhook URL for ${port} must be http(s)`);
    }
    this.fetch = config.fetch ?? fetch;
  }

  async request(request: BillingRequest): Promise<{ requestId: string; duplicate: boolean }> {
    const { duplicate, body } = await this.deliver('billing', request.idempotencyKey, { ...request });
    const requestId = typeof body.requestId === 'string' ? body.requestId : request.idempotencyKey;
    return { requestId, duplicate };
  }

  async notify(notice: SupplierNotice): Promise<{ duplicate: boolean }> {
    const { duplicate } = await this.deliver('suppliers', notice.idempotencyKey, { ...notice });
    return { duplicate };
  }

  async create(task: StaffTask): Promise<{ duplicate: boolean }> {
    const { duplicate } = await this.deliver('staffTasks', task.idempotencyKey, { ...task });
    return { duplicate };
  }

  private async deliver(port: WebhookPort, idempotencyKey: string, payload: object): Promise<Delivered> {
    const url = this.config.urls[port];
    if (!url) {
      throw new PermanentDeliveryError(`no webhook URL is configured for ${port}`, 'rejected');
    }
    // The same body and key on every attempt; the timestamp (and so the signature) is fresh.
    const body = JSON.stringify({ type: WEBHOOK_TYPES[port], ...payload });
    const retries = this.config.retries ?? 2;
    const backoff = this.config.backoffMs ?? 250;
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(backoff * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
      const timestamp = String(Math.floor((this.config.now?.() ?? new Date()).getTime() / 1000));
      let response: Response;
      try {
        response = await this.fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            [IDEMPOTENCY_HEADER]: idempotencyKey,
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signCareWebhook(this.config.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(this.config.timeoutMs ?? 5_000),
          redirect: 'error',
        });
      } catch (err) {
        last = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        continue;
      }
      const answer = await readJson(response);
      if (response.ok) return { duplicate: answer.duplicate === true, body: answer };
      if (response.status === 409) {
        // The receiver already has a request under this key. One under a different key is a conflict.
        if (typeof answer.idempotencyKey === 'string' && answer.idempotencyKey !== idempotencyKey) {
          throw new PermanentDeliveryError(
            `${port} webhook: conflict (HTTP 409) with another request`,
            'rejected',
          );
        }
        return { duplicate: true, body: answer };
      }
      if (
        response.status >= 400 &&
        response.status < 500 &&
        response.status !== 408 &&
        response.status !== 429
      ) {
        throw new PermanentDeliveryError(
          `${port} webhook refused the request (HTTP ${response.status})`,
          'rejected',
        );
      }
      last = `HTTP ${response.status}`;
    }
    throw new WebhookUnavailableError(
      `${port} webhook not delivered after ${retries + 1} attempts (${last})`,
    );
  }
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
