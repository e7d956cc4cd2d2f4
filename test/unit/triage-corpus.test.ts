import { isDeepStrictEqual } from 'node:util';
import { getProtocol } from '../../domain/protocol-catalogue';
import type { Spec } from '../../domain/reply-cues';
import {
  ALLERGIC,
  ALLERGIC_SWELLING,
  BENIGN,
  BLEEDING,
  BREATHING,
  DISTRESS,
  FEVER,
  FEVER_JA_BARE,
  INTENT_WORDS,
  NO_PAIN,
  NOSE_BREATHING,
  PAINKILLERS,
  PLEAS,
  SEVERE_PAIN,
  SWELLING,
} from '../../domain/reply-cues';
import type { CueReading } from '../../domain/reply-parser';
import { explainReply } from '../../domain/reply-parser';
import type { Language } from '../../domain/language';
import { SAFETY_NET_RULES, triageParsedReply } from '../../domain/triage';
import type { Corpus, CorpusReply } from '../corpus/corpus';
import {
  MIN_PER_TAG,
  MIN_REPLIES_PER_LANGUAGE,
  REQUIRED_TAGS,
  corpusFiles,
  daysToCheck,
  loadCorpus,
} from '../corpus/corpus';

// The clinical phrase corpus (test/corpus/): every reply parsed and triaged as labelled, and
// every cue the parser knows shown to be exercised by some reply, present and negated.

const corpora: Corpus[] = corpusFiles().map(loadCorpus);

/** Each reply read once per run (mutation testing runs this file hundreds of times). */
const explained = new Map<CorpusReply, ReturnType<typeof explainReply>>();
function explain(reply: CorpusReply, language: Language): ReturnType<typeof explainReply> {
  const known = explained.get(reply);
  if (known) return known;
  const result = explainReply(reply.text, language);
  explained.set(reply, result);
  return result;
}

/** How every cue was read across the whole corpus: `${list} ${cue}` → readings seen. */
function readingsOf(all: Corpus[]): Map<string, Set<CueReading['reading']>> {
  const readings = new Map<string, Set<CueReading['reading']>>();
  for (const corpus of all) {
    for (const reply of corpus.replies) {
      for (const { list, cue, reading } of explain(reply, corpus.language).cues) {
        const key = `${list} ${cue}`;
        readings.set(key, (readings.get(key) ?? new Set()).add(reading));
      }
    }
  }
  return readings;
}

describe.each(corpora.map((c) => [c.language, c] as const))('phrase corpus (%s)', (language, corpus) => {
  test(`has at least ${MIN_REPLIES_PER_LANGUAGE} replies and ${MIN_PER_TAG} of each required kind`, () => {
    expect(corpus.replies.length).toBeGreaterThanOrEqual(MIN_REPLIES_PER_LANGUAGE);
    const short = REQUIRED_TAGS.map(
      (tag) => [tag, corpus.replies.filter((r) => r.tags.includes(tag)).length] as const,
    )
      .filter(([, n]) => n < MIN_PER_TAG)
      .map(([tag, n]) => `${tag}: ${n}`);
    expect(short).toEqual([]);
  });

  test('has no reply twice', () => {
    const seen = new Set<string>();
    const twice = corpus.replies.map((r) => r.text).filter((t) => seen.has(t) || !seen.add(t));
    expect(twice).toEqual([]);
  });

  // One test per language rather than one per reply: the failure lists every reply read wrongly
  // at once, and mutation testing runs the corpus hundreds of times.
  test('every reply is read as labelled', () => {
    const wrong = corpus.replies.flatMap((reply) => {
      const expected = {
        intent: reply.intent ?? 'symptoms',
        report: { freeText: reply.text.trim(), ...reply.findings },
        plea: reply.plea ?? false,
        understood: reply.understood ?? true,
        ...(reply.score !== undefined ? { score: reply.score } : {}),
      };
      const actual = explain(reply, language).parsed;
      return isDeepStrictEqual(actual, expected) ? [] : [{ text: reply.text, expected, actual }];
    });
    expect(wrong).toEqual([]);
  });

  test('every reply is triaged as labelled on each labelled day', () => {
    const wrong = corpus.replies.flatMap((reply) => {
      const protocolId = reply.protocol ?? corpus.protocol;
      const protocol = getProtocol(protocolId);
      if (!protocol) throw new Error(`no protocol "${protocolId}" in the catalogue`);
      const { parsed } = explain(reply, language);
      const rules = [...protocol.redFlags, ...SAFETY_NET_RULES];
      return Object.entries(reply.triage ?? {}).flatMap(([range, expected]) =>
        daysToCheck(range, rules)
          .map((day) => ({
            text: reply.text,
            day,
            expected,
            actual: triageParsedReply(parsed, protocol.redFlags, day).severity,
          }))
          .filter((t) => t.actual !== t.expected),
      );
    });
    expect(wrong).toEqual([]);
  });
});

