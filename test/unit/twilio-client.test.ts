import { BaseUrlRequestClient, TWILIO_API_BASE_URL } from '../../adapters/twilio/client';

// The only difference between production and the simulator: the scheme, host and port of the
// SDK's requests.

describe('BaseUrlRequestClient', () => {
  const uri = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=20';

  test('production: unchanged', () => {
    expect(new BaseUrlRequestClient(TWILIO_API_BASE_URL).rewrite(uri)).toBe(uri);
  });

  test('the simulator: its origin, the path and query kept; a base path goes in front', () => {
    expect(new BaseUrlRequestClient('http://127.0.0.1:3010').rewrite(uri)).toBe(
      'http://127.0.0.1:3010/2010-04-01/Accounts/AC1/Messages.json?PageSize=20',
    );
    expect(new BaseUrlRequestClient('http://sim.local:8080/twilio/').rewrite(uri)).toBe(
      'http://sim.local:8080/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=20',
    );
  });
});
