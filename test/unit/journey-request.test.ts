import type { Clinic } from '../../domain/clinic';
import {
  DEFAULT_TRANSFER_HOLD_MINUTES,
  startJourneyRequestSchema,
  toJourneyInput,
} from '../../domain/journey';
import type { StartJourneyRequest } from '../../domain/journey';
import { describeIssues, timeZones } from '../../domain/validation';
import { latestProtocol } from '../../domain/protocol-catalogue';
import { configuredClinic as clinic } from '../helpers/fixtures';

function validRequest(): StartJourneyRequest {
  return {
    clinicId: 'aoyama-aesthetic',
    surgeryId: 'S-1001',
    patient: { ref: 'P-1001', phone: '+819012345678', language: 'ja', timeZone: 'Asia/Tokyo' },
    surgery: { procedureCode: 'rhinoplasty', performedAt: '2026-03-02T10:30:00+09:00', surgeonId: 'dr-sato' },
  };
}

/** The request with one field replaced (or removed, when value is undefined), as plain JSON. */
function withField(path: string[], value: unknown): unknown {
  const request = JSON.parse(JSON.stringify(validRequest())) as Record<string, unknown>;
  let target = request;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return request;
}

function issuesOf(input: unknown): string[] {
  const parsed = startJourneyRequestSchema.safeParse(input);
  if (parsed.success) throw new Error('expected the request to be rejected');
  return describeIssues(parsed.error);
}

