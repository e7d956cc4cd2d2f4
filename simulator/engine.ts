import { randomBytes, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import { parseMessagingTwiml, parseVoiceTwiml, TwimlError } from './twiml';
import type { VoiceVerb } from './twiml';
import type { CallEvent, Form } from './validation';
import { TwilioApiError, parseCallRequest, parseMessageRequest } from './validation';

// The simulator's model of Twilio: accounts, their phone numbers, messages and calls with their
// status lifecycles, the signed callbacks to our webhooks, and the trainer's controls (reply as a
// number, press a key, make a number fail). In memory; time comes from `now` (tests fix it).

export const API_VERSION = '2010-04-01';

export interface SimulatorAccount {
  accountSid: string;
  authToken: string;
  /** Messaging Services of the account and the number each sends from. */
  messagingServices?: Record<string, string>;
}

/** A Twilio phone number: which account owns it, and where its inbound SMS go (which clinic). */
export interface SimulatorNumber {
  number: string;
  accountSid: string;
  clinicId: string;
  /** Our API's public base URL: inbound SMS go to `<base>/webhooks/twilio/<clinicId>/sms`. */
  webhookBaseUrl: string;
}

export type SmsFailure = { status: 'undelivered' | 'failed'; errorCode: 30003 | 30005 | 30006 };
export type CallFailure = 'busy' | 'no-answer' | 'failed';

/** How a (patient's or staff member's) number behaves. */
export interface NumberSettings {
  sms?: SmsFailure;
  call?: CallFailure;
  /** Replied STOP: Twilio refuses messages to it with 21610 until START. */
  optedOut?: boolean;
  /** A landline (21614 for SMS) or a number no carrier routes (21612). */
  line?: 'landline' | 'unroutable';
}

export interface CallbackRecord {
  at: string;
  /** What it reported, e.g. "message SM… delivered", "call CA… digits 1", "inbound SMS". */
  about: string;
  method: 'GET' | 'POST';
  url: string;
  params: Record<string, string>;
  signature: string;
  status?: number;
  response?: string;
  error?: string;
}

export interface SimMessage {
  sid: string;
  accountSid: string;
  direction: 'outbound-api' | 'outbound-reply' | 'inbound';
  to: string;
  from: string;
  messagingServiceSid: string | null;
  body: string;
  numMedia: number;
  status: string;
  errorCode: number | null;
  statusCallback?: string;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface SpokenLine {
  text: string;
  language?: string;
}

export interface SimCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  status: string;
  twiml?: string;
  url?: string;
  method: 'GET' | 'POST';
  statusCallback?: string;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: CallEvent[];
  /** Everything read out so far, in order. */
  spoken: SpokenLine[];
  /** Keys pressed. */
  digits: string[];
  /** Waiting in a <Gather> for a key: its action and the verbs after it (run if no key comes). */
  gathering?: { action?: string; method: string; numDigits?: number; rest: VoiceVerb[] };
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  sequence: number;
}

export interface EngineOptions {
  accounts: SimulatorAccount[];
  numbers: SimulatorNumber[];
  now?: () => Date;
}

const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'];
const START_WORDS = ['START', 'YES', 'UNSTOP'];

function sid(prefix: 'SM' | 'CA'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's date format: RFC 2822 in UTC, e.g. "Thu, 24 Aug 2023 05:01:45 +0000". */
export function rfc2822(date: Date | null): string | null {
  return date ? date.toUTCString().replace(/GMT$/, '+0000') : null;
}

function segments(body: string): number {
  const gsm = /^[\x20-\x7e\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(body);
  const chars = [...body].length;
  if (chars === 0) return 1;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return chars <= single ? 1 : Math.ceil(chars / multi);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SimulatorEngine {
  readonly messages: SimMessage[] = [];
  readonly calls: SimCall[] = [];
  readonly callbacks: CallbackRecord[] = [];
  readonly settings = new Map<string, NumberSettings>();
  /** The next `remaining` API requests are answered with this HTTP status (fault injection). */
  fault: { status: number; remaining: number } | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly accounts: Map<string, SimulatorAccount>;
  readonly numbers: SimulatorNumber[];
  readonly now: () => Date;

  constructor(options: EngineOptions) {
    this.accounts = new Map(options.accounts.map((a) => [a.accountSid, a]));
    this.numbers = options.numbers;
    this.now = options.now ?? (() => new Date());
  }

  // ---- REST API -------------------------------------------------------------------------------

  /** The account a Basic `Authorization` header authenticates, or 401 as Twilio answers. */
  authenticate(header: string | undefined, pathAccountSid: string): SimulatorAccount {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? '' : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    const account = this.accounts.get(user);
    if (!account || !safeEqual(password, account.authToken))
      throw new TwilioApiError(401, 20003, 'Authenticate');
    if (pathAccountSid !== account.accountSid) {
      throw new TwilioApiError(
        404,
        20404,
        `The requested resource /${API_VERSION}/Accounts/${pathAccountSid} was not found`,
      );
    }
    return account;
  }

  /** Consumes one injected fault, if any. */
  takeFault(): TwilioApiError | undefined {
    if (!this.fault || this.fault.remaining <= 0) return undefined;
    this.fault.remaining--;
    const { status } = this.fault;
    if (this.fault.remaining === 0) this.fault = undefined;
    const code = status === 429 ? 20429 : status === 503 ? 20503 : 20500;
    const message =
      status === 429 ? 'Too Many Requests' : status === 503 ? 'Service Unavailable' : 'Internal Server Error';
    return new TwilioApiError(status, code, message);
  }

  settingsOf(number: string): NumberSettings {
    return this.settings.get(number) ?? {};
  }

  private ownNumbers(accountSid: string): string[] {
    return this.numbers.filter((n) => n.accountSid === accountSid).map((n) => n.number);
  }

  createMessage(account: SimulatorAccount, form: Form): SimMessage {
    const request = parseMessageRequest(form);
    let from = request.from;
    if (request.messagingServiceSid) {
      const serviceFrom = account.messagingServices?.[request.messagingServiceSid];
      if (!serviceFrom) throw new TwilioApiError(400, 21705, 'The Messaging Service Sid is invalid.'); // (sim)
      from ??= serviceFrom;
    }
    if (!from || !this.ownNumbers(account.accountSid).includes(from)) {
      throw new TwilioApiError(
        400,
        21606,
        `The From phone number ${from ?? ''} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    const settings = this.settingsOf(request.to);
    if (settings.line === 'landline')
      throw new TwilioApiError(400, 21614, `'To' number ${request.to} is not a valid mobile number`);
    if (settings.line === 'unroutable') {
      throw new TwilioApiError(
        400,
        21612,
        `The 'To' phone number: ${request.to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`,
      );
    }
    if (settings.optedOut) throw new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient');
    const now = this.now();
    const message: SimMessage = {
      sid: sid('SM'),
      accountSid: account.accountSid,
      direction: 'outbound-api',
      to: request.to,
      from,
      messagingServiceSid: request.messagingServiceSid ?? null,
      body: request.body,
      numMedia: request.mediaUrls.length,
      status: 'queued',
      errorCode: null,
      ...(request.statusCallback ? { statusCallback: request.statusCallback } : {}),
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.messages.push(message);
    this.track(this.deliver(message, settings.sms));
    return message;
  }

  createCall(account: SimulatorAccount, form: Form): SimCall {
    const request = parseCallRequest(form);
    if (!this.ownNumbers(account.accountSid).includes(request.from)) {
      throw new TwilioApiError(
        400,
        21210,
        `The source phone number provided, ${request.from}, is not yet verified for your account.`,
      );
    }
    if (request.twiml) {
      try {
        parseVoiceTwiml(request.twiml);
      } catch (err) {
        if (err instanceof TwimlError) throw new TwilioApiError(400, 21206, `Invalid Twiml: ${err.message}`); // (sim)
        throw err;
      }
    }
    const now = this.now();
    const call: SimCall = {
      sid: sid('CA'),
      accountSid: account.accountSid,
      to: request.to,
      from: request.from,
      status: 'queued',
      ...(request.twiml ? { twiml: request.twiml } : {}),
      ...(request.url ? { url: request.url } : {}),
      method: request.method,
      ...(request.statusCallback ? { statusCallback: request.statusCallback } : {}),
      statusCallbackMethod: request.statusCallbackMethod,
      statusCallbackEvents: request.statusCallbackEvents,
      spoken: [],
      digits: [],
      dateCreated: now,
      dateUpdated: now,
      startTime: null,
      endTime: null,
      sequence: 0,
    };
    this.calls.push(call);
    this.track(this.ring(call, this.settingsOf(request.to).call));
    return call;
  }

  message(accountSid: string, messageSid: string): SimMessage {
    const found = this.messages.find((m) => m.sid === messageSid && m.accountSid === accountSid);
    if (!found)
      throw new TwilioApiError(
        404,
        20404,
        `The requested resource /${API_VERSION}/Accounts/${accountSid}/Messages/${messageSid}.json was not found`,
      );
    return found;
  }

  call(accountSid: string, callSid: string): SimCall {
    const found = this.calls.find((c) => c.sid === callSid && c.accountSid === accountSid);
    if (!found)
      throw new TwilioApiError(
        404,
        20404,
        `The requested resource /${API_VERSION}/Accounts/${accountSid}/Calls/${callSid}.json was not found`,
      );
    return found;
  }

  // ---- lifecycles ------------------------------------------------------------------------------

  private async deliver(message: SimMessage, failure: SmsFailure | undefined): Promise<void> {
    await nextTurn(); // the create request answers "queued" first, as Twilio does
    const steps: string[] =
      failure?.status === 'failed'
        ? ['queued', 'failed']
        : ['queued', 'sent', failure ? 'undelivered' : 'delivered'];
    for (const status of steps) {
      message.status = status;
      message.dateUpdated = this.now();
      if (status === 'sent') message.dateSent = message.dateUpdated;
      if (status === 'failed' || status === 'undelivered') message.errorCode = failure?.errorCode ?? 30003;
      if (!message.statusCallback) continue;
      await this.callback(
        message.accountSid,
        `message ${message.sid} ${status}`,
        'POST',
        message.statusCallback,
        {
          AccountSid: message.accountSid,
          ApiVersion: API_VERSION,
          From: message.from,
          MessageSid: message.sid,
          MessageStatus: status,
          SmsSid: message.sid,
          SmsStatus: status,
          To: message.to,
          ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
          ...(message.errorCode !== null ? { ErrorCode: String(message.errorCode) } : {}),
        },
      );
    }
  }

  private callParams(call: SimCall): Record<string, string> {
    return {
      AccountSid: call.accountSid,
      ApiVersion: API_VERSION,
      CallSid: call.sid,
      CallStatus: call.status,
      Called: call.to,
      Caller: call.from,
      Direction: 'outbound-api',
      From: call.from,
      To: call.to,
    };
  }

  private async statusEvent(call: SimCall, event: CallEvent): Promise<void> {
    if (!call.statusCallback || !call.statusCallbackEvents.includes(event)) return;
    call.sequence++;
    const ended = event === 'completed';
    const duration =
      call.startTime && call.endTime ? Math.round((+call.endTime - +call.startTime) / 1000) : 0;
    await this.callback(
      call.accountSid,
      `call ${call.sid} ${call.status}`,
      call.statusCallbackMethod,
      call.statusCallback,
      {
        ...this.callParams(call),
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(call.sequence - 1),
        Timestamp: rfc2822(this.now())!,
        ...(ended ? { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) } : {}),
      },
    );
  }

  private setStatus(call: SimCall, status: string): void {
    call.status = status;
    call.dateUpdated = this.now();
  }

  private async ring(call: SimCall, failure: CallFailure | undefined): Promise<void> {
    await nextTurn(); // the create request answers "queued" first, as Twilio does
    this.setStatus(call, 'initiated');
    await this.statusEvent(call, 'initiated');
    this.setStatus(call, 'ringing');
    await this.statusEvent(call, 'ringing');
    if (failure) {
      this.setStatus(call, failure);
      call.endTime = this.now();
      await this.statusEvent(call, 'completed');
      return;
    }
    this.setStatus(call, 'in-progress');
    call.startTime = this.now();
    await this.statusEvent(call, 'answered');
    let verbs: VoiceVerb[];
    if (call.twiml) {
      verbs = parseVoiceTwiml(call.twiml);
    } else {
      const answer = await this.callback(
        call.accountSid,
        `call ${call.sid} fetch TwiML`,
        call.method,
        call.url!,
        this.callParams(call),
      );
      verbs = this.voiceAnswer(call, answer);
    }
    await this.run(call, verbs);
  }

  private voiceAnswer(call: SimCall, record: CallbackRecord): VoiceVerb[] {
    if (record.status !== 200 || record.response === undefined) {
      call.spoken.push({ text: '(application error: the webhook did not answer with TwiML)' });
      return [];
    }
    try {
      return parseVoiceTwiml(record.response);
    } catch (err) {
      call.spoken.push({ text: `(application error: ${(err as Error).message})` });
      return [];
    }
  }

  private async run(call: SimCall, verbs: VoiceVerb[]): Promise<void> {
    for (let i = 0; i < verbs.length; i++) {
      const verb = verbs[i]!;
      if (verb.verb === 'Say')
        call.spoken.push({ text: verb.text, ...(verb.language ? { language: verb.language } : {}) });
      else if (verb.verb === 'Hangup') break;
      else if (verb.verb === 'Gather') {
        call.spoken.push(...verb.says);
        call.gathering = {
          ...(verb.action ? { action: verb.action } : {}),
          method: verb.method,
          ...(verb.numDigits !== undefined ? { numDigits: verb.numDigits } : {}),
          rest: verbs.slice(i + 1),
        };
        return; // waits for a key press or the timeout (trainer's controls)
      }
    }
    await this.complete(call);
  }

  private async complete(call: SimCall): Promise<void> {
    call.gathering = undefined;
    this.setStatus(call, 'completed');
    call.endTime = this.now();
    await this.statusEvent(call, 'completed');
  }

  // ---- trainer's controls ----------------------------------------------------------------------

  private active(callSid: string): { call: SimCall; gather: NonNullable<SimCall['gathering']> } {
    const call = this.calls.find((c) => c.sid === callSid);
    if (!call) throw new ControlError(404, `no call ${callSid}`);
    if (!call.gathering)
      throw new ControlError(409, `call ${callSid} is not waiting for a key (status ${call.status})`);
    return { call, gather: call.gathering };
  }

  /** The callee presses keys while the call waits in a <Gather>: Twilio posts Digits to its action. */
  async pressDigits(callSid: string, digits: string): Promise<SimCall> {
    if (!/^[0-9*#]{1,20}$/.test(digits)) throw new ControlError(400, 'digits: 0-9, * or #');
    const { call, gather } = this.active(callSid);
    const pressed = gather.numDigits ? digits.slice(0, gather.numDigits) : digits;
    call.digits.push(pressed);
    call.gathering = undefined;
    if (!gather.action) {
      await this.run(call, gather.rest);
      return call;
    }
    const answer = await this.callback(
      call.accountSid,
      `call ${call.sid} digits ${pressed}`,
      gather.method === 'GET' ? 'GET' : 'POST',
      gather.action,
      {
        ...this.callParams(call),
        Digits: pressed,
        FinishedOnKey: '',
      },
    );
    await this.run(call, this.voiceAnswer(call, answer));
    return call;
  }

  /** No key before the Gather's timeout: Twilio goes on with the verbs after it. */
  async gatherTimeout(callSid: string): Promise<SimCall> {
    const { call, gather } = this.active(callSid);
    call.gathering = undefined;
    await this.run(call, gather.rest);
    return call;
  }

  /** The Twilio number `patient` last heard from (or the only one configured). */
  private numberFor(patient: string, to?: string): SimulatorNumber {
    if (to) {
      const own = this.numbers.find((n) => n.number === to);
      if (!own) throw new ControlError(400, `${to} is not a Twilio number of this simulator`);
      return own;
    }
    const last = [
      ...this.messages.filter((m) => m.to === patient),
      ...this.calls.filter((c) => c.to === patient),
    ]
      .sort((a, b) => +a.dateCreated - +b.dateCreated)
      .pop();
    const own =
      this.numbers.find((n) => n.number === last?.from) ??
      (this.numbers.length === 1 ? this.numbers[0] : undefined);
    if (!own) throw new ControlError(400, `say which Twilio number ${patient} writes to ("to")`);
    return own;
  }

  /** An inbound SMS from `from` to one of our numbers, posted signed to that clinic's webhook. */
  async reply(
    from: string,
    body: string,
    to?: string,
  ): Promise<{ message: SimMessage; callback: CallbackRecord; replies: SimMessage[] }> {
    if (!/^\+[1-9][0-9]{6,14}$/.test(from)) throw new ControlError(400, 'from: an E.164 number');
    if (body.length === 0 || body.length > 1600) throw new ControlError(400, 'body: 1 to 1600 characters');
    const number = this.numberFor(from, to);
    const word = body.trim().toUpperCase();
    const optOut = STOP_WORDS.includes(word) ? 'STOP' : START_WORDS.includes(word) ? 'START' : undefined;
    if (optOut === 'STOP') this.settings.set(from, { ...this.settingsOf(from), optedOut: true });
    if (optOut === 'START') this.settings.set(from, { ...this.settingsOf(from), optedOut: false });
    const now = this.now();
    const message: SimMessage = {
      sid: sid('SM'),
      accountSid: number.accountSid,
      direction: 'inbound',
      to: number.number,
      from,
      messagingServiceSid: null,
      body,
      numMedia: 0,
      status: 'received',
      errorCode: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    };
    this.messages.push(message);
    const url = `${number.webhookBaseUrl.replace(/\/+$/, '')}/webhooks/twilio/${encodeURIComponent(number.clinicId)}/sms`;
    const callback = await this.callback(number.accountSid, `inbound SMS ${message.sid}`, 'POST', url, {
      AccountSid: number.accountSid,
      ApiVersion: API_VERSION,
      Body: body,
      From: from,
      MessageSid: message.sid,
      NumMedia: '0',
      NumSegments: String(segments(body)),
      SmsMessageSid: message.sid,
      SmsSid: message.sid,
      SmsStatus: 'received',
      To: number.number,
      ...(optOut ? { OptOutType: optOut } : {}),
    });
    const replies: SimMessage[] = [];
    if (callback.status === 200 && callback.response) {
      let texts: string[] = [];
      try {
        texts = parseMessagingTwiml(callback.response);
      } catch {
        texts = [];
      }
      for (const text of texts) {
        const reply: SimMessage = {
          ...message,
          sid: sid('SM'),
          direction: 'outbound-reply',
          to: from,
          from: number.number,
          body: text,
          status: 'delivered',
          dateSent: this.now(),
        };
        this.messages.push(reply);
        replies.push(reply);
      }
    }
    return { message, callback, replies };
  }

  setSettings(number: string, settings: NumberSettings): NumberSettings {
    if (!/^\+[1-9][0-9]{6,14}$/.test(number)) throw new ControlError(400, 'number: an E.164 number');
    const next = { ...this.settingsOf(number), ...settings };
    for (const key of Object.keys(next) as (keyof NumberSettings)[])
      if (next[key] === undefined) delete next[key];
    this.settings.set(number, next);
    return next;
  }

  clearSettings(number: string): void {
    this.settings.delete(number);
  }

  reset(): void {
    this.messages.length = 0;
    this.calls.length = 0;
    this.callbacks.length = 0;
    this.settings.clear();
    this.fault = undefined;
  }

  /** Every number the simulator has seen (not its own), with its settings. */
  knownNumbers(): string[] {
    const own = new Set(this.numbers.map((n) => n.number));
    const all = new Set<string>([
      ...this.messages.flatMap((m) => [m.to, m.from]),
      ...this.calls.flatMap((c) => [c.to, c.from]),
      ...this.settings.keys(),
    ]);
    return [...all].filter((n) => !own.has(n)).sort();
  }

  numberView(number: string): {
    number: string;
    settings: NumberSettings;
    messages: SimMessage[];
    calls: SimCall[];
  } {
    return {
      number,
      settings: this.settingsOf(number),
      messages: this.messages.filter((m) => m.to === number || m.from === number),
      calls: this.calls.filter((c) => c.to === number || c.from === number),
    };
  }

  // ---- callbacks -------------------------------------------------------------------------------

  /** Posts (or GETs) a callback signed like Twilio with the account's auth token; never throws. */
  async callback(
    accountSid: string,
    about: string,
    method: 'GET' | 'POST',
    url: string,
    params: Record<string, string>,
  ): Promise<CallbackRecord> {
    const token = this.accounts.get(accountSid)!.authToken;
    let target = url;
    if (method === 'GET') {
      const u = new URL(url);
      for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
      target = u.toString();
    }
    const signature = twilio.getExpectedTwilioSignature(token, target, method === 'POST' ? params : {});
    const record: CallbackRecord = {
      at: this.now().toISOString(),
      about,
      method,
      url: target,
      params,
      signature,
    };
    this.callbacks.push(record);
    try {
      const res = await fetch(target, {
        method,
        headers: {
          'x-twilio-signature': signature,
          'user-agent': 'TwilioProxy/1.1 (simulator)',
          ...(method === 'POST'
            ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
            : {}),
        },
        ...(method === 'POST' ? { body: new URLSearchParams(params).toString() } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      record.status = res.status;
      record.response = await res.text();
    } catch (err) {
      record.error = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    }
    return record;
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch(() => undefined).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when every lifecycle started so far has run as far as it can without the trainer. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
