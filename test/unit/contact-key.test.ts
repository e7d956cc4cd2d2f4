import { createHmac } from 'node:crypto';
import { contactKey, contactKeyAttributes } from '../../api/contact-key';

describe('ContactKey', () => {
  const secret = 'a-server-secret-of-at-least-32-characters';

  test('is HMAC-SHA256(secret, "<clinicId>:<phone>") in hex, 32 characters, with no digits of the phone', () => {
    const key = contactKey(secret, 'aoyama-aesthetic', '+819012345678');
    const expected = createHmac('sha256', secret)
      .update('aoyama-aesthetic:+819012345678')
      .digest('hex')
      .slice(0, 32);
    expect(key).toBe(expected);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toContain('9012345678');
  });

  test('differs per clinic, per phone and per secret; stable for the same inputs', () => {
    const key = contactKey(secret, 'a', '+819012345678');
    expect(contactKey(secret, 'a', '+819012345678')).toBe(key);
    expect(contactKey(secret, 'b', '+819012345678')).not.toBe(key);
    expect(contactKey(secret, 'a', '+819012345679')).not.toBe(key);
    expect(contactKey(`${secret}!`, 'a', '+819012345678')).not.toBe(key);
  });

  test('the start option is empty without a secret or a phone', () => {
    expect(contactKeyAttributes(undefined, 'a', '+819012345678')).toEqual({});
    expect(contactKeyAttributes(secret, 'a', undefined)).toEqual({});
    const { typedSearchAttributes } = contactKeyAttributes(secret, 'a', '+819012345678');
    expect(typedSearchAttributes).toEqual([
      { key: expect.objectContaining({ name: 'ClinicId' }), value: 'a' },
      {
        key: expect.objectContaining({ name: 'ContactKey' }),
        value: contactKey(secret, 'a', '+819012345678'),
      },
    ]);
  });
});
