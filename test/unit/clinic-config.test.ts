import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadClinicConfig, parseClinicConfig } from '../../config/clinic-config';
import { ConfigError, loadEnv } from '../../config/env';

const CLINICS_JSON = resolve(__dirname, '..', '..', 'config', 'clinics.json');

/** A fresh, mutable copy of config/clinics.json. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function catalogue(): any {
  return JSON.parse(readFileSync(CLINICS_JSON, 'utf8'));
}

function problemsOf(raw: unknown): string[] {
  try {
    parseClinicConfig(raw, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).source).toBe('test.json');
    return (err as ConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('config/clinics.json', () => {
  it('loads and validates', () => {
    const loaded = loadClinicConfig(CLINICS_JSON);
    expect(loaded.clinics.map((c) => c.id)).toEqual(['aoyama-aesthetic']);
    const [clinic] = loaded.clinics;
    expect(clinic!.timeZone).toBe('Asia/Tokyo');
    expect(clinic!.emergencyLine).toBe('+81312345678');
    expect(clinic!.quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(clinic!.businessHours.sun).toEqual([]);
    expect(clinic!.escalationPolicies.map((p) => p.id)).toEqual(['urgent', 'emergency']);
  });

  it('fills defaults for omitted optional lists', () => {
    const raw = catalogue();
    delete raw.clinics[0].holidays;
    delete raw.clinics[0].partnerHospitals;
    delete raw.clinics[0].businessHours.sun;
    const parsed = parseClinicConfig(raw);
    expect(parsed.clinics[0]!.holidays).toEqual([]);
    expect(parsed.clinics[0]!.partnerHospitals).toEqual([]);
    expect(parsed.clinics[0]!.businessHours.sun).toEqual([]);
  });

  it('names the emergency number patients are told to dial', () => {
    expect(loadClinicConfig(CLINICS_JSON).clinics[0]!.emergencyNumber).toBe('119');
  });
});

describe('the emergency number', () => {
  it.each([
    ['Asia/Tokyo', '119'],
    ['Asia/Taipei', '119'],
    ['Asia/Hong_Kong', '999'],
  ])('defaults by time zone when omitted: %s -> %s', (timeZone, number) => {
    const raw = catalogue();
    delete raw.clinics[0].emergencyNumber;
    raw.clinics[0].timeZone = timeZone;
    expect(parseClinicConfig(raw).clinics[0]!.emergencyNumber).toBe(number);
  });

  it('is kept as configured', () => {
    const raw = catalogue();
    raw.clinics[0].timeZone = 'America/New_York';
    raw.clinics[0].emergencyNumber = '911';
    expect(parseClinicConfig(raw).clinics[0]!.emergencyNumber).toBe('911');
  });

  it('is required where no default is known, naming the field', () => {
    const raw = catalogue();
    delete raw.clinics[0].emergencyNumber;
    raw.clinics[0].timeZone = 'Europe/Berlin';
    expect(problemsOf(raw)).toEqual([
      'clinics[0].emergencyNumber: required: no default emergency number is known for time zone "Europe/Berlin"',
    ]);
  });

  it.each(['+81119', '1', '11 9', 'one-one-nine', '12345'])('rejects %j, naming the field', (number) => {
    const raw = catalogue();
    raw.clinics[0].emergencyNumber = number;
    expect(problemsOf(raw)).toEqual([
      'clinics[0].emergencyNumber: must be the short number dialled for an ambulance, e.g. "119"',
    ]);
  });
});

describe('parseClinicConfig', () => {
  it('names the path of a bad quiet-hours time', () => {
    const raw = catalogue();
    raw.clinics[0].quietHours.start = '9pm';
    expect(problemsOf(raw)).toEqual(['clinics[0].quietHours.start: must be a time "HH:MM" (24-hour)']);
  });

  it.each(['24:00', '7:00', '21:60', '21:00:00'])('rejects the clock time %s', (time) => {
    const raw = catalogue();
    raw.clinics[0].quietHours.end = time;
    expect(problemsOf(raw)).toEqual(['clinics[0].quietHours.end: must be a time "HH:MM" (24-hour)']);
  });

  it('rejects quiet hours that start and end at the same time', () => {
    const raw = catalogue();
    raw.clinics[0].quietHours = { start: '21:00', end: '21:00' };
    expect(problemsOf(raw)).toEqual(['clinics[0].quietHours.end: start and end must differ']);
  });

  it('rejects duplicate clinic ids, naming the second one', () => {
    const raw = catalogue();
    raw.clinics.push(catalogue().clinics[0]);
    expect(problemsOf(raw)).toEqual(['clinics[1].id: duplicate clinic id "aoyama-aesthetic"']);
  });

  it('accepts two clinics with different ids', () => {
    const raw = catalogue();
    const second = catalogue().clinics[0];
    second.id = 'ginza-branch';
    raw.clinics.push(second);
    expect(parseClinicConfig(raw).clinics.map((c) => c.id)).toEqual(['aoyama-aesthetic', 'ginza-branch']);
  });

  it('rejects an escalation level whose role nobody on the roster has', () => {
    const raw = catalogue();
    raw.clinics[0].escalationPolicies[1].levels.push({ role: 'beautician', ackTimeoutMinutes: 5 });
    expect(problemsOf(raw)).toEqual([
      'clinics[0].escalationPolicies[1].levels[2].role: no one on the on-call roster has the role "beautician"',
    ]);
  });

  it('rejects an escalation level once the only holder of its role leaves the roster', () => {
    const raw = catalogue();
    raw.clinics[0].onCallRoster = raw.clinics[0].onCallRoster.filter(
      (entry: { role: string }) => entry.role !== 'doctor',
    );
    expect(problemsOf(raw)).toEqual([
      'clinics[0].escalationPolicies[0].levels[1].role: no one on the on-call roster has the role "doctor"',
      'clinics[0].escalationPolicies[1].levels[0].role: no one on the on-call roster has the role "doctor"',
    ]);
  });

  // The fallback role is who is called when every level went unacknowledged: if nobody on the
  // roster holds it, the last-resort page reaches no one, exactly what validation is there to stop.
  it('rejects a fallback role that nobody on the roster has', () => {
    const raw = catalogue();
    raw.clinics[0].escalationPolicies[0].fallbackRole = 'beautician';
    expect(problemsOf(raw)).toEqual([
      'clinics[0].escalationPolicies[0].fallbackRole: no one on the on-call roster has the role "beautician"',
    ]);
  });

  it('rejects business hours whose open is after close', () => {
    const raw = catalogue();
    raw.clinics[0].businessHours.tue = [{ open: '18:30', close: '09:30' }];
    expect(problemsOf(raw)).toEqual(['clinics[0].businessHours.tue[0].close: open must be before close']);
  });

  it('rejects business hours whose open equals close', () => {
    const raw = catalogue();
    raw.clinics[0].businessHours.sat.push({ open: '17:00', close: '17:00' });
    expect(problemsOf(raw)).toEqual(['clinics[0].businessHours.sat[1].close: open must be before close']);
  });

  it('rejects an unknown key in a clinic (strict), naming the clinic and the key', () => {
    const raw = catalogue();
    raw.clinics[0].emergencyPhone = '+81312345678';
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^clinics\[0\]: .*"emergencyPhone"/);
  });

  it('rejects an unknown weekday in business hours', () => {
    const raw = catalogue();
    raw.clinics[0].businessHours.holiday = [];
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^clinics\[0\]\.businessHours: .*"holiday"/);
  });

  it('rejects an unknown top-level key', () => {
    const problems = problemsOf({ ...catalogue(), version: 2 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\(root\): .*"version"/);
  });

  it('names the path of deep mistakes in the roster and hospitals', () => {
    const raw = catalogue();
    raw.clinics[0].onCallRoster[2].phone = '090-2222-0001';
    raw.clinics[0].onCallRoster[4].shifts[0].days = ['mon', 'funday'];
    raw.clinics[0].partnerHospitals[1].acceptanceTimeoutMinutes = 0;
    raw.clinics[0].holidays[3] = '2027-02-30';
    const problems = problemsOf(raw);
    expect(problems.map((p) => p.split(': ')[0]).sort()).toEqual([
      'clinics[0].holidays[3]',
      'clinics[0].onCallRoster[2].phone',
      'clinics[0].onCallRoster[4].shifts[0].days[1]',
      'clinics[0].partnerHospitals[1].acceptanceTimeoutMinutes',
    ]);
  });

  it('rejects an empty catalogue and a bad time zone', () => {
    expect(problemsOf({ clinics: [] })).toHaveLength(1);
    const raw = catalogue();
    raw.clinics[0].timeZone = 'Japan/Tokyo';
    expect(problemsOf(raw)).toEqual(['clinics[0].timeZone: must be an IANA time zone such as "Asia/Tokyo"']);
  });

  it('uses "clinic configuration" as the default source', () => {
    expect(() => parseClinicConfig({})).toThrow(/invalid configuration in clinic configuration:/);
  });
});

describe('loadClinicConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'care-config-'));

  it('throws a ConfigError naming a missing file', () => {
    const file = join(dir, 'does-not-exist.json');
    let error: unknown;
    try {
      loadClinicConfig(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(file);
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).problems[0]).toMatch(/ENOENT/);
  });

  it('throws a ConfigError naming a file of malformed JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "clinics": [ { "id": "aoyama", } ] }');
    let error: unknown;
    try {
      loadClinicConfig(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(file);
    expect((error as ConfigError).message).toContain(`invalid configuration in ${file}`);
    expect((error as ConfigError).problems).toHaveLength(1);
  });

  it('names the file when the JSON parses but does not validate', () => {
    const file = join(dir, 'invalid.json');
    const raw = catalogue();
    raw.clinics[0].quietHours.start = '25:00';
    writeFileSync(file, JSON.stringify(raw));
    expect(() => loadClinicConfig(file)).toThrow(
      `invalid configuration in ${file}:\n  - clinics[0].quietHours.start: must be a time "HH:MM" (24-hour)`,
    );
  });
});

describe('loadEnv', () => {
  const root = resolve(__dirname, '..', '..');

  it('uses the embedded defaults for an empty environment', () => {
    expect(loadEnv({})).toEqual({
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'care-journeys',
      TEMPORAL_UI_PORT: 8233,
      API_HOST: '127.0.0.1',
      API_PORT: 3000,
      CLINIC_CONFIG: join(root, 'config', 'clinics.json'),
      DATA_DIR: join(root, 'data'),
      OUTBOX_FILE: join(root, 'data', 'outbox.jsonl'),
      CREDENTIALS_FILE: join(root, 'data', 'dev-credentials.json'),
      DEV_CREDENTIALS: true,
      CODEC_ALLOWED_ORIGINS: ['http://127.0.0.1:8233', 'http://localhost:8233'],
      API_RATE_LIMIT_PER_MINUTE: 120,
      API_RATE_LIMIT_BURST: 60,
      IMPORT_STARTS_PER_SECOND: 20,
      TEMPORAL_QUERY_TIMEOUT_MS: 5000,
      WORKER_METRICS_ADDRESS: '127.0.0.1:9464',
      STAFF_ACCOUNTS_FILE: join(root, 'data', 'dev-staff-accounts.json'),
      DEV_STAFF_ACCOUNTS: true,
      LOG_LEVEL: 'info',
      ROOT: root,
    });
  });

  it('reads the deadline of Temporal calls and rejects one that is not a whole number of ms', () => {
    expect(loadEnv({ TEMPORAL_QUERY_TIMEOUT_MS: '2500' }).TEMPORAL_QUERY_TIMEOUT_MS).toBe(2500);
    expect(() => loadEnv({ TEMPORAL_QUERY_TIMEOUT_MS: '2.5s' })).toThrow(/TEMPORAL_QUERY_TIMEOUT_MS/);
    expect(() => loadEnv({ TEMPORAL_QUERY_TIMEOUT_MS: '0' })).toThrow(/TEMPORAL_QUERY_TIMEOUT_MS/);
  });

  it('reads the bulk-import pace and rejects one that is not a whole number of starts a second', () => {
    expect(loadEnv({ IMPORT_STARTS_PER_SECOND: '5' }).IMPORT_STARTS_PER_SECOND).toBe(5);
    expect(() => loadEnv({ IMPORT_STARTS_PER_SECOND: '0' })).toThrow(/IMPORT_STARTS_PER_SECOND/);
    expect(() => loadEnv({ IMPORT_STARTS_PER_SECOND: '2.5' })).toThrow(/IMPORT_STARTS_PER_SECOND/);
  });

  it('reads values from the environment, coercing ports and deriving the outbox from DATA_DIR', () => {
    const env = loadEnv({ API_PORT: '8080', DATA_DIR: '/var/lib/care', LOG_LEVEL: 'debug' });
    expect(env.API_PORT).toBe(8080);
    expect(env.LOG_LEVEL).toBe('debug');
    expect(env.OUTBOX_FILE).toBe('/var/lib/care/outbox.jsonl');
    expect(loadEnv({ DATA_DIR: '/d', OUTBOX_FILE: '/elsewhere/o.jsonl' }).OUTBOX_FILE).toBe(
      '/elsewhere/o.jsonl',
    );
  });

  it.each(['not-a-port', '70000', '-1', '80.5'])('rejects API_PORT=%s naming the variable', (value) => {
    let error: unknown;
    try {
      loadEnv({ API_PORT: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe('environment variables');
    expect((error as ConfigError).problems).toHaveLength(1);
    expect((error as ConfigError).problems[0]).toMatch(/^API_PORT: /);
  });

  it("reads the codec endpoint's allowed origins (default: the dev server's Web UI)", () => {
    expect(
      loadEnv({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_UI_PORT: '9000' }).CODEC_ALLOWED_ORIGINS,
    ).toEqual(['http://temporal.internal:9000']);
    expect(
      loadEnv({ CODEC_ALLOWED_ORIGINS: 'https://temporal.clinic.example, http://localhost:8080' })
        .CODEC_ALLOWED_ORIGINS,
    ).toEqual(['https://temporal.clinic.example', 'http://localhost:8080']);
    expect(() => loadEnv({ CODEC_ALLOWED_ORIGINS: 'https://temporal.clinic.example/' })).toThrow(
      /CODEC_ALLOWED_ORIGINS.*: each must be an origin/,
    );
  });

  it('rejects a bad LOG_LEVEL naming the variable', () => {
    expect(() => loadEnv({ LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => loadEnv({ LOG_LEVEL: 'verbose' })).toThrow(/\n {2}- LOG_LEVEL: /);
  });

  it('rejects a task queue with upper-case letters naming the variable', () => {
    expect(() => loadEnv({ TEMPORAL_TASK_QUEUE: 'Care_Journeys' })).toThrow(
      /TEMPORAL_TASK_QUEUE: must be lower-case letters, digits and "-"/,
    );
  });
});
