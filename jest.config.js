// Jest runs in native ESM mode (node --experimental-vm-modules, as the typescript-action template
// does) because @actions/core 3, @actions/github 9 and @octokit/rest 22 ship ESM only. ts-jest
// transpiles without type-checking (isolatedModules); `npm run typecheck` is the type gate.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 120000,
  maxWorkers: 2,
};
