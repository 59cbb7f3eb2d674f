/**
 * Printers end to end, on its own demonstration database (PRINTING_PORT): the administrator sees the
 * system's printers, sends cash receipts to one, prints a test page and finds it in the print log;
 * when the queue refuses a job the screen says why, the log shows it failed, and "Reintentar" sends
 * it again once the queue is back.
 *
 * The spec starts its own web door (tests/e2e/start-host.ts on PRINTING_PORT,
 * serving the renderer built in E2E_PRINTING_CWD/out/web, the repository's by default) with a small
 * fake `lp`/`lpstat` first on its PATH: real processes that answer as CUPS does, so the run does not
 * depend on the machine's printers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { DemoCredentials } from '../../shared/contract';
import { addDays, todayIn } from '../../shared/dates';
import { PRINTING_PORT, TIME_ZONE, apiCall, shot, startOwnHost, urlOf, VIEWPORT } from './story';

const URL = urlOf(PRINTING_PORT);
const call = <T>(name: string, args: unknown) => apiCall<T>(PRINTING_PORT, name, args);
const PRINTER = 'Termica_Caja1';

test.describe.configure({ mode: 'serial' });

let stopHost: (() => void) | null = null;
let page: Page;
let bin = '';
const problems: string[] = [];
let admin: DemoCredentials['users'][number];

/** lpstat and lp as CUPS answers them (LC_ALL=C); lp refuses while the file lp-refuses exists */
function fakeCups(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-e2e-cups-'));
  fs.writeFileSync(
    path.join(dir, 'lpstat'),
    `#!/bin/sh
case "$1" in
  -e) printf '${PRINTER}\\nLaser_Oficina\\n' ;;
  -d) echo "system default destination: Laser_Oficina" ;;
  -p) printf 'printer ${PRINTER} is idle.  enabled since Mon Nov 23 03:29:39 2026\\nprinter Laser_Oficina is idle.  enabled since Mon Nov 23 03:29:39 2026\\n${PRINTER} accepting requests since Mon Nov 23 03:29:39 2026\\nLaser_Oficina accepting requests since Mon Nov 23 03:29:39 2026\\n' ;;
esac
`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(dir, 'lp'),
    `#!/bin/sh
DIR="$(dirname "$0")"
if [ -f "$DIR/lp-refuses" ]; then echo 'lp: Destination "${PRINTER}" is not accepting jobs.' >&2; exit 1; fi
echo "x" >> "$DIR/lp.log"
echo "request id is ${PRINTER}-$(wc -l < "$DIR/lp.log" | tr -d ' ') (1 file(s))"
`,
    { mode: 0o755 },
  );
  return dir;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  bin = fakeCups();
  stopHost = await startOwnHost(PRINTING_PORT, { PATH: `${bin}${path.delimiter}${process.env.PATH}` });
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 10 });
  admin = demo.users.find((u) => u.role === 'administrador')!;
  const context = await browser.newContext({ baseURL: URL, viewport: VIEWPORT, locale: 'es-CO', timezoneId: 'America/Bogota' });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(URL);
  await page.getByLabel('Usuario').fill(admin.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(admin.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(admin.fullName);
});

test.afterAll(async () => {
  await page?.context().close();
  stopHost?.();
  if (bin) fs.rmSync(bin, { recursive: true, force: true });
});

