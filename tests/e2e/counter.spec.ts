/**
 * The counter as its people live it (issue 14), at 1366×768 on its own demonstration database
 * (COUNTER_PORT, a door the spec starts itself) with the machine's real CUPS queue:
 * each role lands on its home, the coordinator's approvals inbox with its count badge, the clerk's
 * "Sin asignar", the till opened with Tab going down the count, Ctrl+K → Cobrar, money typed as
 * Colombians type it ("200.000", "100.000,50" refused next to the field), "Cobrar (F9)" on screen,
 * the receipt printed from the browser through the back office to CUPS and found in the print log,
 * and the till's times in Bogotá on a computer set to UTC. Screenshots go to test-results/screens.
 */
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { AccountDetail, AccountSummary, CashSession, Company, DemoCredentials, LoginResult, PqrDetail, Till } from '../../shared/contract';
import { formatDateTime } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { DEFAULT_FILING } from '../helpers/pqr';
import { COUNTER_PORT, VIEWPORT, apiCall, expectPrimaryActionInView, shot, loginAt, startOwnHost, urlOf } from './story';

const URL = urlOf(COUNTER_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(COUNTER_PORT, name, args, token);
const QUEUE = 'VentanillaPDF';
const SPOOL = '/var/spool/cups-pdf/ventanilla';

test.describe.configure({ mode: 'serial' });

type Person = DemoCredentials['users'][number];
let stopHost: (() => void) | null = null;
let people: Record<'cajero' | 'auxiliar' | 'coordinador' | 'administrador', Person>;
let tokens: Record<'cajero' | 'auxiliar' | 'coordinador' | 'administrador', LoginResult>;
let company: Company;
let till: Till;
let account: AccountDetail;
let waiting: PqrDetail;
let unassigned: PqrDetail;
const problems: string[] = [];

async function newPage(browser: Browser, timezoneId = 'America/Bogota'): Promise<Page> {
  const context = await browser.newContext({ baseURL: URL, viewport: VIEWPORT, locale: 'es-CO', timezoneId, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return page;
}

async function login(page: Page, person: Person) {
  await loginAt(page, URL, person);
}

/** the team's petición of the integration tests, filed here through the door */
const FILING = { ...DEFAULT_FILING, subject: 'Copia del contrato de condiciones uniformes' };

test.beforeAll(async () => {
  test.setTimeout(150_000);
  stopHost = await startOwnHost(COUNTER_PORT, {});
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 30 });
  const person = (role: string) => demo.users.find((u) => u.role === role)!;
  people = { cajero: person('cajero'), auxiliar: person('auxiliar'), coordinador: person('coordinador'), administrador: person('administrador') };
  const entries = await Promise.all(
    Object.entries(people).map(async ([role, p]) => [role, await call<LoginResult>('auth.login', { username: p.username, password: p.password })] as const),
  );
  tokens = Object.fromEntries(entries) as typeof tokens;
  const admin = tokens.administrador.token;
  company = await call<Company>('company.get', {}, admin);
  till = (await call<Till[]>('tills.list', {}, admin)).find((x) => x.officeId === tokens.cajero.user.officeId && x.active)!;
  const found = await call<AccountSummary[]>('accounts.search', { query: '100000', limit: 50 }, admin);
  account = await call<AccountDetail>('accounts.get', { accountId: found.find((a) => a.balance > 0)!.id }, admin);
  // receipts go to the machine's CUPS queue (cups-pdf writes each job to SPOOL)
  await call('printing.saveSetting', { kind: 'receipt', printerName: QUEUE, paper: 'roll80', copies: 1 }, admin);
  // a petición answered by the clerk waits for the coordinator; another, just filed, for someone to take it
  const clerk = tokens.auxiliar;
  const filed = await call<{ pqr: PqrDetail }>('pqr.file', FILING, clerk.token);
  await call('pqr.assign', { pqrId: filed.pqr.id, userId: clerk.user.id, note: '' }, tokens.coordinador.token);
  waiting = await call<PqrDetail>('pqr.draftAnswer', { pqrId: filed.pqr.id, decision: 'accede', decisionText: 'Se entrega copia del contrato.' }, clerk.token);
  unassigned = (await call<{ pqr: PqrDetail }>('pqr.file', { ...FILING, subject: 'Cambio de la dirección de entrega' }, clerk.token)).pqr;
});

test.afterAll(() => {
  stopHost?.();
});

test('cada rol llega a su casa, nunca a la pantalla del anterior; el coordinador a sus aprobaciones', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await newPage(browser);
  // the administrator leaves the printers page open and logs out
  await login(page, people.administrador);
  await expect(page).toHaveURL(/#\/admin\/usuarios$/);
  await page.goto(`${URL}#/admin/impresoras`);
  await expect(page.getByRole('button', { name: 'Imprimir página de prueba' }).first()).toBeInViewport({ ratio: 1 });
  await shot(page, 'counter-01-impresoras');
  await page.getByRole('button', { name: 'Salir', exact: true }).click();

  // the cashier lands at the till, not on "Sin permiso"
  await login(page, people.cajero);
  await expect(page).toHaveURL(/#\/caja$/);
  await expect(page.getByRole('heading', { name: 'Abrir caja' })).toBeVisible();
  await expect(page.getByText('Sin permiso')).toHaveCount(0);
  await page.getByRole('button', { name: 'Salir', exact: true }).click();

  // the clerk lands on her tray and sees what nobody took yet
  await login(page, people.auxiliar);
  await expect(page).toHaveURL(/#\/pqr$/);
  await page.getByRole('tab', { name: 'Sin asignar' }).click();
  const row = page.getByRole('row').filter({ hasText: unassigned.radicado });
  await expect(row).toBeVisible();
  await expectPrimaryActionInView(page, row.getByRole('button', { name: `Tomar la PQR ${unassigned.radicado}` }));
  await shot(page, 'counter-02-pqr-sin-asignar');
  await page.getByRole('button', { name: 'Salir', exact: true }).click();

  // the coordinator lands on the approvals inbox; the badge counts what waits
  await login(page, people.coordinador);
  await expect(page).toHaveURL(/#\/aprobaciones$/);
  await expect(page.getByRole('heading', { name: 'Aprobaciones' })).toBeVisible();
  const badge = page.getByTestId('approvals-badge');
  await expect(badge).toBeVisible();
  const pending = Number(await badge.textContent());
  expect(pending).toBeGreaterThanOrEqual(1);
  await expect(badge).toHaveAccessibleName(`${pending} por aprobar`);
  const item = page.getByRole('row').filter({ hasText: waiting.radicado });
  await expect(item).toContainText('Accede');
  await shot(page, 'counter-03-aprobaciones');
  await item.click();
  await expect(page).toHaveURL(new RegExp(`#/pqr/${waiting.id}$`));

  // the month's PQR report draws its chart with the chart kit (a named figure, not hand-made SVG)
  await page.getByRole('navigation').getByRole('button', { name: 'Informes PQR y SUI' }).click();
  await expect(page.getByRole('figure', { name: 'Gráfico de barras: PQR recibidas y respondidas cada día del mes' })).toBeVisible();
  await shot(page, 'counter-09-informe-pqr');
  await page.context().close();
  expect(problems).toEqual([]);
});

test('la caja: Tab por el conteo, Ctrl+K → Cobrar, "200.000" como se escribe, recibo impreso en CUPS y en el registro', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await newPage(browser);
  const money = (minor: number) => formatMoney(minor, company.currency);
  await login(page, people.cajero);
  await expect(page.getByRole('heading', { name: 'Abrir caja' })).toBeVisible();
  await expectPrimaryActionInView(page, page.getByRole('button', { name: 'Abrir caja' }));

  // Tab from the till goes to the first denomination, not to the button
  const tillField = page.getByRole('combobox', { name: 'Caja' });
  await tillField.click();
  await page.getByRole('option', { name: `${till.code} · ${till.name}` }).click();
  await tillField.focus();
  await page.keyboard.press('Tab');
  const first = page.getByRole('textbox', { name: /^Cantidad: / }).first();
  await expect(first).toBeFocused();
  await page.getByRole('textbox', { name: 'Cantidad: Billete de $ 50.000' }).fill('4');
  await expect(page.getByTestId('count-total')).toHaveText('$ 200.000');
  await shot(page, 'counter-04-abrir-caja');
  await page.getByRole('button', { name: 'Abrir caja' }).click();
  await page.getByRole('dialog', { name: 'Abrir caja' }).getByRole('button', { name: 'Abrir caja' }).click();
  await expect(page.getByRole('region', { name: 'Turno de caja' })).toContainText(people.cajero.fullName);

  // Ctrl+K from another screen: the account found offers "Cobrar", which opens the till with it
  await page.goto(`${URL}#/cuentas`);
  // the address without the door's key is another page: Ctrl+K once the screen is there
  await expect(page.getByRole('heading', { name: 'Cuentas' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog').getByPlaceholder('Número de cuenta, cédula o NIT, nombre, dirección o medidor').fill(account.number);
  await page.getByRole('button', { name: `Cobrar la cuenta ${account.number}` }).click();
  await expect(page).toHaveURL(/#\/caja/);
  await expect(page.getByTestId('pay-account')).toHaveText(`Cuenta ${account.number}`);
  const total = account.openInvoices.reduce((sum, i) => sum + i.balance, 0);
  await expect(page.getByTestId('pay-total')).toHaveText(money(total));

  // money as Colombians type it: dots group thousands; pesos with a comma are refused next to the field
  const received = page.getByRole('textbox', { name: 'Efectivo recibido' });
  await received.fill('100.000,50');
  await expect(page.getByText('Los pesos no llevan centavos: escriba el valor sin coma, por ejemplo 100.000.')).toBeInViewport();
  const bills = Math.ceil(total / 200_000); // enough $ 200.000 for the whole debt
  const typed = bills * 200_000;
  await received.fill('');
  await received.pressSequentially(String(typed), { delay: 10 });
  await expect(received).toHaveValue(formatMoney(typed, company.currency).replace('$ ', ''));
  await expect(page.getByTestId('pay-change')).toHaveText(money(typed - total));
  const cobrar = page.getByRole('button', { name: 'Cobrar (F9)' });
  await expectPrimaryActionInView(page, cobrar);
  await shot(page, 'counter-05-cobro');

  // F9 → the confirmation → the receipt, printed to CUPS (not downloaded) and in the print log
  const before = new Set(fs.existsSync(SPOOL) ? fs.readdirSync(SPOOL) : []);
  await page.keyboard.press('F9');
  const confirm = page.getByRole('dialog', { name: 'Aplicar pago' });
  await expect(confirm).toContainText(`Aplicar pago de ${money(total)} a la cuenta ${account.number}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-number')).toBeVisible();
  const receiptLabel = ((await page.getByTestId('receipt-number').textContent()) ?? '').replace('Recibo ', '');
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.keyboard.press('Control+p');
  await expect(page.getByText('Enviado a la impresora')).toBeVisible();
  await shot(page, 'counter-06-recibo-impreso');
  await expect.poll(() => (fs.existsSync(SPOOL) ? fs.readdirSync(SPOOL).filter((f) => !before.has(f) && /Recibo/.test(f)).length : 0), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(downloads).toBe(0);

  // the times of the till in the company's zone even on a computer set to UTC
  const session = (await call<CashSession | null>('cashier.current', {}, tokens.cajero.token))!;
  const bogota = formatDateTime(session.openedAt, 'America/Bogota');
  expect(bogota).not.toBe(formatDateTime(session.openedAt, 'UTC'));
  await expect(page.getByTestId('session-opened')).toHaveText(bogota);
  const utcPage = await newPage(browser, 'UTC');
  await login(utcPage, people.cajero);
  await expect(utcPage.getByTestId('session-opened')).toHaveText(bogota);
  await shot(utcPage, 'counter-07-caja-en-utc');
  await utcPage.context().close();

  // the print log (the administrator's screen) shows the receipt sent to the queue
  await page.getByRole('button', { name: 'Salir', exact: true }).click();
  await login(page, people.administrador);
  await page.getByRole('navigation').getByRole('button', { name: 'Registro de impresión' }).click();
  const job = page.getByRole('table', { name: 'Registro de impresión' }).getByRole('row').filter({ hasText: receiptLabel });
  await expect(job).toContainText(QUEUE);
  await expect(job).toContainText('Enviado');
  await shot(page, 'counter-08-registro-impresion');
  await page.context().close();
  expect(problems).toEqual([]);
});
