/**
 * Administración › Intercambio (issue 18) at 1366×768, on its own demonstration database
 * (EXCHANGE_PORT, a door the spec starts itself): the day at the counter is closed on screen (a cash
 * payment; the cashier counts the drawer with the denomination form on the till's screen and closes
 * it, the closing report downloads), the coordinator exports it as Asobancaria 2001 from the screen
 * with its confirmation, the browser downloads the file, and the log shows it with its count, total
 * and SHA-256; «Descargar» gives the same bytes again. The administrator's settings tab refuses a
 * delivery folder that does not exist, in Spanish. Screenshots in test-results/screens.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { AccountSummary, CashSession, DemoCredentials, ExchangeExport, LoginResult, Receipt, Till } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { todayIn } from '../../shared/dates';
import { EXCHANGE_PORT, TIME_ZONE, VIEWPORT, apiCall, expectPrimaryActionInView, loginAt, shot, startOwnHost, urlOf } from './story';

const URL = urlOf(EXCHANGE_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(EXCHANGE_PORT, name, args, token);
/** a count in $ 100.000 and $ 50.000 bills (the till's float and the day's cash) */
const bills = (total: number) => [
  { kind: 'billete', value: 100_000, quantity: Math.floor(total / 100_000) },
  { kind: 'billete', value: 50_000, quantity: (total % 100_000) / 50_000 },
].filter((b) => b.quantity > 0);
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

test.describe.configure({ mode: 'serial' });

let stopHost: (() => void) | null = null;
let coordinator: DemoCredentials['users'][number];
let cashierPerson: DemoCredentials['users'][number];
let administrator: DemoCredentials['users'][number];
let coordinatorToken: string;
let paid: Receipt;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stopHost = await startOwnHost(EXCHANGE_PORT, {});
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 10 });
  const person = (role: string) => demo.users.find((u) => u.role === role)!;
  coordinator = person('coordinador');
  cashierPerson = person('cajero');
  administrator = person('administrador');
  const cashier = await call<LoginResult>('auth.login', { username: cashierPerson.username, password: cashierPerson.password });
  coordinatorToken = (await call<LoginResult>('auth.login', { username: coordinator.username, password: coordinator.password })).token;
  const till = (await call<Till[]>('tills.list', {}, coordinatorToken)).find((x) => x.officeId === cashier.user.officeId && x.active)!;
  await call<CashSession>('cashier.open', { tillId: till.id, count: bills(200_000) }, cashier.token);
  const account = (await call<AccountSummary[]>('accounts.search', { query: '100000', limit: 50 }, cashier.token)).find((a) => a.balance >= 50_000)!;
  paid = await call<Receipt>('cashier.pay', { idempotencyKey: crypto.randomUUID().replace(/-/g, ''), accountId: account.id, tenders: [{ method: 'efectivo', amount: 50_000, received: 50_000 }] }, cashier.token);
});

test.afterAll(() => stopHost?.());

