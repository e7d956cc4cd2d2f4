import twilio from 'twilio';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { certainlyNotSent, mapTwilioError } from '../../adapters/twilio/errors';

// Twilio's REST errors as the SDK raises them (RestException from an HTTP answer) mapped by
// Twilio's documented codes.

function rest(
  status: number,
  code?: number,
  message = "The 'To' number +819012345678 is not a valid phone number.",
) {
  return new twilio.RestException({
    statusCode: status,
    body: JSON.stringify(
      code === undefined
        ? {}
        : { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    ),
  });
}

describe('mapTwilioError', () => {
  test.each([
    [400, 21211, 'invalid-recipient'],
    [400, 21614, 'invalid-recipient'],
    [400, 21612, 'invalid-recipient'],
    [400, 21408, 'invalid-recipient'],
    [400, 21610, 'opted-out'],
    [401, 20003, 'rejected'],
    [400, 21606, 'rejected'],
  ] as const)('HTTP %i, code %i → permanent %s', (status, code, reason) => {
    const mapped = mapTwilioError(rest(status, code), 'sms', 'aoyama');
    expect(mapped).toBeInstanceOf(PermanentDeliveryError);
    expect((mapped as PermanentDeliveryError).reason).toBe(reason);
    expect(mapped.message).toContain(String(code));
  });

  test('authentication and a bad From are configuration problems, and say so, naming the clinic', () => {
    for (const [status, code] of [
      [401, 20003],
      [400, 21606],
    ] as const) {
      const mapped = mapTwilioError(rest(status, code), 'call', 'aoyama');
      expect(mapped.message).toMatch(/configuration problem in clinic "aoyama"/);
      expect(mapped.message).toMatch(/retrying will not help/);
    }
  });

  test.each([429, 500, 502, 503])('HTTP %i → retryable (a plain Error)', (status) => {
    const mapped = mapTwilioError(rest(status, status === 429 ? 20429 : undefined), 'sms', 'c');
    expect(mapped).not.toBeInstanceOf(PermanentDeliveryError);
    expect(mapped).toBeInstanceOf(Error);
    expect(certainlyNotSent(rest(status))).toBe(false);
  });

  test('another 4xx is refused for good (rejected), without configuration wording', () => {
    const mapped = mapTwilioError(rest(400, 21602, 'Message body is required.'), 'sms', 'c');
    expect(mapped).toBeInstanceOf(PermanentDeliveryError);
    expect((mapped as PermanentDeliveryError).reason).toBe('rejected');
    expect(mapped.message).not.toMatch(/configuration/);
    expect(certainlyNotSent(rest(400, 21602))).toBe(true);
  });

  test('network failures are retryable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const mapped = mapTwilioError(refused, 'sms', 'c');
    expect(mapped).not.toBeInstanceOf(PermanentDeliveryError);
    expect(mapped.message).toContain('ECONNREFUSED');
    expect(mapTwilioError(new TypeError('x'), 'call', 'c')).not.toBeInstanceOf(PermanentDeliveryError);
  });

  test("never quotes Twilio's message (it names the phone number)", () => {
    for (const code of [21211, 21610, 20003, 21602]) {
      expect(mapTwilioError(rest(400, code), 'sms', 'c').message).not.toContain('+819012345678');
    }
  });
});
