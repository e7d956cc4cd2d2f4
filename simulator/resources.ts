import { API_VERSION, rfc2822 } from './engine';
import type { SimCall, SimMessage } from './engine';

// The Message and Call resources as Twilio's API answers them: the property names of
// `api.v2010.account.message` and `api.v2010.account.call` in the OpenAPI description.

export function messageResource(m: SimMessage): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  const gsm = /^[\x20-\x7e\n\r]*$/.test(m.body);
  const chars = [...m.body].length;
  const numSegments = chars <= (gsm ? 160 : 70) ? 1 : Math.ceil(chars / (gsm ? 153 : 67));
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.numMedia),
    num_segments: String(numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: {
      media: uri.replace(/\.json$/, '/Media.json'),
      feedback: uri.replace(/\.json$/, '/Feedback.json'),
    },
    to: m.to,
    uri,
  };
}

export function callResource(c: SimCall): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${c.accountSid}/Calls/${c.sid}.json`;
  const sub = (name: string) => uri.replace(/\.json$/, `/${name}.json`);
  const duration = c.startTime && c.endTime ? String(Math.round((+c.endTime - +c.startTime) / 1000)) : null;
  return {
    account_sid: c.accountSid,
    answered_by: null,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    direction: 'outbound-api',
    duration,
    end_time: rfc2822(c.endTime),
    forwarded_from: null,
    from: c.from,
    from_formatted: c.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: c.sid,
    start_time: rfc2822(c.startTime),
    // "initiated" is a callback event, not a resource status: the resource says queued until it rings.
    status: c.status === 'initiated' ? 'queued' : c.status,
    subresource_uris: {
      notifications: sub('Notifications'),
      recordings: sub('Recordings'),
      payments: sub('Payments'),
      events: sub('Events'),
      siprec: sub('Siprec'),
      streams: sub('Streams'),
      transcriptions: sub('Transcriptions'),
      user_defined_message_subscriptions: sub('UserDefinedMessageSubscriptions'),
      user_defined_messages: sub('UserDefinedMessages'),
    },
    to: c.to,
    to_formatted: c.to,
    trunk_sid: null,
    uri,
  };
}
