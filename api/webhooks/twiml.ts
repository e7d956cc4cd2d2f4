import type { Response } from 'express';
import twilio from 'twilio';

// TwiML, the XML Twilio expects back from a webhook, built with the SDK's builders (which
// escape): an empty <Response/> (nothing to do), a <Message> to text back, or a <Say> read out
// on a call.

export function twiml(verb?: { message: string } | { say: string }): string {
  if (verb && 'message' in verb) {
    const response = new twilio.twiml.MessagingResponse();
    response.message(verb.message);
    return response.toString();
  }
  const response = new twilio.twiml.VoiceResponse();
  if (verb) response.say(verb.say);
  return response.toString();
}

export function sendTwiml(res: Response, verb?: { message: string } | { say: string }): void {
  res.status(200).type('text/xml').send(twiml(verb));
}