async function login(page: Page) {
  await page.goto(URL);
  await page.getByLabel('Usuario').fill(coordinator.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(coordinator.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(coordinator.fullName);
}

test('the cashier closes the till on its screen, then the coordinator exports the closed day as Asobancaria and the log shows the file with its totals', async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-CO', timezoneId: TIME_ZONE, acceptDownloads: true });
  const problems: string[] = [];
  // the cashier counts the drawer on the till's screen: 2 bills of $ 100.000 (the float) and 1 of $ 50.000 (the day's cash)
  const till = await context.newPage();
  till.on('pageerror', (error) => problems.push(error.message));
  await loginAt(till, `${URL}#/caja`, cashierPerson);
  await till.getByRole('button', { name: 'Cerrar caja' }).click();
  await till.getByRole('textbox', { name: 'Cantidad: Billete de $ 100.000' }).fill('2');
  await till.getByRole('textbox', { name: 'Cantidad: Billete de $ 50.000' }).fill('1');
  await expect(till.getByTestId('expected-cash')).toHaveText(formatMoney(250_000, 'COP'));
  await expect(till.getByText('Caja cuadrada').first()).toBeVisible();
  await till.getByRole('button', { name: 'Cerrar caja' }).click();
  const closing = till.getByRole('dialog', { name: 'Cerrar caja' });
  await expect(closing).toContainText('Caja cuadrada');
  const report = till.waitForEvent('download');
  await closing.getByRole('button', { name: 'Cerrar caja' }).click();
  expect((await report).suggestedFilename()).toMatch(/\.pdf$/);
  await till.close();

  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  await login(page);
  await page.goto(`${URL}#/admin/intercambio`);
  await expect(page.getByRole('heading', { name: 'Intercambio con el sistema comercial' })).toBeVisible();
  const exportButton = page.getByRole('button', { name: 'Exportar', exact: true });
  await expectPrimaryActionInView(page, exportButton);
  // the day as the database has it: one standing payment of $ 50.000, no till open
  const dayLine = page.getByTestId('exchange-day');
  await expect(dayLine).toContainText(`1 pago vigente por ${formatMoney(50_000, 'COP')}`);
  await expect(dayLine).not.toContainText('abierta');
  await expect(page.getByText('Todavía no hay archivos de este día.')).toBeVisible();

  await exportButton.click();
  const dialog = page.getByRole('dialog', { name: 'Exportar Recaudo · Asobancaria 2001' });
  await expect(dialog).toContainText('Se genera y registra el archivo «Recaudo · Asobancaria 2001»');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Exportar y descargar' }).click();
  const download = await downloading;
  const bytes = fs.readFileSync(await download.path());
  await expect(page.getByText(`Exportación n.º 1: 1 registros por ${formatMoney(50_000, 'COP')}.`)).toBeVisible();

  // the log: the file with its count, total and the hash of the bytes downloaded
  const today = todayIn(TIME_ZONE);
  const [recorded] = await call<ExchangeExport[]>('exchange.list', { date: today }, coordinatorToken);
  expect(download.suggestedFilename()).toBe(recorded.fileName);
  expect(sha(bytes)).toBe(recorded.sha256);
  const lines = bytes.toString('latin1').split('\r\n').filter(Boolean);
  expect(lines.map((l) => l.slice(0, 2))).toEqual(['01', '05', '06', '08', '09']);
  expect(lines[2].slice(68, 74)).toBe(String(paid.receiptNumber).padStart(6, '0'));
  const row = page.getByTestId('export-1');
  await expect(row).toContainText('Recaudo · Asobancaria 2001');
  await expect(row.getByTestId('export-records')).toHaveText('1');
  await expect(row.getByTestId('export-total')).toHaveText(formatMoney(50_000, 'COP'));
  await expect(row).toContainText(`${recorded.sha256.slice(0, 12)}…`);
  await expect(row).toContainText(coordinator.fullName);
  await expect(row).toContainText('Descarga');
  await shot(page, 'exchange-log');

  // «Descargar» again: the same bytes
  const again = page.waitForEvent('download');
  await row.getByRole('button', { name: `Descargar ${recorded.fileName}` }).click();
  expect(sha(fs.readFileSync(await (await again).path()))).toBe(recorded.sha256);
  expect(problems).toEqual([]);
  await context.close();
});

test('the administrator’s settings tab refuses a delivery folder that does not exist, in Spanish, and saves nothing', async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-CO', timezoneId: TIME_ZONE });
  const page = await context.newPage();
  await loginAt(page, URL, administrator);
  await page.goto(`${URL}#/admin/intercambio`);
  await page.getByRole('tab', { name: 'Ajustes' }).click();
  const save = page.getByRole('button', { name: 'Guardar ajustes' });
  await expectPrimaryActionInView(page, save);
  await page.getByRole('textbox', { name: 'Carpeta de entrega de TODAS' }).fill('/srv/recaudo-que-no-existe');
  await page.getByRole('textbox', { name: 'Hora de entrega' }).fill('19:00');
  await save.click();
  const confirm = page.getByRole('dialog', { name: 'Guardar los ajustes del intercambio' });
  await expect(confirm).toContainText('Cada día a las 19:00');
  await confirm.getByRole('button', { name: 'Guardar ajustes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'La carpeta de entrega /srv/recaudo-que-no-existe no existe o no está disponible' })).toBeVisible();
  await shot(page, 'exchange-settings');
  expect((await call<{ folders: unknown[] }>('exchange.settings', {}, (await call<LoginResult>('auth.login', { username: administrator.username, password: administrator.password })).token)).folders).toEqual([]);
  await context.close();
});
