import { z } from 'zod';
import type { JsonSchema } from './json-schema';
import { jsonSchema } from './json-schema';

// Every failure has the one body api/errors.ts writes; it is documented once as a component and
// each operation refers to it for the statuses it can answer with.

const errorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe('Stable and machine-readable, e.g. "invalid-request", "forbidden", "conflict".'),
      message: z.string().describe('For people; starts with the bad field when one is to blame.'),
      field: z.string().optional().describe('The first bad field, e.g. "body.patient.phone".'),
      problems: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .describe('Every validation problem, when the body or query failed its schema.'),
      requestId: z.string().describe('The x-request-id of the call, to find it in the logs.'),
    }),
  })
  .describe('The one error body of this API.');

export const ERROR_SCHEMA_NAME = 'Error';
export const errorSchema: JsonSchema = jsonSchema(errorBody);

/** What each error status means here. */
export const ERROR_STATUSES = {
  400: 'Malformed: the body, query, path or Idempotency-Key header failed validation, or the body is not JSON.',
  401: 'No credential, or an unknown or revoked one.',
  403: "The credential's role may not do this, or it acts for another clinic.",
  404: 'No such case or resource, or it belongs to another clinic (answered alike).',
  409: 'It exists already: the workflow id is the business key.',
  413: 'The body is larger than 100 kB.',
  422: 'Well-formed but refused: the case has ended, its current state rejects the decision (nothing changes), or an Idempotency-Key is reused for a different request.',
  405: 'The path exists, but not with this method: Allow lists the methods it has.',
  429: 'Too many requests for this credential (or, without one, this address), or (import-paced) too many bulk-import starts waiting; Retry-After says when to retry.',
  503: 'Temporal or the worker did not answer within the deadline (TEMPORAL_QUERY_TIMEOUT_MS): code "worker-unavailable" (Temporal answers, no worker reads or decides cases now) or "temporal-unavailable" (Temporal does not answer). Retry-After says when to retry. A start or reply sent again with the same Idempotency-Key or providerMessageId acts once; a decision refused this way was never accepted, and sent again with the Idempotency-Key of this answer (header) it is made at most once.',
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** The name of the reusable response of an error status, e.g. "Error404". */
export const errorResponseName = (status: ErrorStatus) => `Error${status}`;

/** The reusable responses, one per error status, all with the one error body. */
export function errorResponses(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([status, description]) => [
      errorResponseName(Number(status) as ErrorStatus),
      {
        description,
        ...(status === '429' || status === '503'
          ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } }
          : {}),
        ...(status === '405'
          ? { headers: { Allow: { description: 'The methods of this path.', schema: { type: 'string' } } } }
          : {}),
        content: {
          'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } },
        },
      },
    ]),
  );
}
