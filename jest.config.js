/** Jest: one Temporal test environment per file, files run in band (see README "Tests"). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup-runtime.ts'],
};
