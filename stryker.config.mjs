/**
 * Mutation testing (Stryker with the vitest runner) over the files that hold money and legal rules.
 * Run it with `npm run mutation` (tests/mutation/run.ts): one Stryker run per file, each with only
 * the test files that exercise it (tests/mutation/targets.ts), one test runner at a time. Not in CI:
 * it takes tens of minutes on two shared cores. Reports land in reports/mutation/ (git-ignored).
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // the test files are chosen per mutated file (--testFiles), not by vitest's import graph: every
  // integration test reaches every module through the handler table
  vitest: { configFile: 'vitest.config.ts', related: false },
  // Known flaw here: a static mutant (in a module-level constant: a regular expression, a list of
  // states, a table of names) is reported Survived without its tests catching it — e.g. DIGITS →
  // /^\D+$/ in asobancaria.ts, which breaks every file, or RUNNING_STATES without 'asignada' in
  // pqr/deadlines.ts, which fails tests/unit/pqr-deadlines.test.ts when applied by hand. Read the
  // static survivors of a report as "not measured" and check them by hand.
  coverageAnalysis: 'perTest',
  concurrency: 1,
  // a mutant that loops (a date counter that never stops) is a timeout, which counts as killed
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportMutants: true, reportScoreTable: true },
  jsonReporter: { fileName: 'reports/mutation/last.json' },
  htmlReporter: { fileName: 'reports/mutation/last.html' },
  thresholds: { high: 85, low: 70, break: null },
  ignorePatterns: ['out', 'dist', 'release', 'test-results', 'playwright-report', 'bench-results', 'tests/.tmp', 'tests/e2e', 'tests/electron', 'renderer'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
