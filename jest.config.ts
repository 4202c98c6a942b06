import type { Config } from 'jest';

const config: Config = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // Starts the real Gradio fixture apps (Python) once for the whole run and stops them afterwards.
  globalSetup: '<rootDir>/spec/support/global-setup.mjs',
  globalTeardown: '<rootDir>/spec/support/global-teardown.mjs',
  testTimeout: 30_000,
  // Integration specs share the fixture servers; two workers match the 2-core machines we run on.
  maxWorkers: 2,
};

export default config;
