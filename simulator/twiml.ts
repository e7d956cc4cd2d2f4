// A small reader for the TwiML the simulator runs: well-formed XML with a <Response> root and
// the voice verbs our adapters and webhooks use (Say, Gather with nested Say, Pause, Hangup,
// and Message in a messaging answer). Anything else, or XML that is not well formed, is refused,
// as Twilio refuses a document it cannot parse (its error 12100).

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export class TwimlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TwimlError';
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const named = ENTITIES[ref];
    if (named === undefined) throw new TwimlError(`unknown entity ${whole}`);
    return named;
  });
}

/** Parses XML into elements and text; throws TwimlError when it is not well formed. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const src = xml.replace(/^\uFEFF/, '');
  const skipProlog = () => {
    for (;;) {
      while (i < src.length && /\s/.test(src[i]!)) i++;
      if (src.startsWith('<?', i)) {
        const end = src.indexOf('?>', i);
        if (end < 0) throw new TwimlError('unterminated processing instruction');
        i = end + 2;
      } else if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i);
        if (end < 0) throw new TwimlError('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z][\w:.-]*)/.exec(src.slice(i));
    if (!open) throw new TwimlError(`expected an element at ${i}`);
    const name = open[1]!;
    i += open[0].length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w:.-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(src.slice(i));
      if (!attr) break;
      if (attr[1]! in attrs) throw new TwimlError(`attribute ${attr[1]} repeated`);
      attrs[attr[1]!] = decode(attr[3] ?? attr[4] ?? '');
      i += attr[0].length;
    }
    const close = /^\s*(\/?)>/.exec(src.slice(i));
    if (!close) throw new TwimlError(`malformed tag <${name}>`);
    i += close[0].length;
    const node: XmlElement = { name, attrs, children: [] };
    if (close[1] === '/') return node;
    for (;;) {
      if (i >= src.length) throw new TwimlError(`<${name}> is not closed`);
      if (src.startsWith('</', i)) {
        const end = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(src.slice(i));
        if (!end || end[1] !== name) throw new TwimlError(`</${end?.[1] ?? '?'}> closes <${name}>`);
        i += end[0].length;
        return node;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i);
        if (end < 0) throw new TwimlError('unterminated comment');
        i = end + 3;
      } else if (src[i] === '<') {
        node.children.push(element());
      } else {
        const next = src.indexOf('<', i);
        const text = src.slice(i, next < 0 ? src.length : next);
        node.children.push(decode(text));
        i += text.length;
      }
    }
  };
  skipProlog();
  const root = element();
  skipProlog();
  if (i !== src.length) throw new TwimlError('content after the root element');
  return root;
}

export type VoiceVerb =
  | { verb: 'Say'; text: string; language?: string }
  | {
      verb: 'Gather';
      action?: string;
      method: string;
      numDigits?: number;
      says: { text: string; language?: string }[];
    }
  | { verb: 'Pause'; length: number }
  | { verb: 'Hangup' };

const textOf = (e: XmlElement): string =>
  e.children
    .filter((c) => typeof c === 'string')
    .join('')
    .trim();
const elementsOf = (e: XmlElement): XmlElement[] =>
  e.children.filter((c): c is XmlElement => typeof c !== 'string');

function say(e: XmlElement): { text: string; language?: string } {
  return { text: textOf(e), ...(e.attrs.language ? { language: e.attrs.language } : {}) };
}

/** The verbs of a voice document, in order. */
export function parseVoiceTwiml(xml: string): VoiceVerb[] {
  const root = parseXml(xml);
  if (root.name !== 'Response') throw new TwimlError(`the root is <${root.name}>, not <Response>`);
  return elementsOf(root).map((e): VoiceVerb => {
    switch (e.name) {
      case 'Say':
        return { verb: 'Say', ...say(e) };
      case 'Gather': {
        const nested = elementsOf(e);
        const wrong = nested.find((n) => n.name !== 'Say' && n.name !== 'Pause' && n.name !== 'Play');
        if (wrong) throw new TwimlError(`<${wrong.name}> cannot be nested in <Gather>`);
        const numDigits = e.attrs.numDigits === undefined ? undefined : Number(e.attrs.numDigits);
        if (numDigits !== undefined && (!Number.isInteger(numDigits) || numDigits < 1)) {
          throw new TwimlError('Gather numDigits must be a positive whole number');
        }
        const method = (e.attrs.method ?? 'POST').toUpperCase();
        if (method !== 'POST' && method !== 'GET') throw new TwimlError('Gather method must be GET or POST');
        return {
          verb: 'Gather',
          ...(e.attrs.action ? { action: e.attrs.action } : {}),
          method,
          ...(numDigits !== undefined ? { numDigits } : {}),
          says: nested.filter((n) => n.name === 'Say').map(say),
        };
      }
      case 'Pause':
        return { verb: 'Pause', length: Number(e.attrs.length ?? '1') };
      case 'Hangup':
        return { verb: 'Hangup' };
      default:
        throw new TwimlError(`<${e.name}> is not a verb this simulator runs`);
    }
  });
}

/** The texts of <Message> verbs in a messaging answer (a webhook's reply to an inbound SMS). */
export function parseMessagingTwiml(xml: string): string[] {
  const root = parseXml(xml);
  if (root.name !== 'Response') throw new TwimlError(`the root is <${root.name}>, not <Response>`);
  return elementsOf(root)
    .filter((e) => e.name === 'Message')
    .map((e) => {
      const body = elementsOf(e).find((b) => b.name === 'Body');
      return body ? textOf(body) : textOf(e);
    });
}
