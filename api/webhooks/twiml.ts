import type { Response } from 'express';

// TwiML, the XML Twilio expects back from a webhook: an empty <Response/> (nothing to do), a
// <Message> to text back, or a <Say> read out on a call.

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function twiml(verb?: { message: string } | { say: string }): string {
  const body = !verb
    ? '<Response/>'
    : 'message' in verb
      ? `<Response><Message>${escape(verb.message)}</Message></Response>`
      : `<Response><Say>${escape(verb.say)}</Say></Response>`;
  return `<?xml version="1.0" encoding="UTF-8"?>${body}`;
}

export function sendTwiml(res: Response, verb?: { message: string } | { say: string }): void {
  res.status(200).type('text/xml').send(twiml(verb));
}