test('triage labels are checked on every day where a rule starts or ends, and at the range ends', () => {
  expect(daysToCheck('0-20', [{ fromDay: 2, toDay: 14 }])).toEqual([0, 1, 2, 14, 15, 20]);
  expect(daysToCheck('3-5', [{ fromDay: 0, toDay: 365 }])).toEqual([3, 5]);
  expect(daysToCheck('7', [{ fromDay: 4, toDay: 42 }])).toEqual([7]);
});

/**
 * Cues that embed their own negation ("won't stop bleeding", "血が止まらない"): a reply that
 * negates them again is a double negative nobody writes. Each needs a reason.
 */
const NOT_NEGATABLE: Record<string, string> = {
  "\\b(?:won't|wont|can't|cant|cannot|doesn't|doesnt|does not|will not|isn't|is not|not)\\s+stop(?:ping)?\\s+(?:the\\s+|my\\s+)?bleeding":
    '"won\'t stop bleeding" is itself a negation',
  "\\bbleeding\\s+(?:that\\s+|which\\s+)?(?:won't|wont|doesn't|doesnt|does not|will not|isn't|is not|can't|cant|not)\\s+stop":
    '"bleeding that won\'t stop" is itself a negation',
  "\\bbleeding\\s+(?:still\\s+)?(?:hasn't|hasnt|has not|has still not)\\s+stopped":
    '"bleeding hasn\'t stopped" is itself a negation',
  "\\b(?:hasn't|hasnt|has not|haven't|havent|have not)\\s+stopped\\s+bleeding":
    '"hasn\'t stopped bleeding" is itself a negation',
  '(?:不能|無法|无法|沒辦法|没办法)呼吸': '"cannot breathe": 沒有無法呼吸 is a double negative nobody writes',
};

describe('every cue the parser knows has an example in the corpus', () => {
  let readings: Map<string, Set<CueReading['reading']>> | undefined;
  function missing(list: string, sources: string[], wanted: Array<CueReading['reading'][]>): string[] {
    return sources.flatMap((source) => {
      readings ??= readingsOf(corpora);
      const seen = readings.get(`${list} ${source}`) ?? new Set();
      return wanted
        .filter((any) => !any.some((r) => seen.has(r)))
        .filter((any) => !(any.includes('negated') && NOT_NEGATABLE[source]))
        .map((any) => `${source} (${any.join(' or ')})`);
    });
  }
  const SYMPTOMS: Array<Spec<unknown>> = [
    BLEEDING,
    SWELLING,
    BREATHING,
    ALLERGIC,
    FEVER,
    FEVER_JA_BARE,
    SEVERE_PAIN,
  ];

  test.each(SYMPTOMS.map((spec) => [spec.name, spec] as const))(
    '%s: each cue read present and negated, each absent cue read',
    (_name, spec) => {
      const cues = missing(
        spec.name,
        spec.cues.map((c) => c.re.source),
        [['present'], ['negated', 'softened']],
      );
      const absent = missing(
        spec.name,
        spec.absent.map((p) => p.source),
        [['absent']],
      );
      expect([...cues, ...absent]).toEqual([]);
    },
  );

  test('no-pain: each cue read', () => {
    expect(
      missing(
        NO_PAIN.name,
        NO_PAIN.cues.map((c) => c.re.source),
        [['present']],
      ),
    ).toEqual([]);
  });

  test('pleas, benign words and distress: each read', () => {
    expect([
      ...missing(
        'plea',
        PLEAS.map((p) => p.source),
        [['present']],
      ),
      ...missing(
        'benign',
        BENIGN.map((p) => p.source),
        [['present'], ['negated']],
      ),
      ...missing(
        'distress',
        DISTRESS.map((p) => p.source),
        [['present']],
      ),
    ]).toEqual([]);
  });

  test('masks (painkillers, breathing through the nose, allergic swelling): each used', () => {
    expect([
      ...missing('painkillers', [PAINKILLERS.source], [['masked']]),
      ...missing(
        'nose-breathing',
        NOSE_BREATHING.map((p) => p.source),
        [['masked']],
      ),
      ...missing(
        'allergic-swelling',
        ALLERGIC_SWELLING.map((p) => p.source),
        [['masked']],
      ),
    ]).toEqual([]);
  });

  test('keywords: each one sent as a whole reply', () => {
    const words = Object.values(INTENT_WORDS).flat();
    expect(missing('keyword', words, [['present']])).toEqual([]);
  });

  test('exemptions name cues the parser still has', () => {
    const all = new Set(SYMPTOMS.flatMap((spec) => spec.cues.map((c) => c.re.source)));
    expect(Object.keys(NOT_NEGATABLE).filter((source) => !all.has(source))).toEqual([]);
  });
});
