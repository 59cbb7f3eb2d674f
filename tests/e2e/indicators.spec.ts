/**
 * Indicadores end to end in Chromium at 1366×768 (issue 19, item 3), on its own door and
 * demonstration database (PORT + 19): the coordinator opens «Indicadores» (the last closed month of
 * their office), reads a definition, drills into «Cuentas en mora» and sees the accounts behind it,
 * writes the comments of the Cartera section and downloads the monthly informe de gestión, whose text
 * carries the comment and its number. The figures themselves are proved by the integration tests.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { DemoCredentials } from '../../shared/contract';
import { PORT, apiCall, loginAt, expectPrimaryActionInView, shot, startOwnHost, urlOf } from './story';

const INDICATORS_PORT = PORT + 19;
const URL = urlOf(INDICATORS_PORT);
const COMMENT = 'La cartera de más de 90 días se concentra en el ciclo 2: se programa campaña de cobro.';

test.describe.configure({ mode: 'serial' });

let page: Page;
let stopHost: () => void = () => undefined;
let coordinator: { username: string; password: string; fullName: string };
const problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  stopHost = await startOwnHost(INDICATORS_PORT, {});
  const demo = await apiCall<DemoCredentials>(INDICATORS_PORT, 'setup.loadDemo', { accounts: 40 });
  const found = demo.users.find((u) => u.role === 'coordinador');
  if (!found) throw new Error('la demostración no trae coordinador');
  coordinator = { username: found.username, password: found.password, fullName: found.fullName };
  const context = await browser.newContext({ baseURL: URL, viewport: { width: 1366, height: 768 }, locale: 'es-CO', timezoneId: 'America/Bogota', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(URL);
});

test.afterAll(async () => {
  await page?.context().close();
  stopHost();
});

test('la coordinadora abre los indicadores, revisa una cifra, comenta y descarga el informe mensual', async () => {
  await loginAt(page, URL, coordinator);
  await page.getByRole('navigation').getByRole('button', { name: 'Indicadores', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Indicadores' })).toBeVisible();
  const monthly = page.getByRole('button', { name: 'Informe mensual (PDF)' });
  await expectPrimaryActionInView(page, monthly);
  await expect(page.getByTestId('figure-recaudo.collected')).toContainText('$');
  await shot(page, 'indicators');

  // Cartera: the definition one click away, then the accounts behind «Cuentas en mora»
  await page.getByRole('tab', { name: 'Cartera' }).click();
  const definition = page.getByRole('button', { name: 'Definición de «Cuentas en mora»' });
  await definition.click();
  const text = page.getByText('Cuentas con al menos una factura vencida y no pagada al cierre del periodo.');
  await expect(text).toBeVisible();
  await definition.click();
  await expect(text).toBeHidden();
  const inArrears = Number((await page.getByTestId('figure-cartera.accountsInArrears').innerText()).replace(/\D/g, ''));
  expect(inArrears).toBeGreaterThan(0);
  await page.getByTestId('figure-cartera.accountsInArrears').click();
  const records = page.getByRole('dialog', { name: 'Registros de «Cuentas en mora»' });
  await expect(records).toBeVisible();
  await expect(records.getByText(`${inArrears.toLocaleString('es-CO')} registros`)).toBeVisible();
  await expect(records.getByRole('table', { name: 'Registros de «Cuentas en mora»' }).getByRole('row')).toHaveCount(Math.min(inArrears, 50) + 1);
  await shot(page, 'indicators-records');
  await page.keyboard.press('Escape');
  await expect(records).toBeHidden();

  // the section's comments for the monthly report
  await page.getByRole('textbox', { name: 'Comentarios para el informe: Cartera' }).fill(COMMENT);
  await page.getByRole('button', { name: 'Guardar comentarios' }).click();
  await expect(page.getByText('Comentarios guardados.')).toBeVisible();
  await shot(page, 'indicators-comments');

  const downloading = page.waitForEvent('download');
  await monthly.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^IGC-\d{4}-000001\.pdf$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'indicadores-')), download.suggestedFilename());
  await download.saveAs(file);
  const paper = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(paper).toContain('INFORME DE GESTIÓN COMERCIAL');
  expect(paper).toContain(`No. ${download.suggestedFilename().replace('.pdf', '')}`);
  expect(paper).toContain(COMMENT);
  expect(paper).toContain(`Firmado en Ventanilla por ${coordinator.fullName}`);
  await expect(page.getByText(/Informe IGC-\d{4}-000001 expedido y firmado\./)).toBeVisible();
  expect(problems).toEqual([]);
});
