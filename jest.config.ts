import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/server/test/after-each-suite.ts'],
  testTimeout: 60_000,
  // Sockets and pools are closed by each suite; a hang past this is a bug worth seeing.
  openHandlesTimeout: 5_000,
};

export default config;