describe('startJourneyRequestSchema', () => {
  it('accepts a valid request, adding no return visits by default', () => {
    const parsed = startJourneyRequestSchema.safeParse(validRequest());
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ ...validRequest(), returnVisits: [] });
  });

  it.each(['en', 'ja', 'zh-Hant'])('accepts language %s', (language) => {
    expect(startJourneyRequestSchema.safeParse(withField(['patient', 'language'], language)).success).toBe(
      true,
    );
  });

  it.each(['2026-03-02T01:30:00Z', '2026-03-02T10:30:00.123+09:00', '2026-03-01T20:30:00-05:00'])(
    'accepts performedAt with an offset: %s',
    (performedAt) => {
      expect(
        startJourneyRequestSchema.safeParse(withField(['surgery', 'performedAt'], performedAt)).success,
      ).toBe(true);
    },
  );

  it.each([
    ['unknown procedure', ['surgery', 'procedureCode'], 'facelift', 'surgery.procedureCode'],
    ['phone without +', ['patient', 'phone'], '819012345678', 'patient.phone'],
    ['national phone format', ['patient', 'phone'], '090-1234-5678', 'patient.phone'],
    ['phone starting +0', ['patient', 'phone'], '+0812345678', 'patient.phone'],
    ['bad time zone', ['patient', 'timeZone'], 'Asia/Atlantis', 'patient.timeZone'],
    ['performedAt without offset', ['surgery', 'performedAt'], '2026-03-02T10:30:00', 'surgery.performedAt'],
    ['performedAt as a date only', ['surgery', 'performedAt'], '2026-03-02', 'surgery.performedAt'],
    ['missing patient.ref', ['patient', 'ref'], undefined, 'patient.ref'],
    ['patient.ref with a space', ['patient', 'ref'], 'P 1001', 'patient.ref'],
    ['language not offered', ['patient', 'language'], 'fr', 'patient.language'],
    ['simplified Chinese', ['patient', 'language'], 'zh-Hans', 'patient.language'],
    ['clinic id with a colon', ['clinicId'], 'aoyama:aesthetic', 'clinicId'],
    ['missing surgeonId', ['surgery', 'surgeonId'], undefined, 'surgery.surgeonId'],
    ['a surgery id that is a phone number', ['surgeryId'], '09012345678', 'surgeryId'],
    ['a surgery id that is a hyphenated phone number', ['surgeryId'], '090-1234-5678', 'surgeryId'],
    ['a patient ref that is a phone number', ['patient', 'ref'], '819012345678', 'patient.ref'],
  ])('rejects %s, naming %s', (_label, path, value, expectedPath) => {
    const issues = issuesOf(withField(path as string[], value));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^${expectedPath.replace('.', '\\.')}: `));
  });

  it('says an id looks like a phone number, and takes short numeric or prefixed ids', () => {
    expect(issuesOf(withField(['surgeryId'], '09012345678'))).toEqual([
      expect.stringMatching(/^surgeryId: looks like a phone number/),
    ]);
    for (const surgeryId of ['123456', 'S-09012345678', '2026-001', 'S1234567'])
      expect(startJourneyRequestSchema.safeParse(withField(['surgeryId'], surgeryId)).success).toBe(true);
  });

  it('refuses visit and prescription ids that look like phone numbers (they name child workflows)', () => {
    const request = {
      ...validRequest(),
      prescriptions: [{ id: '08012345678', name: 'Cefalexin', dose: '500 mg', times: ['08:00'], days: 3 }],
      returnVisits: [
        {
          id: '0312345678',
          at: '2026-03-09T10:00:00+09:00',
          place: 'Clinic',
          department: 'Plastic surgery',
          doctor: 'Dr Sato',
        },
      ],
    };
    expect(issuesOf(request)).toEqual([
      expect.stringMatching(/^prescriptions\[0\]\.id: looks like a phone number/),
      expect.stringMatching(/^returnVisits\[0\]\.id: looks like a phone number/),
    ]);
  });

  it('says why a phone number and a performedAt are wrong', () => {
    expect(issuesOf(withField(['patient', 'phone'], '09012345678'))).toEqual([
      'patient.phone: must be an E.164 phone number such as "+81312345678"',
    ]);
    expect(issuesOf(withField(['surgery', 'performedAt'], '2026-03-02T10:30:00'))).toEqual([
      'surgery.performedAt: must be an ISO 8601 date-time with offset',
    ]);
    expect(issuesOf(withField(['patient', 'timeZone'], 'Tokyo'))).toEqual([
      'patient.timeZone: must be an IANA time zone such as "Asia/Tokyo"',
    ]);
  });

  it('rejects an unknown extra key at the top level, naming the key', () => {
    const issues = issuesOf({ ...validRequest(), patientName: 'Hanako Yamada' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^\(root\): .*patientName/);
  });

  it('rejects an unknown extra key inside patient, naming patient and the key', () => {
    const issues = issuesOf(withField(['patient', 'name'], 'Hanako Yamada'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^patient: .*"name"/);
  });

  it('reports every bad field at once', () => {
    const request = withField(['patient', 'phone'], 'nope') as Record<string, Record<string, unknown>>;
    request.surgery!.procedureCode = 'facelift';
    const issues = issuesOf(request);
    expect(issues.map((line) => line.split(':')[0]).sort()).toEqual([
      'patient.phone',
      'surgery.procedureCode',
    ]);
  });
});

describe('toJourneyInput', () => {
  const protocol = latestProtocol('rhinoplasty');
  const parsed = (request: unknown) => startJourneyRequestSchema.parse(request);

  it("pins the clinic's settings, the full protocol and the patient's plans", () => {
    const request = parsed(validRequest());
    const input = toJourneyInput('journey:aoyama-aesthetic:S-1001', request, clinic, protocol);
    expect(input).toEqual({
      journeyId: 'journey:aoyama-aesthetic:S-1001',
      clinic: {
        id: 'aoyama-aesthetic',
        name: 'Aoyama Aesthetic Clinic',
        timeZone: 'Asia/Tokyo',
        emergencyLine: '+81312345678',
        emergencyNumber: '119',
        quietHours: { start: '21:00', end: '08:00' },
        businessHours: clinic.businessHours,
        holidays: clinic.holidays,
        escalationPolicies: clinic.escalationPolicies,
        partnerHospitals: clinic.partnerHospitals,
        complaintSla: clinic.complaintSla,
        staffLanguage: 'ja', // pages in the clinic's staff language
      },
      patient: request.patient,
      surgery: {
        id: 'S-1001',
        procedureCode: 'rhinoplasty',
        performedAt: '2026-03-02T10:30:00+09:00',
        surgeonId: 'dr-sato',
      },
      protocol,
      // No prescriptions given: the protocol's default medication reminders.
      prescriptions: protocol.medicationDefaults.map((m, i) => ({ id: `default-${i + 1}`, ...m })),
      returnVisits: [],
      transferHoldMinutes: DEFAULT_TRANSFER_HOLD_MINUTES,
    });
  });

  it('does not pin the on-call roster: the roster is read when a level is paged', () => {
    const input = toJourneyInput('journey:aoyama-aesthetic:S-1001', parsed(validRequest()), clinic, protocol);
    expect(Object.keys(input.clinic)).not.toContain('onCallRoster');
  });

  it("takes the clinic's settings, not the patient's time zone", () => {
    const other: Clinic = {
      ...clinic,
      id: 'taipei-branch',
      name: 'Taipei Branch',
      timeZone: 'Asia/Taipei',
      emergencyLine: '+886227001234',
      quietHours: { start: '22:00', end: '07:30' },
    };
    const request = parsed({ ...validRequest(), clinicId: 'taipei-branch' });
    const input = toJourneyInput('journey:taipei-branch:S-1001', request, other, protocol);
    expect(input.clinic).toMatchObject({
      id: 'taipei-branch',
      name: 'Taipei Branch',
      timeZone: 'Asia/Taipei',
      emergencyLine: '+886227001234',
      quietHours: { start: '22:00', end: '07:30' },
    });
    expect(input.patient.timeZone).toBe('Asia/Tokyo');
  });

  it('does not change when the clinic object is edited afterwards', () => {
    const editable: Clinic = JSON.parse(JSON.stringify(clinic)) as Clinic;
    const input = toJourneyInput(
      'journey:aoyama-aesthetic:S-1001',
      parsed(validRequest()),
      editable,
      protocol,
    );
    editable.emergencyLine = '+81399999999';
    editable.name = 'Renamed';
    expect(input.clinic.emergencyLine).toBe('+81312345678');
    expect(input.clinic.name).toBe('Aoyama Aesthetic Clinic');
  });

  it('an explicit empty prescription list means no medication reminders', () => {
    const input = toJourneyInput(
      'journey:a:S-1',
      parsed({ ...validRequest(), prescriptions: [] }),
      clinic,
      protocol,
    );
    expect(input.prescriptions).toEqual([]);
  });

  it('rejects duplicate prescription and return-visit ids naming the field', () => {
    const rx = { id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['08:00'], days: 5 };
    const result = startJourneyRequestSchema.safeParse({ ...validRequest(), prescriptions: [rx, rx] });
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!)).toContain('prescriptions[1].id: duplicate id "rx-1"');
  });
});

describe('patient.timeZone', () => {
  const zone = (timeZone: string) =>
    startJourneyRequestSchema.safeParse(withField(['patient', 'timeZone'], timeZone)).success;

  it.each(['Asia/Tokyo', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'UTC', 'Etc/GMT-9', 'Etc/GMT+5'])(
    'takes %s (its IANA name, the runtime list spelling it differently, or a fixed offset)',
    (timeZone) => {
      expect(zone(timeZone)).toBe(true);
      expect(timeZones()).toContain(timeZone);
    },
  );

  it.each(['Japan', 'asia/tokyo', 'Mars/Olympus', '', 'Etc/GMT-15'])(
    'refuses %p, which the OpenAPI enum does not list either',
    (timeZone) => {
      expect(zone(timeZone)).toBe(false);
      expect(timeZones()).not.toContain(timeZone);
    },
  );
});
