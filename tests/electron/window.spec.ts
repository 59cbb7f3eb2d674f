/**
 * The desktop window itself, through Playwright's Electron driver. Runs only where the Electron
 * program exists; elsewhere every test is skipped with the reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { electronBinary, NO_ELECTRON_MESSAGE } from './electron-binary';

const binary = electronBinary();
if (!binary) console.log(NO_ELECTRON_MESSAGE);
test.skip(!binary, NO_ELECTRON_MESSAGE);

let app: ElectronApplication;
let dataDir: string;

test.beforeAll(async () => {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-electron-'));
  app = await electron.launch({
    executablePath: binary!,
    args: ['out/main/index.js', '--no-sandbox'],
    env: { ...process.env, VENTANILLA_DB: path.join(dataDir, 'ventanilla.sqlite') },
  });
});

test.afterAll(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the window opens the first-start wizard from the app:// scheme', async () => {
  const page = await app.firstWindow();
  expect(page.url()).toMatch(/^app:\/\/ventanilla\//);
  await expect(page.getByText('Configuración inicial')).toBeVisible({ timeout: 30_000 });
});

test('the renderer gets window.api and nothing of Node', async () => {
  const page = await app.firstWindow();
  const exposed = await page.evaluate(() => ({
    api: typeof (window as unknown as { api?: { send?: unknown } }).api?.send,
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(exposed).toEqual({ api: 'function', require: 'undefined', process: 'undefined' });
});

test('the back office answers through IPC', async () => {
  const page = await app.firstWindow();
  const status = await page.evaluate(() =>
    (window as unknown as { api: { send: (n: string, a: unknown, t: null) => Promise<unknown> } }).api.send('setup.status', {}, null),
  );
  expect(status).toEqual({ ok: true, data: { initialized: false, companyName: null } });
});

test('the window is hardened: no new windows, no navigation away from the app', async () => {
  const page = await app.firstWindow();
  await page.evaluate(() => window.open('https://example.com'));
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(app.windows()).toHaveLength(1);
  expect(page.url()).toMatch(/^app:\/\/ventanilla\//);
});
