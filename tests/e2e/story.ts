/** What the specs share: the address, the people of the story and a screenshot helper. */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';
import { todayIn } from '../../shared/dates';
import { e2eDoor } from './door';

export const KEY = 'e2e';
/** the company's time zone in every story: dates of business are read there, never on the runner's clock */
export const TIME_ZONE = 'America/Bogota';

/** the company's current year (on 31 December at 20:00 in Bogotá the runner's UTC clock already says next year) */
export function companyYear(): number {
  return Number(todayIn(TIME_ZONE).slice(0, 4));
}
/**
 * how many doors a run may open: E2E_PORT_BASE and the next nineteen. The specs that start their own door:
 * collections-desk +12, counter +13, backups and collections-screens +14 (each stops its door), agreements +15,
 * exchange +16, mail +17, workorders +18, indicators +19
 */
const PORTS = 20;

/**
 * The doors' ports: E2E_PORT_BASE and the next PORTS - 1. Without E2E_PORT_BASE the suite picks a base
 * whose PORTS ports are free now, and writes it into the environment, so that the Playwright
 * workers and the doors it starts (all children of this process) agree on it, and two suites on one
 * machine never collide.
 */
function portBase(): number {
  if (!process.env.E2E_PORT_BASE) {
    const script = path.join(import.meta.dirname, 'free-port-base.mjs');
    process.env.E2E_PORT_BASE = execFileSync(process.execPath, [script, String(PORTS)], { encoding: 'utf8' }).trim();
  }
  const base = Number(process.env.E2E_PORT_BASE);
  if (!Number.isInteger(base) || base < 1024 || base + PORTS - 1 > 65_535) throw new Error(`E2E_PORT_BASE inválido: «${process.env.E2E_PORT_BASE}»`);
  return base;
}
const BASE = portBase();
/** the office story's door (office-story.spec.ts) */
export const PORT = BASE;
export const BASE_URL = `http://127.0.0.1:${PORT}/?k=${KEY}`;
/** a second door on its own empty database, for the demonstration data (demo.spec.ts) */
export const DEMO_PORT = BASE + 1;
export const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}/?k=${KEY}`;
/** a door on its own empty database, for a cashier's whole shift (cashier.spec.ts) */
export const CASHIER_PORT = BASE + 2;
export const CASHIER_URL = `http://127.0.0.1:${CASHIER_PORT}/?k=${KEY}`;
/** a door on its own empty database, for the coordinator's bank files, reports and paz y salvo (recaudo.spec.ts) */
export const COLLECTIONS_PORT = BASE + 3;
export const COLLECTIONS_URL = `http://127.0.0.1:${COLLECTIONS_PORT}/?k=${KEY}`;
/** a door on its own empty database, for a PQR filed at the counter and worked to its close (pqr.spec.ts) */
export const PQR_PORT = BASE + 4;
export const PQR_URL = `http://127.0.0.1:${PQR_PORT}/?k=${KEY}`;
/** doors on their own demonstration databases: answers and notification (pqr-answers.spec.ts), petty cash, invoices, notices */
export const PQR_ANSWERS_PORT = BASE + 5;
export const PETTY_CASH_PORT = BASE + 6;
export const INVOICES_PORT = BASE + 8;
export const NOTICES_PORT = BASE + 9;
/** started by pdf-preview.spec.ts itself (previews drawn by PDF.js, Administración › Este equipo) */
export const PREVIEW_PORT = BASE + 7;
/** started by printing.spec.ts itself: its door needs a fake lp/lpstat first on its PATH */
export const PRINTING_PORT = BASE + 10;
/** started by attachments.spec.ts itself, on its own empty database: a large attachment through the browser */
export const ATTACHMENTS_PORT = BASE + 11;
/** started by counter.spec.ts itself: its receipt goes to the machine's real CUPS queue */
export const COUNTER_PORT = BASE + 13;
/** started by exchange.spec.ts itself, on its own demonstration database: a day exported for the billing system */
export const EXCHANGE_PORT = BASE + 16;
/** started by mail.spec.ts itself: its e-mail goes through the machine's test SMTP server */
export const MAIL_PORT = BASE + 17;

/** the app's address on a door */
export function urlOf(port: number): string {
  return `http://127.0.0.1:${port}/?k=${KEY}`;
}

/** a handler called straight through a door's API, to set the stage of a story (demo data, logins) */
export async function apiCall<T>(port: number, name: string, args: unknown, token?: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ventanilla-key': KEY, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.data as T;
}

async function answering(port: number): Promise<boolean> {
  try {
    return (await fetch(urlOf(port))).ok;
  } catch {
    return false;
  }
}

/**
 * A door started by the spec itself (tests/e2e/start-host.ts on a fresh database, from its bundle
 * when built: door.ts) with extra
 * environment, for a story whose door needs it; returns the function that stops it. The other
 * doors are playwright.config.ts's webServer list.
 */
