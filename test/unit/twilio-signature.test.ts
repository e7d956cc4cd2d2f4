import { createHmac } from 'node:crypto';
import { isTwilioSignatureValid, twilioSignature } from '../../api/webhooks/twilio-signature';

// Twilio's documented algorithm: base64(HMAC-SHA1(auth token, full URL + each POST parameter
// sorted by name, as name + value)). The module wraps the SDK's validateRequest and
// getExpectedTwilioSignature; the vectors are built here by hand from that description, not
// through the module, and one is Twilio's own published example.

const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  To: '+18005551212',
  From: '+14158675309',
  Digits: '1234',
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
};

describe('Twilio signature', () => {
  test("Twilio's published example: token 12345, its URL and parameters", () => {
    expect(twilioSignature('12345', URL, PARAMS)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  test('a vector computed by hand from the documented algorithm', () => {
    const token = 'b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7';
    const url =
      'https://care.example.test/webhooks/twilio/aoyama-aesthetic/voice?incidentId=journey%3Aa%3Ab%3Aincident-1';
    const params = {
      MessageSid: 'SM0001',
      Body: '痛み9 & bleeding',
      From: '+819012345678',
      AccountSid: 'AC1',
    };
    // Sorted by name: AccountSid, Body, From, MessageSid.
    const data = `${url}AccountSidAC1Body痛み9 & bleedingFrom+819012345678MessageSidSM0001`;
    const expected = createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64');
    expect(twilioSignature(token, url, params)).toBe(expected);
    expect(isTwilioSignatureValid(token, url, params, expected)).toBe(true);
  });

  const hmac = (token: string, data: string) =>
    createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64');

  test('parameter order does not matter; a repeated parameter counts once per value, values sorted', () => {
    const reordered = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(twilioSignature('12345', URL, reordered)).toBe(twilioSignature('12345', URL, PARAMS));
    expect(twilioSignature('t', 'https://h/u', { b: ['2', '1'], a: 'x' })).toBe(
      hmac('t', 'https://h/uaxb1b2'),
    );
    expect(twilioSignature('t', 'https://h/u', {})).toBe(hmac('t', 'https://h/u'));
    expect(twilioSignature('t', 'https://h/u', { a: undefined })).toBe(hmac('t', 'https://h/u'));
  });

  test('a URL signed with its default port is accepted without it, and the other way round', () => {
    const params = { CallSid: 'CA1', Digits: '1' };
    const withPort = 'https://care.example.test:443/webhooks/twilio/c/voice?incidentId=x';
    const without = 'https://care.example.test/webhooks/twilio/c/voice?incidentId=x';
    expect(isTwilioSignatureValid('tok', without, params, hmac('tok', withPort + 'CallSidCA1Digits1'))).toBe(
      true,
    );
    expect(isTwilioSignatureValid('tok', withPort, params, hmac('tok', without + 'CallSidCA1Digits1'))).toBe(
      true,
    );
    const http80 = 'http://127.0.0.1:80/webhooks/twilio/c/sms';
    expect(
      isTwilioSignatureValid(
        'tok',
        'http://127.0.0.1/webhooks/twilio/c/sms',
        params,
        hmac('tok', http80 + 'CallSidCA1Digits1'),
      ),
    ).toBe(true);
    // Another port is another URL.
    const other = hmac(
      'tok',
      'https://care.example.test:8443/webhooks/twilio/c/voice?incidentId=xCallSidCA1Digits1',
    );
    expect(isTwilioSignatureValid('tok', without, params, other)).toBe(false);
  });

  test('a URL that cannot be parsed is refused, not thrown', () => {
    expect(isTwilioSignatureValid('tok', 'not a url', {}, 'c2lnbmF0dXJl')).toBe(false);
  });

  const good = twilioSignature('12345', URL, PARAMS);
  test.each([
    ['a tampered parameter', '12345', URL, { ...PARAMS, Digits: '1' }, good],
    ['an added parameter', '12345', URL, { ...PARAMS, Extra: '' }, good],
    ['a tampered URL', '12345', `${URL}&baz=3`, PARAMS, good],
    ['another host', '12345', URL.replace('mycompany', 'evil'), PARAMS, good],
    ['another token (another clinic)', '54321', URL, PARAMS, good],
    ['no signature', '12345', URL, PARAMS, undefined],
    ['an empty signature', '12345', URL, PARAMS, ''],
    ['a signature of another length', '12345', URL, PARAMS, `${good}=`],
    ['garbage', '12345', URL, PARAMS, 'not base64 at all ✗'],
  ])('refuses %s', (_what, token, url, params, signature) => {
    expect(isTwilioSignatureValid(token, url, params, signature)).toBe(false);
  });

  test('accepts the right signature', () => {
    expect(isTwilioSignatureValid('12345', URL, PARAMS, good)).toBe(true);
  });
});
