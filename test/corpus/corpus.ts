import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../../domain/language';
import { LANGUAGES } from '../../domain/language';
import type { ReplyIntent } from '../../domain/reply-parser';
import type { Severity, SymptomReport } from '../../domain/symptoms';
import { SEVERITIES } from '../../domain/symptoms';

// The clinical phrase corpus: patient replies as data, one file per language
// (test/corpus/replies.<language>.json), each labelled with what the parser must find and how the
// reply must be triaged. See test/corpus/README.md for how to add one.

export type Findings = Omit<SymptomReport, 'freeText'>;

export interface CorpusReply {
  text: string;
  /** Exactly the symptom report expected: a finding not listed must be absent. */
  findings: Findings;
  /** Default 'symptoms'. */
  intent?: ReplyIntent;
  /** A bare 1-5 reply. */
  score?: number;
  /** Default false. */
  plea?: boolean;
  /** Default true. */
  understood?: boolean;
  /**
   * Severity per post-operative day range on the protocol ("0-1", "2-14", "30"), including the
   * nurse callback a plea or an unreadable reply gets. Required for symptom replies.
   */
  triage?: Record<string, Severity>;
  /** Default: the file's protocol. */
  protocol?: string;
  /** What the reply exercises (TAGS). */
  tags: string[];
  /** Why the labels are what they are, where it is not obvious. */
  note?: string;
}

export interface Corpus {
  language: Language;
  /** The protocol the triage labels are for, e.g. "rhinoplasty@1". */
  protocol: string;
  replies: CorpusReply[];
}

/** What a reply can exercise. The test requires REQUIRED_TAGS in every language. */
export const TAGS = [
  'pain-score',
  'bleeding',
  'swelling',
  'breathing',
  'fever',
  'allergic',
  'negation',
  'hedge',
  'typo',
  'emoji',
  'mixed-language',
  'not-a-score',
  'temperature-c',
  'temperature-f',
  'plea',
  'benign',
  'distress',
  'unclear',
  'keyword',
  'form',
  'painkillers',
  'nose-breathing',
  'simplified',
] as const;

/** Tags every language's corpus must have at least MIN_PER_TAG replies of. */
export const REQUIRED_TAGS = [
  'negation',
  'hedge',
  'typo',
  'emoji',
  'mixed-language',
  'not-a-score',
  'temperature-c',
  'temperature-f',
  'plea',
] as const;
export const MIN_PER_TAG = 5;
export const MIN_REPLIES_PER_LANGUAGE = 300;

const DIR = __dirname;

export function corpusFiles(): string[] {
  return readdirSync(DIR)
    .filter((f) => /^replies\..+\.json$/.test(f))
    .sort();
}

/** Loads one corpus file, refusing malformed entries with their index and what is wrong. */
export function loadCorpus(file: string): Corpus {
  const corpus = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Corpus;
  const problems: string[] = [];
  if (!(LANGUAGES as readonly string[]).includes(corpus.language))
    problems.push(`language "${corpus.language}" is not one of ${LANGUAGES.join(', ')}`);
  corpus.replies.forEach((r, i) => {
    const at = `replies[${i}] (${JSON.stringify(r.text)})`;
    if (typeof r.text !== 'string' || r.text.trim() === '') problems.push(`${at}: text is empty`);
    if (typeof r.findings !== 'object' || r.findings === null) problems.push(`${at}: findings missing`);
    if (!Array.isArray(r.tags) || r.tags.length === 0) problems.push(`${at}: no tags`);
    for (const tag of r.tags ?? [])
      if (!(TAGS as readonly string[]).includes(tag)) problems.push(`${at}: unknown tag "${tag}"`);
    const symptoms = (r.intent ?? 'symptoms') === 'symptoms';
    if (symptoms && r.triage === undefined) problems.push(`${at}: triage labels missing`);
    for (const [range, severity] of Object.entries(r.triage ?? {})) {
      if (!/^\d+(?:-\d+)?$/.test(range)) problems.push(`${at}: day range "${range}" is not "N" or "N-M"`);
      if (!(SEVERITIES as readonly string[]).includes(severity))
        problems.push(
          `${at}: severity "${severity}" for days ${range} is not one of ${SEVERITIES.join(', ')}`,
        );
    }
  });
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return corpus;
}

/** The days of a range label: "2-14" → 2, 3 … 14. */
export function daysOf(range: string): number[] {
  const [from, to = from] = range.split('-').map(Number) as [number, number?];
  return Array.from({ length: to! - from + 1 }, (_, i) => from + i);
}

/**
 * The days of a range on which triage can differ: its ends and both sides of every rule's first
 * and last day inside it. Triage depends on the day only through `fromDay <= day <= toDay`, so it
 * is the same on every day between two of these; checking them checks every day of the range.
 */
export function daysToCheck(
  range: string,
  rules: ReadonlyArray<{ fromDay: number; toDay: number }>,
): number[] {
  const days = daysOf(range);
  const [first, last] = [days[0]!, days[days.length - 1]!];
  const edges = rules.flatMap((r) => [r.fromDay - 1, r.fromDay, r.toDay, r.toDay + 1]);
  return [...new Set([first, last, ...edges])].filter((d) => d >= first && d <= last).sort((a, b) => a - b);
}
