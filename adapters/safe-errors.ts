import { ApplicationFailure } from '@temporalio/common';
import type { Adapters } from '.';
import { PermanentDeliveryError } from './delivery-error';

// An adapter's error may quote what it was given: a provider's "The 'To' number +81… is not a
// valid phone number", a parser's snippet of a message body. Its message becomes the activity's
// failure (in Temporal's history, encrypted since failures' messages are encoded too, see
// temporal/failure-converter.ts) and a line in the worker's log (not encrypted). So every adapter
// call's error leaves with the texts of its request (everything but ids, keys and categories) and
// any phone-like number replaced by "[redacted]", its class, type, retryability and reason kept.
// An error that quotes none of them is passed on as it is.

const REDACTED = '[redacted]';
/** Request fields that are opaque ids or categories, never personal data: kept in messages. */
const KEPT_FIELD = /(Id|Ref|Key|^id|^kind|^role|^language|^template|^channel|^at|^from|^dueAt|^count)$/;
/** "+81 90-1234-5678", "+819012345678", "09012345678": a plus and digits, or 7+ digits in a row. */
const PHONE_LIKE = /\+[0-9][0-9 ().-]{5,}[0-9]|(?<![0-9])[0-9]{7,}(?![0-9])/g;

/** The texts of an adapter call's arguments that must not appear in an error (4+ characters). */
function textsOf(args: unknown[]): string[] {
  const texts: string[] = [];
  const walk = (value: unknown, field: string | undefined) => {
    if (typeof value === 'string') {
      if (field !== undefined && !KEPT_FIELD.test(field) && value.length >= 4) texts.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, field));
    else if (value && typeof value === 'object' && !(value instanceof Date))
      for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  // Positional string arguments are ids (clinic, patient ref, surgery, department): kept.
  args.forEach((a) => walk(a, undefined));
  // Longest first, so a text containing another is replaced whole.
  return texts.sort((a, b) => b.length - a.length);
}

export function redact(message: string, texts: readonly string[]): string {
  let out = message;
  for (const text of texts) out = out.split(text).join(REDACTED);
  return out.replace(PHONE_LIKE, REDACTED);
}

/** The same error with its message redacted, or the error itself when there was nothing to redact. */
export function safeError(err: unknown, args: unknown[]): unknown {
  if (!(err instanceof Error)) return err;
  const message = redact(err.message, textsOf(args));
  if (message === err.message) return err;
  if (err instanceof PermanentDeliveryError) return new PermanentDeliveryError(message, err.reason);
  if (err instanceof ApplicationFailure)
    return ApplicationFailure.create({
      message,
      type: err.type ?? undefined,
      nonRetryable: err.nonRetryable ?? undefined,
      details: err.details ?? undefined,
      nextRetryDelay: err.nextRetryDelay ?? undefined,
      category: err.category ?? undefined,
    });
  // A plain error: Temporal records it as a retryable failure of type `name`, as before.
  const safe = new Error(message);
  safe.name = err.name;
  return safe;
}

function guarded<T extends object>(adapter: T): T {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise
            ? result.catch((err: unknown) => {
                throw safeError(err, args);
              })
            : result;
        } catch (err) {
          throw safeError(err, args);
        }
      };
    },
  });
}

/** Every adapter, its errors redacted (see above). */
export function withSafeErrors(adapters: Adapters): Adapters {
  return Object.fromEntries(
    Object.entries(adapters).map(([name, adapter]) => [name, guarded(adapter as object)]),
  ) as unknown as Adapters;
}
