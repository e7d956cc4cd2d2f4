import { twiml } from '../../api/webhooks/twiml';
import { NO_KEY_PRESSED, callTwiml } from '../../adapters/twilio/twilio-telephony';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

describe('webhook TwiML (api/webhooks/twiml.ts, built with the SDK)', () => {
  test('nothing to do: an empty Response', () => {
    expect(twiml()).toBe(`${XML}<Response/>`);
  });

  test('a Message and a Say, escaped', () => {
    expect(twiml({ message: 'Acknowledged <a & b>.' })).toBe(
      `${XML}<Response><Message>Acknowledged &lt;a &amp; b&gt;.</Message></Response>`,
    );
    expect(twiml({ say: 'Acknowledged. Thank you.' })).toBe(
      `${XML}<Response><Say>Acknowledged. Thank you.</Say></Response>`,
    );
  });
});

describe('page call TwiML (adapters/twilio/twilio-telephony.ts)', () => {
  const action =
    'https://care.example.test/webhooks/twilio/c1/voice?incidentId=journey%3Ac1%3As1%3Aincident-1';
  const base = { caseId: 'journey:c1:s1', to: '+819012345678', idempotencyKey: 'k' };

  test('a Gather of one digit posting to the action, the script inside, a fallback Say after; Japanese by default', () => {
    const xml = callTwiml(
      { ...base, script: '緊急の呼び出しです。1を押してください。', acknowledgeDigit: '1' },
      action,
    );
    expect(xml).toBe(
      `${XML}<Response>` +
        `<Gather numDigits="1" action="${action.replace(/&/g, '&amp;')}" method="POST" timeout="10">` +
        `<Say language="ja-JP">緊急の呼び出しです。1を押してください。</Say></Gather>` +
        `<Say language="ja-JP">${NO_KEY_PRESSED.ja}</Say></Response>`,
    );
  });

  test.each([
    ['en', 'en-US'],
    ['zh-Hant', 'zh-TW'],
    ['ja', 'ja-JP'],
  ] as const)('language %s is read with %s', (language, voice) => {
    const xml = callTwiml({ ...base, script: 'x', acknowledgeDigit: '1', language }, action);
    expect(xml.match(new RegExp(`<Say language="${voice}">`, 'g'))).toHaveLength(2);
    expect(xml).toContain(NO_KEY_PRESSED[language]);
  });

  test('the script is escaped, not markup', () => {
    const xml = callTwiml({ ...base, script: '<Hangup/> & "x"' }, action);
    expect(xml).toBe(`${XML}<Response><Say language="ja-JP">&lt;Hangup/&gt; &amp; "x"</Say></Response>`);
  });

  test('without an acknowledgement digit: the script only, no Gather', () => {
    expect(callTwiml({ ...base, script: 'Hello', language: 'en' }, action)).toBe(
      `${XML}<Response><Say language="en-US">Hello</Say></Response>`,
    );
  });
});
