import './infra/local/quiet-sdk.ts';
import { defineConfig } from 'vitest/config';

// Two projects so that only the integration tests pay for DynamoDB Local (a JVM) and s3rver,
// started once per run by the integration project's globalSetup.
export default defineConfig({
  test: {
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--import', './tests/setup/exit-with-vitest.mjs'] } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/integration/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/local-services.ts'],
        },
      },
    ],
  },
});
