import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// The determinism rules in eslint.config.mjs, exercised through ESLint's Node API. Jest runs test
// code in a vm context where ESLint cannot import() the ESM config file ("A dynamic import callback
// was invoked without --experimental-vm-modules"), so the samples are linted in one child Node
// process that uses `new ESLint({ cwd }).lintText(code, { filePath })` and prints JSON.

const ROOT = resolve(__dirname, '..', '..');

interface Finding {
  ruleId: string | null;
  severity: number;
  message: string;
}

const LINT_SAMPLES = `
const { ESLint } = require('eslint');
(async () => {
  const samples = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { code, filePath } of samples) {
    const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
    out.push(result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
`;

// A workflow that uses every import, so only the rules under test can complain.
const samples = {
  fs: ['workflows/probe.ts', "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n"],
  nodeCrypto: [
    'workflows/probe.ts',
    "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n",
  ],
  activitiesValue: [
    'workflows/probe.ts',
    "import { createActivities } from '../activities';\nexport const make = createActivities;\n",
  ],
  activitiesSubmodule: [
    'workflows/probe.ts',
    "import { permanentFailuresAreFinal } from '../activities/errors';\nexport const f = permanentFailuresAreFinal;\n",
  ],
  outbox: [
    'workflows/probe.ts',
    "import { Outbox } from '../adapters/dev/outbox';\nexport const O = Outbox;\n",
  ],
  temporalClient: [
    'workflows/probe.ts',
    "import { Client } from '@temporalio/client';\nexport const C = Client;\n",
  ],
  processGlobal: ['workflows/probe.ts', 'export const pid = process.pid;\n'],
  dateOk: ['workflows/probe.ts', 'export const now = (): number => Date.now();\n'],
  plainError: ['workflows/probe.ts', "export function no(): never {\n  throw new Error('no');\n}\n"],
  refusal: [
    'workflows/probe.ts',
    "import { refuse } from './refusal';\nexport function no(): never {\n  refuse('no');\n}\n",
  ],
  typeImportActivities: [
    'workflows/probe.ts',
    "import type { Activities } from '../activities';\nexport type A = Activities;\n",
  ],
  temporalWorkflow: [
    'workflows/probe.ts',
    "import { proxyActivities, sleep } from '@temporalio/workflow';\n" +
      "import type { Activities } from '../activities';\n" +
      "import { journeyId } from '../domain/case-ids';\n" +
      "export const acts = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });\n" +
      'export const pause = sleep;\n' +
      'export const id = journeyId;\n',
  ],
  domainTemporalWorkflow: [
    'domain/probe.ts',
    "import { sleep } from '@temporalio/workflow';\nexport const s = sleep;\n",
  ],
  domainFs: ['domain/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
  domainProcess: ['domain/probe.ts', 'export const env = process.env;\n'],
  domainZod: ['domain/probe.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
  adaptersFs: [
    'adapters/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
  ],
} satisfies Record<string, [string, string]>;

type Sample = keyof typeof samples;
const findings = {} as Record<Sample, Finding[]>;

beforeAll(() => {
  const names = Object.keys(samples) as Sample[];
  const input = JSON.stringify(names.map((name) => ({ filePath: samples[name][0], code: samples[name][1] })));
  const output = execFileSync(process.execPath, ['-e', LINT_SAMPLES], { cwd: ROOT, input, encoding: 'utf8' });
  const results = JSON.parse(output) as Finding[][];
  names.forEach((name, i) => (findings[name] = results[i]!));
}, 60_000);

const errorsOf = (name: Sample) => findings[name].filter((f) => f.severity === 2);
const rulesOf = (name: Sample) => errorsOf(name).map((f) => f.ruleId);

describe('workflows/ determinism rules', () => {
  it.each([
    ['fs', 'fs' as const],
    ['node:crypto', 'nodeCrypto' as const],
    ['@temporalio/client', 'temporalClient' as const],
  ])('importing %s is an error', (_module, name) => {
    expect(rulesOf(name)).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(errorsOf(name)[0]!.message).toMatch(/Not allowed in workflow code/);
  });

  it('a value import from ../activities is an error', () => {
    expect(rulesOf('activitiesValue')).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(errorsOf('activitiesValue')[0]!.message).toMatch(/import type/);
  });

  it('a value import from an activities submodule is an error', () => {
    expect(rulesOf('activitiesSubmodule')).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('importing ../adapters/dev/outbox is an error', () => {
    expect(rulesOf('outbox')).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(errorsOf('outbox')[0]!.message).toMatch(/Workflows may not import I\/O code/);
  });

  it('using process is an error', () => {
    expect(rulesOf('processGlobal')).toEqual(['no-restricted-globals']);
    expect(errorsOf('processGlobal')[0]!.message).toMatch(/deterministic/);
  });

  it('import type from ../activities is allowed', () => {
    expect(findings.typeImportActivities).toEqual([]);
  });

  it('@temporalio/workflow, activity types and domain code are allowed', () => {
    expect(findings.temporalWorkflow).toEqual([]);
  });

  it('throwing a plain Error is an error (it would fail the workflow task); refuse() is allowed', () => {
    expect(rulesOf('plainError')).toEqual(['no-restricted-syntax']);
    expect(errorsOf('plainError')[0]!.message).toMatch(/refuse\(\)/);
    expect(findings.refusal).toEqual([]);
  });

  it('plain deterministic code is allowed (Date is replaced by the workflow sandbox)', () => {
    expect(findings.dateOk).toEqual([]);
  });
});

describe('domain/ purity rules', () => {
  it('importing @temporalio/workflow is an error', () => {
    expect(rulesOf('domainTemporalWorkflow')).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(errorsOf('domainTemporalWorkflow')[0]!.message).toMatch(/domain\/ is pure/);
  });

  it('importing node:fs and using process are errors', () => {
    expect(rulesOf('domainFs')).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(rulesOf('domainProcess')).toEqual(['no-restricted-globals']);
  });

  it('zod is allowed', () => {
    expect(findings.domainZod).toEqual([]);
  });
});

describe('outside workflows/ and domain/', () => {
  it('adapters may use Node APIs', () => {
    expect(findings.adaptersFs).toEqual([]);
  });
});