test('el administrador elige la impresora de los recibos e imprime una página de prueba', async () => {
  await page.getByRole('navigation').getByRole('button', { name: 'Impresoras', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Impresoras', exact: true })).toBeVisible();
  const system = page.getByRole('table', { name: 'Impresoras del sistema' });
  await expect(system).toContainText(PRINTER);
  await expect(system.getByRole('row', { name: /Laser_Oficina/ })).toContainText('Predeterminada');

  const receipts = page.getByTestId('printer-setting-receipt');
  await expect(receipts.getByRole('button', { name: 'Imprimir página de prueba' })).toBeDisabled();
  await receipts.getByRole('combobox', { name: 'Impresora: Recibos de caja' }).click();
  await page.getByRole('option', { name: PRINTER, exact: true }).click();
  await expect(receipts.getByRole('combobox', { name: 'Papel: Recibos de caja' })).toHaveValue('Rollo térmico 80 mm');
  await receipts.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Recibos de caja: guardado.')).toBeVisible();
  await expect(receipts).toContainText(admin.username);

  await receipts.getByRole('button', { name: 'Imprimir página de prueba' }).click();
  await expect(page.getByText(`«Página de prueba: Recibos de caja» enviado a ${PRINTER} (1 copia, 1 página).`)).toBeVisible();
  await shot(page, 'printing-printers');
});

test('un trabajo que la cola rechaza queda fallido con el motivo y se reintenta desde el registro', async () => {
  fs.writeFileSync(path.join(bin, 'lp-refuses'), '');
  await page.getByTestId('printer-setting-receipt').getByRole('button', { name: 'Imprimir página de prueba' }).click();
  await expect(page.getByText('No se imprimió', { exact: true })).toBeVisible();
  await expect(page.getByText(`La cola de la impresora «${PRINTER}» no está recibiendo trabajos`).first()).toBeVisible();

  await page.getByRole('navigation').getByRole('button', { name: 'Registro de impresión', exact: true }).click();
  const log = page.getByRole('table', { name: 'Registro de impresión' });
  await expect(log.getByRole('row')).toHaveCount(3);
  const failed = log.getByRole('row').nth(1);
  await expect(failed).toContainText('Fallido');
  await expect(failed).toContainText('no está recibiendo trabajos');
  await expect(log.getByRole('row').nth(2)).toContainText('Enviado');
  await shot(page, 'printing-log');

  fs.rmSync(path.join(bin, 'lp-refuses'));
  await failed.getByRole('button', { name: 'Reintentar Página de prueba: Recibos de caja' }).click();
  await expect(page.getByText('Enviado a la impresora', { exact: true }).last()).toBeVisible();
  await expect(failed).toContainText('Enviado');
  await expect(failed).toContainText('2 intentos');
  await expect(failed.getByRole('button', { name: /Reintentar/ })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('el registro de impresión se ordena con un clic en la columna, pasa de página y filtra con el calendario', async () => {
  test.setTimeout(180_000);
  // 55 more test pages to the receipt printer: with the two above, 57 jobs, more than a page of 50
  const token = (await call<{ token: string }>('auth.login', { username: admin.username, password: admin.password })).token;
  for (let i = 0; i < 55; i++) await apiCall(PRINTING_PORT, 'printing.testPage', { kind: 'receipt' }, token);
  // still on the print log: its refresh button reads the jobs again
  await expect(page.getByRole('heading', { name: 'Registro de impresión' })).toBeVisible();
  await page.getByRole('button', { name: 'Actualizar' }).click();
  const log = page.getByRole('table', { name: 'Registro de impresión' });
  // a page of 50 rows (and the header), the pager says how many there are
  await expect(log.getByRole('row')).toHaveCount(51);
  await expect(page.getByText('1–50 de 57')).toBeVisible();
  // newest first: the job retried above (its second of "2 intentos") is the 56th, on page 2
  await expect(log.getByText('2 intentos')).toHaveCount(0);
  await page.getByRole('button', { name: 'Página siguiente' }).click();
  await expect(page.getByText('51–57 de 57')).toBeVisible();
  await expect(log.getByRole('row')).toHaveCount(8);
  await expect(log.getByText('2 intentos')).toHaveCount(1);

  // a click on "Fecha" sorts oldest first (and goes back to page 1): the first test page, then the
  // retried one, whose last attempt came before the 55 others
  // (a sortable column's title is a button named with its order)
  await log.getByRole('button', { name: 'Fecha sin ordenar' }).click();
  const when = log.getByRole('button', { name: /^Fecha orden/ });
  await expect(when).toHaveAccessibleName('Fecha orden ascendente');
  await expect(page.getByText('1–50 de 57')).toBeVisible();
  await expect(log.getByRole('row').nth(2)).toContainText('2 intentos');
  await when.click();
  await expect(when).toHaveAccessibleName('Fecha orden descendente');
  await expect(log.getByText('2 intentos')).toHaveCount(0);
  await shot(page, 'printing-log-sorted');

  // "Desde" and "Hasta" picked in the calendar: today (in the company's zone) finds every job,
  // the day before finds none and says so
  const today = todayIn(TIME_ZONE);
  const [y, m, d] = today.split('-');
  const shown = `${d}/${m}/${y}`;
  await page.getByRole('textbox', { name: 'Desde' }).click();
  await page.getByRole('button', { name: new RegExp(`^${shown}`) }).click();
  await expect(page.getByRole('textbox', { name: 'Desde' })).toHaveValue(shown);
  await page.getByRole('textbox', { name: 'Hasta' }).click();
  await page.getByRole('button', { name: new RegExp(`^${shown}`) }).click();
  await expect(page.getByRole('textbox', { name: 'Hasta' })).toHaveValue(shown);
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByText('1–50 de 57')).toBeVisible();
  await shot(page, 'printing-log-range');

  const before = addDays(today, -1);
  const [by, bm, bd] = before.split('-');
  await page.getByRole('textbox', { name: 'Desde' }).fill(`${bd}/${bm}/${by}`);
  await page.getByRole('textbox', { name: 'Hasta' }).fill(`${bd}/${bm}/${by}`);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  // the empty state is drawn over the table's body, beside the <table>
  await expect(log).toBeVisible();
  await expect(page.getByText('No hay trabajos de impresión con estos filtros.')).toBeVisible();
  await shot(page, 'printing-log-empty');
  expect(problems).toEqual([]);
});
