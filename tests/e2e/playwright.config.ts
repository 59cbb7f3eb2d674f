/**
 * End-to-end: the built renderer in Debian's Chromium against the web door on a fresh database.
 * Run with `npm run test:e2e` (builds out/web first). One worker: the specs tell one story in order.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';

import { e2eDoor, prepareE2eDoor } from './door';
import { BASE_URL, CASHIER_PORT, COLLECTIONS_PORT, DEMO_PORT, INVOICES_PORT, KEY, NOTICES_PORT, PETTY_CASH_PORT, PORT, PQR_ANSWERS_PORT, PQR_PORT, VIEWPORT } from './story';

// the doors start from the built bundle (tests/e2e/door.ts), built here once when missing or stale
prepareE2eDoor();
const door = e2eDoor();

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // a test.only left in a spec would silently skip the rest of the story in CI
  forbidOnly: Boolean(process.env.CI),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/e2e',
  use: {
    baseURL: BASE_URL,
    viewport: VIEWPORT,
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  // one door per spec file, each on its own fresh database
  webServer: [PORT, DEMO_PORT, CASHIER_PORT, COLLECTIONS_PORT, PQR_PORT, PQR_ANSWERS_PORT, PETTY_CASH_PORT, INVOICES_PORT, NOTICES_PORT].map((port) => ({
    command: [door.program, ...door.args].map((a) => JSON.stringify(a)).join(' '),
    cwd: '../..',
    url: `http://127.0.0.1:${port}/?k=${KEY}`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { VENTANILLA_WEB_KEY: KEY, E2E_PORT: String(port) },
    stdout: 'ignore' as const,
  })),
});
