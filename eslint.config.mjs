// Lint rules. The important ones keep workflow code deterministic: workflows/ may import only
// @temporalio/workflow, pure domain code and (as types only) activities; domain/ is pure code
// that both workflows and the API share, so it may not touch Node, the network or Temporal.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

const impureModules = [
  ...nodeBuiltins,
  ...nodeBuiltins.map((m) => `node:${m}`),
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
  'express',
  'pino',
  'pino-http',
  'uuid',
];
const impureFolders = [
  '**/adapters/**',
  '**/api/**',
  '**/worker/**',
  '**/config/**',
  '**/observability/**',
  '**/scripts/**',
];

const impureGlobals = [
  'process',
  'Buffer',
  'require',
  '__dirname',
  '__filename',
  'setImmediate',
  'fetch',
].map((name) => ({ name, message: 'Workflow and domain code must be deterministic and free of Node APIs.' }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'tools/',
      'data/',
      'coverage/',
      '.test-results/',
      'reports/',
      '.stryker-tmp*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      // A plain Error thrown from an update handler fails the workflow task, retried forever.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message: 'Refuse a decision with refuse() (workflows/refusal.ts) or throw an ApplicationFailure.',
        },
      ],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: impureModules.map((name) => ({
            name,
            message: 'Not allowed in workflow code (non-deterministic or Node-only).',
          })),
          patterns: [
            { group: impureFolders, message: 'Workflows may not import I/O code.' },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activity types with `import type` only; call them through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...impureModules, '@temporalio/workflow'].map((name) => ({
            name,
            message: 'domain/ is pure code shared by workflows and the API.',
          })),
          patterns: [
            { group: [...impureFolders, '**/activities/**', '**/workflows/**'], message: 'domain/ is pure.' },
          ],
        },
      ],
    },
  },
  {
    // The API talks to workflows by name through their definitions modules (signals, queries,
    // updates, state types, the workflow's signature); it never loads workflow code.
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(?:^|/)workflows(?:/(?![\\w-]+-definitions$).*)?$',
              message: 'The API imports only workflows/*-definitions (start workflows by name).',
            },
          ],
        },
      ],
    },
  },
  {
    // The staff console's browser scripts: plain JavaScript served as files (api/console/routes.ts).
    files: ['api/console/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
