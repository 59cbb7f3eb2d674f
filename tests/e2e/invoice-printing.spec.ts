/**
 * The coordinator prints one route's invoices, on a demonstration database of its own (INVOICES_PORT):
 * the progress bar shows while the batch runs, the summary says how many were printed and skipped
 * (paid ones) and why, and the downloaded PDF has one page per printed invoice, in route order.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pdfInfo, pdfText } from '../helpers/pdf';
import { INVOICES_PORT, urlOf, VIEWPORT, loadDemoData } from './story';

const INVOICES_URL = urlOf(INVOICES_PORT);

test.describe.configure({ mode: 'serial' });

let page: Page;
/** an account whose invoice was printed in the batch */
let printedAccount = '';
const problems: string[] = [];
const coordinator = { username: '', password: '', fullName: '' };

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-CO', timezoneId: 'America/Bogota', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
});

test.afterAll(async () => {
  await page.context().close();
});

test('se cargan los datos de demostración y entra el coordinador', async () => {
  await page.goto(INVOICES_URL);
  await loadDemoData(page);
  const cells = page.getByRole('row').filter({ hasText: 'Coordinador de oficina' }).getByRole('cell');
  coordinator.fullName = ((await cells.nth(0).textContent()) ?? '').trim();
  coordinator.username = ((await cells.nth(2).textContent()) ?? '').trim();
  coordinator.password = ((await cells.nth(3).textContent()) ?? '').trim();
  await page.getByRole('button', { name: 'Ya los anoté: ir al ingreso' }).click();
  await page.getByLabel('Usuario').fill(coordinator.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(coordinator.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(coordinator.fullName);
});

test('el coordinador imprime las facturas de una ruta con la barra de progreso y descarga el PDF', async () => {
  await page.getByRole('navigation').getByRole('button', { name: 'Impresión', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Impresión de facturas' })).toBeVisible();
  const main = page.getByRole('main');
  // the newest period with invoices comes chosen; its routes are listed
  await expect(main.getByRole('combobox', { name: 'Periodo', exact: true })).toHaveValue(/^\d{2}\/\d{4} · [\d.]+ facturas$/);
  const routes = main.getByRole('table', { name: 'Rutas del periodo' });
  await expect(routes.getByRole('row').nth(1)).toBeVisible();
  // the route with the most invoices to print
  const rows = await routes.getByRole('row').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  const best = rows
    .map(([c, r, n, s]) => ({ cycle: c, route: r, onRoute: Number(n.replace(/\./g, '')), toSkip: Number(s.replace(/\./g, '')) }))
    .sort((a, b) => b.onRoute - b.toSkip - (a.onRoute - a.toSkip))[0];
  const { cycle, route, onRoute, toSkip } = best;

  await main.getByRole('combobox', { name: 'Ciclo', exact: true }).click();
  await page.getByRole('option', { name: cycle, exact: true }).click();
  await main.getByRole('combobox', { name: 'Ruta', exact: true }).click();
  await page.getByRole('option', { name: route, exact: true }).click();
  await expect(main.getByText(`${onRoute} facturas en la selección; ${toSkip} se omitirán.`)).toBeVisible();
  await main.getByRole('button', { name: 'Imprimir facturas' }).click();

  await expect(main.getByRole('progressbar', { name: 'Progreso de la impresión' })).toBeVisible();
  const printed = onRoute - toSkip;
  await expect(main.getByTestId('invoice-summary')).toHaveText(`Impresión terminada: ${printed} facturas impresas, ${toSkip} omitidas.`, { timeout: 60_000 });
  await expect(main.getByTestId('invoice-progress')).toContainText(`${printed} de ${printed} facturas`);
  if (toSkip > 0) await expect(main.getByRole('table', { name: 'Facturas omitidas y por qué' }).getByText('La factura ya está pagada').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('impresion-facturas.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await main.getByRole('table', { name: 'Archivos' }).getByRole('button', { name: 'Descargar' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`facturas-${(await main.getByRole('combobox', { name: 'Periodo', exact: true }).inputValue()).replace(/^(\d{2})\/(\d{4}).*$/, '$2-$1')}-ciclo-${cycle}-ruta-${route}.pdf`);
  const pdf = fs.readFileSync(await download.path());
  expect(pdfInfo(pdf).pages).toBe(printed);
  const pages = pdfText(pdf).split('\f').filter((p) => p.trim() !== '');
  expect(pages.every((p) => p.includes(`Ruta ${route}`))).toBe(true);
  printedAccount = /Cuenta\s+(\d+)/.exec(pages[0])?.[1] ?? '';
  expect(printedAccount).not.toBe('');
  expect(problems).toEqual([]);
});

test('desde la cuenta, «Reimprimir factura» descarga la misma factura con DUPLICADO', async () => {
  await page.getByRole('navigation').getByRole('button', { name: 'Cuentas', exact: true }).click();
  await page.getByRole('textbox', { name: 'Número de cuenta, cédula o NIT, nombre, dirección o medidor' }).fill(printedAccount);
  await page.getByRole('table', { name: 'Resultados de la búsqueda' }).getByRole('cell', { name: printedAccount, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Cuenta ${printedAccount}` })).toBeVisible();
  await page.getByRole('table', { name: 'Facturas abiertas' }).getByRole('row').nth(1).click();
  const dialog = page.getByRole('dialog');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Reimprimir factura' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^factura-.+-duplicado-1\.pdf$/);
  const text = pdfText(fs.readFileSync(await download.path()));
  expect(text).toContain('DUPLICADO');
  expect(text).toContain(printedAccount);
  await expect(page.getByText('Duplicado n.º 1 de la factura descargado.')).toBeVisible();
  expect(problems).toEqual([]);
});
