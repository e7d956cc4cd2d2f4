// What the simulator accepts on Twilio's Messages and Calls create endpoints: a subset of the
// parameters in Twilio's OpenAPI description (reference/twilio_api_v2010.json), checked the way
// Twilio documents them, refused with Twilio's error codes and error body shape
// `{code, message, more_info, status}`. Parameters outside the subset are ignored, as Twilio
// ignores parameters it does not know. A contract test checks these tables against the OpenAPI
// file (every accepted name is a documented parameter; the documented required ones are required).
//
// Error codes: 21211, 21212, 21602, 21603, 21604, 21609, 21617, 21201, 21205, 21213 (and 21606,
// 21610, 21614, 21210, 20003, 20404 in simulator.ts) are Twilio's documented codes for these
// cases. Those marked "(sim)" below are this simulator's pick where we could not confirm the
// exact code; the HTTP status (400) and body shape are Twilio's either way.

export const E164 = /^\+[1-9][0-9]{6,14}$/;
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  body(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

export type Form = Record<string, string | string[] | undefined>;

type Kind =
  'phone-number' | 'endpoint' | 'string' | 'uri' | 'integer' | 'http-method' | 'string-array' | 'boolean';

/** Accepted parameters and their OpenAPI types (`format` where the description gives one). */
export const MESSAGE_PARAMS: Readonly<Record<string, Kind>> = {
  To: 'phone-number',
  From: 'phone-number',
  MessagingServiceSid: 'string',
  Body: 'string',
  MediaUrl: 'string-array',
  StatusCallback: 'uri',
  ValidityPeriod: 'integer',
  ProvideFeedback: 'boolean',
};

export const CALL_PARAMS: Readonly<Record<string, Kind>> = {
  To: 'endpoint',
  From: 'endpoint',
  Url: 'uri',
  Twiml: 'string',
  Method: 'http-method',
  StatusCallback: 'uri',
  StatusCallbackEvent: 'string-array',
  StatusCallbackMethod: 'http-method',
  Timeout: 'integer',
};

/** Required by the OpenAPI description itself (Messages: To; Calls: To and From). */
export const MESSAGE_REQUIRED = ['To'] as const;
export const CALL_REQUIRED = ['To', 'From'] as const;

export const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

/** Twilio documents 1,600 characters for Body, 4,000 for inline Twiml. */
export const MAX_BODY = 1600;
export const MAX_TWIML = 4000;

function one(form: Form, name: string): string | undefined {
  const v = form[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return v;
}

function many(form: Form, name: string): string[] {
  const v = form[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('_');
  } catch {
    return false;
  }
}

const bad = (code: number, message: string) => new TwilioApiError(400, code, message);

export interface MessageRequest {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  mediaUrls: string[];
  statusCallback?: string;
}

/** Validates a Messages create request (before account-specific checks). */
export function parseMessageRequest(form: Form): MessageRequest {
  const to = one(form, 'To');
  if (!to) throw bad(21604, "A 'To' phone number is required.");
  if (!E164.test(to)) throw bad(21211, `The 'To' number ${to} is not a valid phone number.`);
  const from = one(form, 'From');
  const messagingServiceSid = one(form, 'MessagingServiceSid');
  if (!from && !messagingServiceSid) throw bad(21603, "A 'From' phone number is required.");
  if (from && !E164.test(from)) {
    throw bad(
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    );
  }
  if (messagingServiceSid && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    throw bad(21705, 'The Messaging Service Sid is invalid.'); // (sim)
  }
  const body = one(form, 'Body') ?? '';
  const mediaUrls = many(form, 'MediaUrl');
  if (body === '' && mediaUrls.length === 0) throw bad(21602, 'Message body is required.');
  if ([...body].length > MAX_BODY)
    throw bad(21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (mediaUrls.some((u) => !isHttpUrl(u))) throw bad(21620, 'Invalid media URL(s).'); // (sim)
  const statusCallback = one(form, 'StatusCallback');
  if (statusCallback !== undefined && !isHttpUrl(statusCallback))
    throw bad(21609, 'Invalid StatusCallback url.');
  const validity = one(form, 'ValidityPeriod');
  if (validity !== undefined && !/^[0-9]+$/.test(validity)) throw bad(21623, 'Invalid ValidityPeriod.'); // (sim)
  return {
    to,
    ...(from ? { from } : {}),
    ...(messagingServiceSid ? { messagingServiceSid } : {}),
    body,
    mediaUrls,
    ...(statusCallback ? { statusCallback } : {}),
  };
}

export interface CallRequest {
  to: string;
  from: string;
  url?: string;
  method: 'GET' | 'POST';
  twiml?: string;
  statusCallback?: string;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: CallEvent[];
  timeout: number;
}

function method(form: Form, name: string): 'GET' | 'POST' {
  const value = (one(form, name) ?? 'POST').toUpperCase();
  if (value !== 'GET' && value !== 'POST') throw bad(21200, `${name} must be GET or POST.`); // (sim)
  return value;
}

/** Validates a Calls create request (before account-specific checks). */
export function parseCallRequest(form: Form): CallRequest {
  const to = one(form, 'To');
  if (!to) throw bad(21201, "No 'To' number is specified.");
  if (!E164.test(to)) throw bad(21211, `The 'To' number ${to} is not a valid phone number.`);
  const from = one(form, 'From');
  if (!from) throw bad(21213, "No 'From' number is specified.");
  if (!E164.test(from)) throw bad(21212, `The 'From' number ${from} is not a valid phone number.`);
  const url = one(form, 'Url');
  const twiml = one(form, 'Twiml');
  if (!url && !twiml) throw bad(21205, 'Url parameter is required.');
  if (url && !isHttpUrl(url)) throw bad(21205, 'Url is not a valid URL.');
  // Twilio documents the 4,000-character limit, not the code it answers with.
  if (!url && twiml && twiml.length > MAX_TWIML) throw bad(21206, 'Twiml exceeds 4000 characters.'); // (sim)
  const statusCallback = one(form, 'StatusCallback');
  if (statusCallback !== undefined && !isHttpUrl(statusCallback))
    throw bad(21609, 'Invalid StatusCallback url.');
  const events = many(form, 'StatusCallbackEvent')
    .flatMap((e) => e.split(/[\s,]+/))
    .filter((e) => e !== '');
  const unknown = events.find((e) => !(CALL_EVENTS as readonly string[]).includes(e));
  if (unknown) throw bad(21626, `Invalid StatusCallbackEvent: ${unknown}.`); // (sim)
  const timeoutText = one(form, 'Timeout');
  const timeout = timeoutText === undefined ? 60 : Number(timeoutText);
  if (!/^[0-9]+$/.test(timeoutText ?? '60') || timeout > 600)
    throw bad(21207, 'Timeout must be 0 to 600 seconds.'); // (sim)
  return {
    to,
    from,
    ...(url ? { url } : {}),
    method: method(form, 'Method'),
    ...(!url && twiml ? { twiml } : {}),
    ...(statusCallback ? { statusCallback } : {}),
    statusCallbackMethod: method(form, 'StatusCallbackMethod'),
    statusCallbackEvents: (events.length ? events : ['completed']) as CallEvent[],
    timeout,
  };
}
