import type { MedplumRequestOptions } from '@medplum/core';
import { MedplumClient } from '@medplum/core';
import type { FhirFailureContext } from './errors';
import { fhirFailure } from './errors';

/** How to reach the clinic's FHIR R4 server. */
export interface FhirConnection {
  /** The server's base URL, e.g. `http://127.0.0.1:8103/`; FHIR lives at `<baseUrl>/<fhirUrlPath>`. */
  baseUrl: string;
  /** Default `fhir/R4`. */
  fhirUrlPath?: string;
  /** A static bearer token, sent on every request. */
  bearerToken?: string;
  /** OAuth2 client credentials (MedplumClient fetches and refreshes the token at `tokenUrl`). */
  clientId?: string;
  clientSecret?: string;
  /** Default `<baseUrl>/oauth2/token`. */
  tokenUrl?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Retries inside one call for 429/5xx/network (MedplumClient's own); default 1. Activities retry too. */
  maxRetries?: number;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
}

/**
 * A MedplumClient for one FHIR server, with no read cache (every read is fresh) and the HTTP status
 * of every request kept beside its options object, so a failure is judged by what the server said
 * (MedplumClient's error carries only the OperationOutcome: a 503 with an HTML body would otherwise
 * look like a 400).
 */
export class FhirGateway {
  readonly client: MedplumClient;
  private readonly statuses = new WeakMap<object, number>();
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  constructor(connection: FhirConnection) {
    const baseFetch = connection.fetch ?? fetch;
    this.timeoutMs = connection.timeoutMs ?? 10_000;
    this.maxRetries = connection.maxRetries ?? 1;
    this.client = new MedplumClient({
      baseUrl: connection.baseUrl,
      fhirUrlPath: connection.fhirUrlPath ?? 'fhir/R4',
      cacheTime: 0,
      // A static token as a default header: MedplumClient clears its own access token on a 401,
      // which would silently drop a configured one for every later call.
      defaultHeaders: connection.bearerToken ? { Authorization: `Bearer ${connection.bearerToken}` } : {},
      clientId: connection.clientId,
      clientSecret: connection.clientSecret,
      tokenUrl: connection.tokenUrl,
      // Medplum's own extensions are not asked for: this is any FHIR R4 server.
      extendedMode: false,
      fetch: async (url: string, init: RequestInit) => {
        const response = await baseFetch(url, init);
        this.statuses.set(init, response.status);
        return response;
      },
    });
  }

  /** Runs one request; `options` must be passed to the client call as its request options. */
  async call<T>(
    context: Omit<FhirFailureContext, 'status'>,
    request: (options: MedplumRequestOptions) => Promise<T>,
  ): Promise<{ result: T; status: number | undefined }> {
    const options: MedplumRequestOptions = {
      signal: AbortSignal.timeout(this.timeoutMs),
      maxRetries: this.maxRetries,
      maxRetryTime: 1_000,
    };
    try {
      const result = await request(options);
      return { result, status: this.statuses.get(options) };
    } catch (err) {
      throw fhirFailure(err, { ...context, status: this.statuses.get(options) });
    }
  }
}
