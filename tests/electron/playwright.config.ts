import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // a test.only left in a spec fails CI instead of silently running that test alone
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
