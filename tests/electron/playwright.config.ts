import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // a test.only left in a spec would silently skip the others in CI
  forbidOnly: Boolean(process.env.CI),
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  // its own folder: Playwright empties its output folder before a run, and test-results/ also holds
  // the e2e suite's screenshots (test-results/screens), kept as CI artifacts
  outputDir: '../../test-results/electron',
});
