import pino from 'pino';
import type { Logger as PinoLogger } from 'pino';

export type { PinoLogger };

/**
 * Structured JSON logs. Personal data never goes in: callers log case ids (opaque business
 * keys), never phone numbers, names or message text; the redaction list is a safety net.
 */
export function createLogger(name: string, level = 'info'): PinoLogger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.phone', '*.to', '*.body', 'patient', '*.patient', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
