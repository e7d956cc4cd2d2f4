import { clinicOfWorkflowId } from '../../domain/case-ids';
import { PermanentDeliveryError } from '../delivery-error';
import type { TwilioAccount } from './credentials';
import type { TwilioClient, TwilioClients } from './client';
import type { SentKind, SentStore } from './sent-store';

// What the SMS and voice adapters share: the clinic a case belongs to, its account and client,
// the webhook URLs Twilio calls back, and "send once per idempotency key".

export interface TwilioAdapterOptions {
  clients: TwilioClients;
  /** The public URL Twilio calls our webhooks at (WEBHOOK_BASE_URL), no trailing slash needed. */
  publicBaseUrl: string;
  store: SentStore;
  now?: () => Date;
}

export function clinicOfCase(caseId: string, what: string): string {
  const clinicId = clinicOfWorkflowId(caseId);
  if (!clinicId) {
    throw new PermanentDeliveryError(`${what} not sent: case "${caseId}" names no clinic`, 'rejected');
  }
  return clinicId;
}

export function accountAndClient(
  clients: TwilioClients,
  clinicId: string,
  what: string,
): { account: TwilioAccount; client: TwilioClient } {
  try {
    return clients.get(clinicId);
  } catch (err) {
    throw new PermanentDeliveryError(
      `${what} not sent: configuration problem: ${(err as Error).message}`,
      'rejected',
    );
  }
}

export function webhookUrl(
  publicBaseUrl: string,
  clinicId: string,
  route: 'status' | 'voice' | 'sms',
  query: Record<string, string | undefined>,
): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const search = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  return `${base}/webhooks/twilio/${encodeURIComponent(clinicId)}/${route}${search ? `?${search}` : ''}`;
}

/**
 * Runs `send` once per (kind, key): a key already in the store returns its SID as a duplicate; a
 * key being sent right now by another activity in this process waits for that send.
 */
export class OncePerKey {
  private readonly inFlight = new Map<string, Promise<{ sid: string; duplicate: boolean }>>();

  constructor(
    private readonly store: SentStore,
    private readonly now: () => Date,
  ) {}

  async run(
    kind: SentKind,
    key: string,
    send: () => Promise<string>,
  ): Promise<{ sid: string; duplicate: boolean }> {
    const id = `${kind}\n${key}`;
    const running = this.inFlight.get(id);
    if (running) return running.then((r) => ({ sid: r.sid, duplicate: true }));
    const attempt = (async () => {
      const known = await this.store.get(kind, key);
      if (known) return { sid: known.sid, duplicate: true };
      const sid = await send();
      // The crash window (see sent-store.ts) is between send() returning and this write.
      await this.store.put({ kind, idempotencyKey: key, sid, at: this.now().toISOString() });
      return { sid, duplicate: false };
    })();
    this.inFlight.set(id, attempt);
    try {
      return await attempt;
    } finally {
      this.inFlight.delete(id);
    }
  }
}
