import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // a test.only left in a spec would silently skip the others in CI
  forbidOnly: Boolean(process.env.CI),
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
