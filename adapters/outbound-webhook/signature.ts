import { createHmac, timingSafeEqual } from 'node:crypto';

// X-Care-Signature: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed by the shared secret,
// with X-Care-Timestamp the Unix time in seconds. Signing the timestamp with the body lets a
// receiver refuse a replayed request outside the tolerance window.

export const SIGNATURE_HEADER = 'X-Care-Signature';
export const TIMESTAMP_HEADER = 'X-Care-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export function signCareWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * For receivers: true when `header` is the signature of `timestamp` and the raw `body` (exactly the
 * bytes received, before any JSON parsing) and the timestamp is within `toleranceSeconds` of now.
 * The comparison takes the same time wherever the signatures differ.
 */
export function verifyCareSignature(
  secret: string,
  timestamp: string | undefined,
  body: string | Buffer,
  header: string | undefined,
  options: { toleranceSeconds?: number; now?: Date } = {},
): boolean {
  if (!secret || !timestamp || !header || !/^[0-9]{1,12}$/.test(timestamp)) return false;
  const age = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(timestamp));
  if (!(age <= (options.toleranceSeconds ?? 300))) return false;
  const expected = Buffer.from(
    signCareWebhook(secret, timestamp, Buffer.isBuffer(body) ? body.toString('utf8') : body),
    'utf8',
  );
  const given = Buffer.from(header.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
