import type { ProcedureCode } from './procedures';
import type { Protocol } from './protocol';
import { InvalidProtocolError } from './protocol';
import { BLEPHAROPLASTY_V1 } from './protocols/blepharoplasty';
import { FILLER_INJECTION_V1 } from './protocols/filler-injection';
import { LASER_RESURFACING_V1 } from './protocols/laser-resurfacing';
import { LIPOSUCTION_V1 } from './protocols/liposuction';
import { RHINOPLASTY_V1, RHINOPLASTY_V2 } from './protocols/rhinoplasty';

// The care protocols the system ships with. Each one is validated (and frozen) when its module
// loads; the catalogue itself refuses duplicate ids. A journey pins a copy of its protocol at
// start, so adding a version here never changes a running journey.

export interface ProtocolSummary {
  id: string;
  procedureCode: ProcedureCode;
  version: number;
  title: string;
}

/** Checks a list of protocols for duplicate ids; throws InvalidProtocolError naming each duplicate. */
export function buildCatalogue(protocols: readonly Protocol[]): readonly Protocol[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  protocols.forEach((protocol, i) => {
    if (seen.has(protocol.id)) problems.push(`PROTOCOLS[${i}].id: duplicate protocol id "${protocol.id}"`);
    seen.add(protocol.id);
  });
  if (problems.length > 0) throw new InvalidProtocolError(problems);
  return Object.freeze([...protocols]);
}

export const PROTOCOLS: readonly Protocol[] = buildCatalogue([
  RHINOPLASTY_V1,
  RHINOPLASTY_V2,
  BLEPHAROPLASTY_V1,
  LIPOSUCTION_V1,
  LASER_RESURFACING_V1,
  FILLER_INJECTION_V1,
]);

export function listProtocols(): ProtocolSummary[] {
  return PROTOCOLS.map(({ id, procedureCode, version, title }) => ({ id, procedureCode, version, title }));
}

/** The catalogue protocol with this id ("rhinoplasty@2"), or undefined. The result is frozen. */
export function getProtocol(id: string): Protocol | undefined {
  return PROTOCOLS.find((p) => p.id === id);
}

/** The highest version of the procedure's protocol. Throws if the catalogue has none. */
export function latestProtocol(procedureCode: ProcedureCode): Protocol {
  let latest: Protocol | undefined;
  for (const p of PROTOCOLS) {
    if (p.procedureCode === procedureCode && (!latest || p.version > latest.version)) latest = p;
  }
  if (!latest) throw new Error(`no protocol in the catalogue for procedure "${procedureCode}"`);
  return latest;
}
