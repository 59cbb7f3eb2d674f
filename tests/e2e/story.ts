/** What the specs share: the address, the people of the story and a screenshot helper. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export const KEY = 'e2e';
/** the office story's door (office-story.spec.ts) */
export const PORT = 5181;
export const BASE_URL = `http://127.0.0.1:${PORT}/?k=${KEY}`;
/** a second door on its own empty database, for the demonstration data (demo.spec.ts) */
export const DEMO_PORT = 5182;
export const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}/?k=${KEY}`;
/** a door on its own empty database, for a cashier's whole shift (cashier.spec.ts); E2E_CASHIER_PORT moves it */
export const CASHIER_PORT = Number(process.env.E2E_CASHIER_PORT ?? 5183);
export const CASHIER_URL = `http://127.0.0.1:${CASHIER_PORT}/?k=${KEY}`;
/** a door on its own empty database, for the coordinator's bank files, reports and paz y salvo (collections.spec.ts) */
export const COLLECTIONS_PORT = 5184;
export const COLLECTIONS_URL = `http://127.0.0.1:${COLLECTIONS_PORT}/?k=${KEY}`;
/** a door on its own empty database, for a PQR filed at the counter and worked to its close (pqr.spec.ts) */
export const PQR_PORT = 5185;
export const PQR_URL = `http://127.0.0.1:${PQR_PORT}/?k=${KEY}`;

export const ADMIN = { fullName: 'Ana María Rojas', username: 'arojas', password: 'Admin-2025-ok' };
export const CASHIER = { fullName: 'Carlos Pérez Gómez', username: 'cperez', firstPassword: 'Inicial-2025', password: 'Cajero-2025-ok' };

/** Screenshots of each main screen when SHOTS_DIR is set (to look at the UI while working on it). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export const SAMPLES = path.resolve(import.meta.dirname, '../../resources/samples');
