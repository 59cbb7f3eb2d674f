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
    // the test files of a worker share its loaded modules instead of each loading the back office
    // anew: module loading took 288 s of the SQLite run's CPU, 18 s this way (the whole SQLite run
    // 529 s on this machine, as CI runs it). Nothing in the tests mocks a module or keeps state
    // between files (every file opens its own back office), and the whole suite passes both ways.
    isolate: false,
  },
});
