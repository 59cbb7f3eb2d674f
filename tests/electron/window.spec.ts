/**
 * The desktop window itself, through Playwright's Electron driver. Runs only where the Electron
 * program exists; elsewhere every test is skipped with the reason. No test waits a fixed time: each
 * waits for the window to load, or for the event it is about.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary, NO_ELECTRON_MESSAGE } from './electron-binary';

const binary = electronBinary();
if (!binary) console.log(NO_ELECTRON_MESSAGE);
test.skip(!binary, NO_ELECTRON_MESSAGE);

let app: ElectronApplication;
let page: Page;
let dataDir: string;
let env: Record<string, string>;

test.beforeAll(async () => {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-electron-'));
  // a user folder of its own (window size, single-instance lock) and a database of its own
  env = { ...(process.env as Record<string, string>), VENTANILLA_DB: path.join(dataDir, 'ventanilla.sqlite'), XDG_CONFIG_HOME: path.join(dataDir, 'config') };
  app = await electron.launch({ executablePath: binary!, args: ['out/main/index.js', '--no-sandbox'], env });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the window opens the first-start wizard from the app:// scheme', async () => {
  await expect(page.getByText('Configuración inicial')).toBeVisible({ timeout: 30_000 });
  expect(page.url()).toMatch(/^app:\/\/ventanilla\//);
});

test('the renderer gets window.api and nothing of Node', async () => {
  const exposed = await page.evaluate(() => ({
    api: typeof (window as unknown as { api?: { send?: unknown } }).api?.send,
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(exposed).toEqual({ api: 'function', require: 'undefined', process: 'undefined' });
});

test('the back office answers through IPC', async () => {
  const status = await page.evaluate(() =>
    (window as unknown as { api: { send: (n: string, a: unknown, t: null) => Promise<unknown> } }).api.send('setup.status', {}, null),
  );
  expect(status).toEqual({ ok: true, data: { initialized: false, companyName: null } });
});

test('the window is hardened: no new windows, no navigation away from the app', async () => {
  // the open handler denies synchronously: the page gets null, no window appears
  expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
  expect(app.windows()).toHaveLength(1);
  // a navigation away is stopped in will-navigate (the main process's handler runs first)
  const navigation = app.evaluate(
    ({ BrowserWindow }) =>
      new Promise<{ url: string; prevented: boolean }>((resolve) => {
        BrowserWindow.getAllWindows()[0].webContents.once('will-navigate', (event, url) => resolve({ url, prevented: event.defaultPrevented }));
      }),
  );
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  expect(await navigation).toEqual({ url: 'https://example.com/', prevented: true });
  expect(page.url()).toMatch(/^app:\/\/ventanilla\//);
});

test('the window fits the work area of the screen, with a minimum no larger than 1024×600', async () => {
  const fit = await app.evaluate(({ BrowserWindow, screen }) => {
    const window = BrowserWindow.getAllWindows()[0];
    const display = screen.getDisplayMatching(window.getBounds());
    return { bounds: window.getBounds(), work: display.workArea, minimum: window.getMinimumSize() };
  });
  expect(fit.bounds.x).toBeGreaterThanOrEqual(fit.work.x);
  expect(fit.bounds.y).toBeGreaterThanOrEqual(fit.work.y);
  expect(fit.bounds.x + fit.bounds.width).toBeLessThanOrEqual(fit.work.x + fit.work.width);
  expect(fit.bounds.y + fit.bounds.height).toBeLessThanOrEqual(fit.work.y + fit.work.height);
  expect(fit.minimum[0]).toBeLessThanOrEqual(1024);
  expect(fit.minimum[1]).toBeLessThanOrEqual(600);
});

test('the menu has Ayuda › Acerca de Ventanilla', async () => {
  const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => [item.label, item.submenu?.items.map((i) => i.label) ?? []]));
  expect(menu).toContainEqual(['Ayuda', ['Acerca de Ventanilla']]);
});

test('an error of the screen reaches the log file in the data folder', async () => {
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('error de prueba de la ventana');
    });
  });
  const log = path.join(dataDir, 'logs', 'ventanilla.log');
  await expect.poll(() => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''), { timeout: 15_000 }).toContain('Error en la pantalla');
  expect(fs.readFileSync(log, 'utf8')).toContain('error de prueba de la ventana');
});

test('a second launch does not start a second app: it brings the open window to the front and ends', async () => {
  const told = app.evaluate(({ app: electronApp }) => new Promise<boolean>((resolve) => electronApp.once('second-instance', () => resolve(true))));
  const second = spawn(binary!, ['out/main/index.js', '--no-sandbox'], { env, stdio: 'ignore' });
  const exitCode = await new Promise<number | null>((resolve) => second.once('exit', resolve));
  expect(await told).toBe(true);
  expect(exitCode).toBe(0);
  expect(app.windows()).toHaveLength(1);
});
