import twilio from 'twilio';
import type SdkRequestClient from 'twilio/lib/base/RequestClient';
import type SdkResponse from 'twilio/lib/http/response';
import type { TwilioAccount } from './credentials';

// The official SDK's client for one clinic's account, pointed at a base URL: Twilio itself in
// production, the local simulator (simulator/) in development and tests. The only difference is
// the host the SDK's HTTP client talks to; paths, auth, form encoding and error parsing are the
// SDK's own, so the path a laptop runs is the production path.

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

export type TwilioClient = twilio.Twilio;

/**
 * The SDK's RequestClient with the scheme, host and port of every request replaced by the base
 * URL's (and the base URL's path, if any, put in front of the request's). With the production
 * base URL nothing changes.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, options: SdkRequestClient.RequestClientOptions = {}) {
    super(options);
    this.base = new URL(baseUrl);
  }

  rewrite(uri: string): string {
    const target = new URL(uri);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${target.pathname}${target.search}`;
  }

  override request<TData>(opts: SdkRequestClient.RequestOptions<TData>): Promise<SdkResponse<TData>> {
    return super.request({ ...opts, uri: this.rewrite(opts.uri) });
  }
}

export interface TwilioClientOptions {
  /** `https://api.twilio.com` (default) or the simulator's URL. */
  baseUrl?: string;
  /** Per request, milliseconds; the activity's own timeout should be longer. Default 15 s. */
  timeoutMs?: number;
}

/**
 * A client for one account. No automatic retries inside the SDK: retrying is the activity's
 * (bounded, visible in Temporal), and a retried send must pass through the idempotency store.
 */
export function twilioClient(account: TwilioAccount, options: TwilioClientOptions = {}): TwilioClient {
  const httpClient = new BaseUrlRequestClient(options.baseUrl ?? TWILIO_API_BASE_URL, {
    timeout: options.timeoutMs ?? 15_000,
    autoRetry: false,
    // A fresh connection per request: nothing lingers after a test or at shutdown.
    keepAlive: false,
  });
  return twilio(account.accountSid, account.authToken, {
    accountSid: account.accountSid,
    httpClient,
    autoRetry: false,
    // Never pick up TWILIO_EDGE/TWILIO_REGION or other process settings by surprise.
    env: {},
  });
}

/** One SDK client per clinic, made on first use from that clinic's credentials. */
export class TwilioClients {
  private readonly clients = new Map<string, TwilioClient>();

  constructor(
    private readonly accountOf: (clinicId: string) => TwilioAccount,
    private readonly options: TwilioClientOptions = {},
  ) {}

  get(clinicId: string): { account: TwilioAccount; client: TwilioClient } {
    const account = this.accountOf(clinicId);
    let client = this.clients.get(clinicId);
    if (!client) {
      client = twilioClient(account, this.options);
      this.clients.set(clinicId, client);
    }
    return { account, client };
  }
}
