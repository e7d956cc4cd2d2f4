import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TwilioCredentialsError,
  loadTwilioCredentials,
  parseTwilioCredentials,
} from '../../adapters/twilio/credentials';

const SID = 'AC' + '0123456789abcdef'.repeat(2);
const TOKEN = 'fedcba9876543210'.repeat(2);
const MG = 'MG' + 'a'.repeat(32);

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TwilioCredentialsError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('Twilio credentials', () => {
  test('a clinic with a from number, another with a Messaging Service', () => {
    const creds = parseTwilioCredentials(
      {
        clinics: {
          aoyama: { accountSid: SID, authToken: TOKEN, from: '+81312345678' },
          taipei: { accountSid: SID, authToken: TOKEN, messagingServiceSid: MG },
        },
      },
      'test',
    );
    expect(creds.get('aoyama').from).toBe('+81312345678');
    expect(creds.get('taipei').messagingServiceSid).toBe(MG);
    expect(creds.clinicIds()).toEqual(['aoyama', 'taipei']);
  });

  test('an unknown clinic: the error names it', () => {
    const creds = parseTwilioCredentials({ clinics: {} }, 'test');
    expect(problems(() => creds.get('ginza'))).toContain('clinic "ginza"');
  });

  test.each([
    ['authToken', { accountSid: SID, authToken: 'secret-token-not-hex-0123456789ab', from: '+81312345678' }],
    ['accountSid', { accountSid: 'AC-secret-sid', authToken: TOKEN, from: '+81312345678' }],
    ['from', { accountSid: SID, authToken: TOKEN, from: '0312345678' }],
    ['from', { accountSid: SID, authToken: TOKEN }],
    ['messagingServiceSid', { accountSid: SID, authToken: TOKEN, messagingServiceSid: 'MGsecret' }],
    ['authToken', { accountSid: SID, from: '+81312345678' }],
  ])('a malformed or missing %s names the clinic and field, never the value', (field, account) => {
    const message = problems(() => parseTwilioCredentials({ clinics: { aoyama: account } }, 'twilio.json'));
    expect(message).toContain('clinic "aoyama"');
    expect(message).toContain(`clinics.aoyama.${field}`);
    for (const value of Object.values(account)) {
      if (value.length > 8 && value !== '+81312345678') expect(message).not.toContain(value);
    }
    expect(message).not.toContain('secret');
  });

  test('loads a file, or the JSON in an environment variable; invalid JSON is not quoted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twilio-creds-'));
    const file = join(dir, 'twilio.json');
    const json = JSON.stringify({
      clinics: { aoyama: { accountSid: SID, authToken: TOKEN, from: '+81312345678' } },
    });
    writeFileSync(file, json);
    expect(loadTwilioCredentials({ file, env: {} }).get('aoyama').accountSid).toBe(SID);
    expect(loadTwilioCredentials({ env: { TWILIO_CREDENTIALS_FILE: file } }).has('aoyama')).toBe(true);
    expect(loadTwilioCredentials({ env: { TWILIO_CREDENTIALS: json } }).has('aoyama')).toBe(true);

    writeFileSync(file, `{"clinics": {"aoyama": {"authToken": "${TOKEN}" oops`);
    const message = problems(() => loadTwilioCredentials({ file, env: {} }));
    expect(message).toContain('not valid JSON');
    expect(message).not.toContain(TOKEN);
    expect(problems(() => loadTwilioCredentials({ env: {} }))).toContain('TWILIO_CREDENTIALS');
    expect(problems(() => loadTwilioCredentials({ file: join(dir, 'missing.json'), env: {} }))).toContain(
      'ENOENT',
    );
  });
});
