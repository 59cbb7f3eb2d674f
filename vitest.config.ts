import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/property/**/*.test.ts'],
    environment: 'node',
    // the CLI tests start several tsx processes and the integration tests open real databases: on two
    // busy cores (CI) a test that takes 5 s alone may take 40 s; a hang still ends the run
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // both cores: vitest's default leaves one of the two idle, and the long crash and concurrency
    // files then run one after another (CI went from ~12 to ~7 minutes)
    maxWorkers: 2,
  },
});