export async function startOwnHost(port: number, env: Record<string, string>): Promise<() => void> {
  if (await answering(port)) throw new Error(`el puerto ${port} ya está ocupado: esta prueba necesita su propia puerta web`);
  const door = e2eDoor();
  const host = spawn(door.program, door.args, {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ...env, VENTANILLA_WEB_KEY: KEY, E2E_PORT: String(port) },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    if (await answering(port)) return () => host.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
  host.kill('SIGTERM');
  throw new Error(`la puerta web del puerto ${port} no respondió`);
}

/** a one-page PDF with a correct cross-reference table, as a scanner gives it */
export function tinyPdf(label = 'Documento escaneado'): Buffer {
  const content = `BT /F1 12 Tf 20 50 Td (${label}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** a 1×1 PNG: the photo of a paper */
export function tinyPng(): Buffer {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
}

export const ADMIN = { fullName: 'Ana María Rojas', username: 'arojas', password: 'Admin-2025-ok' };
export const CASHIER = { fullName: 'Carlos Pérez Gómez', username: 'cperez', firstPassword: 'Inicial-2025', password: 'Cajero-2025-ok' };

/** The office screen every e2e runs at (issue 14): the most common one at the counter. */
export const VIEWPORT = { width: 1366, height: 768 } as const;

/**
 * Where the screenshots go: SHOTS_DIR when set, else test-results/screens (kept by CI as artifacts).
 * Each is what the person sees at 1366×768 (the viewport, not the whole scrolled page).
 */
export const SHOTS = process.env.SHOTS_DIR ?? path.resolve(import.meta.dirname, '../../test-results/screens');

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * The primary action of a screen is on screen as it opens: with the page scrolled to its top, the
 * whole button lies inside the 1366×768 viewport.
 */
export async function expectPrimaryActionInView(page: Page, action: Locator): Promise<void> {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelectorAll('main, [class*="AppShell-main"]').forEach((e) => e.scrollTo?.(0, 0));
  });
  await expect(action).toBeVisible();
  await expect(action).toBeInViewport({ ratio: 1 });
}

export const SAMPLES = path.resolve(import.meta.dirname, '../../resources/samples');

/**
 * The wizard's «Cargar datos de demostración», confirmed. A click that lands while the confirmation's
 * modal is still opening can be lost (seen now and then on a busy machine: no request, no loader): the
 * confirmation is clicked again only while its button is idle, so the data is never loaded twice.
 */
export async function loadDemoData(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Cargar datos de demostración' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cargar datos de demostración' }).getByRole('button', { name: 'Cargar demostración' });
  const loaded = page.getByRole('heading', { name: 'Datos de demostración cargados' });
  await expect(async () => {
    if ((await confirm.isVisible()) && (await confirm.isEnabled())) await confirm.click({ timeout: 2_000 });
    await expect(loaded).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
}

/**
 * A USB barcode scanner: it types the code a few milliseconds a key, then Enter, into whatever has the
 * focus, and every key carries the moment the scanner typed it (the operating system stamps it). The
 * keys go through the browser's own input (DevTools `Input.dispatchKeyEvent`) with those stamps, so
 * the page's burst detector sees a scanner's pace however slowly a loaded test machine delivers them
 * (Playwright's keyboard.type waits for the page to handle each key and stamps it on arrival, which on
 * a busy machine turns a scan into typing). The GS separator (FNC1) arrives as the key a scanner
 * sends for it, 'GroupSeparator', with no text.
 */
export async function scanBarcode(page: Page, code: string, msPerKey = 5): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  try {
    const start = Date.now() / 1000;
    const at = (i: number) => start + (i * msPerKey) / 1000;
    const keys = [...code];
    for (const [i, char] of keys.entries()) {
      const down = char === '\u001d' ? { key: 'GroupSeparator' } : { key: char, text: char, unmodifiedText: char };
      await devtools.send('Input.dispatchKeyEvent', { type: 'keyDown', ...down, timestamp: at(i) });
      await devtools.send('Input.dispatchKeyEvent', { type: 'keyUp', key: down.key, timestamp: at(i) + 0.001 });
    }
    const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await devtools.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', timestamp: at(keys.length) });
    await devtools.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp: at(keys.length) + 0.001 });
  } finally {
    await devtools.detach();
  }
}

/** logs `person` in on the door at `url` and waits for their name in the header */
export async function loginAt(page: Page, url: string, person: { username: string; password: string; fullName: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Usuario').fill(person.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(person.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(person.fullName);
}

/**
 * A door whose clock the spec moves (tests/e2e/clock.mjs, test only): pass `clockEnv(file)` to
 * startOwnHost, then `setClock(file, ms)` puts the door's clock `ms` ahead of the real one.
 */
export function clockEnv(file: string): Record<string, string> {
  fs.writeFileSync(file, '0');
  const preload = pathToFileURL(path.resolve(import.meta.dirname, 'clock.mjs')).href;
  return { E2E_CLOCK_FILE: file, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() };
}

export function setClock(file: string, aheadMs: number): void {
  fs.writeFileSync(file, String(aheadMs));
}
