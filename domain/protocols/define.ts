import type { z } from 'zod';
import type { Protocol, protocolSchema } from '../protocol';
import { parseProtocol } from '../protocol';

/** A protocol document as written (optional fields such as `languages` may be left out). */
export type ProtocolDocument = z.input<typeof protocolSchema>;

/**
 * Validates a shipped protocol document at module load and freezes it, so a mistake in the data
 * stops the process with the path of the bad field and no caller can edit the catalogue copy in
 * place (journeys pin their own copy).
 */
export function defineProtocol(document: ProtocolDocument): Protocol {
  return deepFreeze(parseProtocol(document));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
