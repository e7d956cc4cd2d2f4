import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenApiDocument } from '../../api/openapi/document';
import type { Role } from '../../domain/access';
import { ROLES } from '../../domain/access';
import { ApiHarness } from '../helpers/api-harness';
import { clinic, startRequest } from '../helpers/fixtures';

// The OpenAPI document against the API itself, by a property-based fuzzer (schemathesis, installed
// into tools/ by scripts/install-schemathesis.sh): from the document alone it builds valid and
// invalid requests for every operation and fails on any 5xx, any response that breaks its
// documented schema, any valid-by-schema request the API rejects as malformed (400), any invalid
// one it accepts, and any undeclared method not answered 405 with Allow. A fixed seed and a small
// number of examples per operation keep it reproducible and within about a minute on 2 cores.

const SCHEMATHESIS = resolve(__dirname, '..', '..', 'tools', 'schemathesis', 'bin', 'schemathesis');
const CONFIG = resolve(__dirname, 'schemathesis.toml');
const SEED = 20261207;
const EXAMPLES_PER_OPERATION = 5;
const CHECKS = [
  'not_a_server_error',
  'response_schema_conformance',
  'positive_data_acceptance',
  'negative_data_rejection',
  'unsupported_method',
  'allow_header_conformance',
];

// A credential per role, each issued to a member of staff: decisions may then leave staffId out,
// as their schema allows (a credential without one must name the person, which no schema says).
const staff = ROLES.map((role) => ({ role, staffId: `fuzz-${role}` }));
const h = new ApiHarness({}, staff);
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

/** The operation ids each role is the first allowed to call; public ones go with the first role. */
function operationsByRole(doc: OpenApiDocument): Map<Role, string[]> {
  const groups = new Map<Role, string[]>();
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      const role = op['x-roles']?.[0] ?? ROLES[0];
      groups.set(role, [...(groups.get(role) ?? []), op.operationId]);
    }
  }
  return groups;
}

/**
 * The settings (schemathesis.toml) plus the ids of real cases: half of the generated path ids are
 * those, so valid requests also reach running cases (200, 422), not only unknown ones (404).
 */
function settingsWithCases(dir: string, cases: { journeyId: string; complaintId: string }): string {
  const file = join(dir, 'schemathesis.toml');
  writeFileSync(
    file,
    `${readFileSync(CONFIG, 'utf8')}
[dictionaries.journeys]
values = [${JSON.stringify(cases.journeyId)}]
[dictionaries.complaints]
values = [${JSON.stringify(cases.complaintId)}]
[parameters]
"path.journeyId" = { dictionary = "journeys", probability = 0.5 }
"path.complaintId" = { dictionary = "complaints", probability = 0.5 }
`,
  );
  return file;
}

function schemathesis(dir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // In a temporary directory: nothing it writes lands in the work tree.
    const child = spawn(SCHEMATHESIS, args, {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '120' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

/** The part of the report that says what failed, long lines cut (tracebacks can be huge). */
function failures(output: string): string {
  const start = output.search(/^=+ (FAILURES|ERRORS) =+$/m);
  return (start >= 0 ? output.slice(start) : output)
    .split('\n')
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join('\n')
    .slice(0, 20_000);
}

// The whole report of each run, for a person to read (git-ignored, kept by CI).
const REPORTS = resolve(__dirname, '..', '..', '.test-results');

test('the fuzzer finds no server error, schema violation, or request the document and the API disagree on', async () => {
  expect(existsSync(SCHEMATHESIS)).toBe(true);
  const doc = (await h.call('GET', '/openapi.json', undefined, { authorization: '' }))
    .body as OpenApiDocument;
  const groups = operationsByRole(doc);
  expect([...groups.values()].flat().length).toBeGreaterThan(40);

  // A running journey and complaint of the fixture clinic for the path ids.
  const journey = await h.call('POST', '/journeys', startRequest());
  const complaint = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-fuzz-${Date.now()}`,
    channel: 'front-desk',
    category: 'billing',
    severity: 'low',
    customer: { ref: 'P-1001', language: 'en' },
    description: 'Charged twice for one visit',
  });
  expect([journey.status, complaint.status]).toEqual([201, 201]);
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  const settings = settingsWithCases(dir, {
    journeyId: journey.body.journeyId,
    complaintId: complaint.body.complaintId,
  });

  const problems: string[] = [];
  for (const [role, operationIds] of groups) {
    const { code, output } = await schemathesis(dir, [
      '--config-file',
      settings,
      'run',
      `${h.base}/openapi.json`,
      '--header',
      `Authorization: ${h.asStaff(`fuzz-${role}`).authorization}`,
      '--include-operation-id-regex',
      `^(${operationIds.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`,
      '--checks',
      CHECKS.join(','),
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(EXAMPLES_PER_OPERATION),
      '--seed',
      String(SEED),
      '--generation-database',
      'none',
      // One worker: hypothesis describing strategies from two threads trips a CPython 3.11 bug
      // ("AST constructor recursion depth mismatch").
      '--workers',
      '1',
    ]);
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(join(REPORTS, `fuzz-${role}.txt`), output);
    // A run that generated nothing proves nothing.
    const generated = Number(/(\d+) generated/.exec(output)?.[1] ?? 0);
    if (code === 0 && generated === 0) problems.push(`as ${role}: no test case generated`);
    if (code !== 0) problems.push(`as ${role} (exit ${code}):\n${failures(output)}`);
  }
  expect(problems.join('\n\n')).toBe('');
}, 240_000);
