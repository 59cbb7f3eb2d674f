/**
 * Órdenes de trabajo end to end in Chromium at 1366×768 (issue 17), on its own door and demonstration
 * database (PORT + 18, stopped after the spec): the coordinator runs a suspension round from the
 * expired suspension notices (one account paid since and is left out with its reason), assigns the
 * orders to a crew, imports the crew's results (a file with bad lines is refused whole, with each line
 * and reason, then the good file); the customer pays at the till and the reconnection order appears on
 * the board with its 24-hour clock (another, paid 30 hours earlier on the door's clock, moved by the
 * test-only tests/e2e/clock.mjs, in red with the hours elapsed); the
 * coordinator records it as executed with a photo, and the account page shows its orders.
 *
 * A notice's term cannot pass on the real clock during a test: the spec gives the door its database
 * folder (E2E_DB_DIR) and moves the notices' suspension date to yesterday there, as the integration
 * tests do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { expect, test, type Page } from '@playwright/test';
import type { DemoCredentials, NoticePreviewResult, Receipt, WorkOrderBoard } from '../../shared/contract';
import { addDays, todayIn } from '../../shared/dates';
import { pdfTextFlat } from '../helpers/pdf';
import { PORT, TIME_ZONE, apiCall, clockEnv, expectPrimaryActionInView, setClock, shot, startOwnHost, tinyPng, urlOf } from './story';

const WO_PORT = PORT + 18;
const URL = urlOf(WO_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(WO_PORT, name, args, token);

test.describe.configure({ mode: 'serial' });

let page: Page;
let stopHost: () => void = () => undefined;
let db: Knex;
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-e2e-wo-'));
/** the door's clock offset (tests/e2e/clock.mjs): the 30 hours a reconnection waits pass here */
const CLOCK_FILE = path.join(dbDir, 'clock.txt');
const THIRTY_HOURS = 30 * 3_600_000;
let aheadMs = 0;
const problems: string[] = [];
let people: Record<'coordinador' | 'cajero', { username: string; password: string; fullName: string }>;
let tokens: Record<'administrador' | 'coordinador' | 'cajero', string>;
/** the three accounts of the round: two get a suspension order, the third pays before */
let accounts: { id: number; number: string; debt: number }[] = [];
let suspensionNumbers: string[] = [];

/** this minute on the company's clocks (the door's, moved ahead by `aheadMs`), as the crew writes it */
function fieldNow(): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + aheadMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

async function login(user: { username: string; password: string; fullName: string }): Promise<void> {
  await page.getByLabel('Usuario').fill(user.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(user.fullName);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  stopHost = await startOwnHost(WO_PORT, { E2E_DB_DIR: dbDir, ...clockEnv(CLOCK_FILE) });
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 30 });
  const find = (role: string) => demo.users.find((u) => u.role === role)!;
  people = { coordinador: find('coordinador'), cajero: find('cajero') };
  tokens = { administrador: await tokenOf(find('administrador')), coordinador: await tokenOf(people.coordinador), cajero: await tokenOf(people.cajero) };
  // the price list's reconnection charge (the policy's code) and the office's crew
  await call('chargeItems.save', { code: 'RECONEXION', name: 'Reconexión del servicio', amount: 85_000, active: true }, tokens.administrador);
  await call('workOrders.saveCrew', { code: 'C1', name: 'Cuadrilla Norte', members: 'Pedro Gil, Luis Soto', active: true }, tokens.coordinador);
  // suspension notices for three accounts with two or more unpaid periods, their term passed yesterday
  const preview = await call<NoticePreviewResult>('notices.preview', { kind: 'suspension', minPeriods: 2 }, tokens.coordinador);
  const chosen = preview.candidates.filter((c) => c.eligible).slice(0, 3);
  expect(chosen).toHaveLength(3);
  accounts = chosen.map((c) => ({ id: c.accountId, number: c.accountNumber, debt: c.debt }));
  db = knex({ client: 'sqlite3', connection: { filename: path.join(dbDir, 'ventanilla.sqlite') }, useNullAsDefault: true });
  // the demonstration's accounts that owe several periods are already suspended: these three are set back to active (before their suspension)
  await db('accounts').whereIn('id', accounts.map((a) => a.id)).update({ status: 'activo' });
  await call('notices.generate', { kind: 'suspension', accountIds: accounts.map((a) => a.id) }, tokens.coordinador);
  await db('notices').update({ suspension_date: addDays(todayIn(TIME_ZONE), -1) });
  // the third pays everything at the till before the round (left out: «Pagó desde el aviso»)
  const [till] = await call<{ id: number }[]>('tills.list', {}, tokens.cajero);
  await call('cashier.open', { tillId: till.id, count: [{ kind: 'billete', value: 50_000, quantity: 2 }] }, tokens.cajero);
  await pay(accounts[2]);

  const context = await browser.newContext({ baseURL: URL, viewport: { width: 1366, height: 768 }, locale: 'es-CO', timezoneId: TIME_ZONE });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(URL);
});

test.afterAll(async () => {
  await db?.destroy();
  await page?.context().close();
  stopHost();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

async function pay(account: { id: number; debt: number }): Promise<Receipt> {
  const { totalDue } = await call<{ totalDue: number }>('cashier.account', { accountId: account.id }, tokens.cajero);
  return call<Receipt>('cashier.pay', { idempotencyKey: `e2e-wo-${account.id}-${Date.now()}`, accountId: account.id, tenders: [{ method: 'efectivo', amount: totalDue, received: totalDue }] }, tokens.cajero);
}

const tokenOf = async (u: { username: string; password: string }) => (await call<{ token: string }>('auth.login', { username: u.username, password: u.password })).token;
const board = (args: object) => call<WorkOrderBoard>('workOrders.board', args, tokens.coordinador);

test('ronda de suspensión desde los avisos vencidos, asignación a la cuadrilla y resultados importados', async () => {
  await login(people.coordinador);
  await page.getByRole('navigation').getByRole('button', { name: 'Órdenes de trabajo', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Órdenes de trabajo' })).toBeVisible();
  await page.getByRole('tab', { name: 'Ronda de suspensión' }).click();
  await expect(page.getByTestId(`round-${accounts[2].number}`)).toContainText('Pagó desde el aviso: no debe nada vencido');
  for (const a of accounts.slice(0, 2)) await expect(page.getByTestId(`round-${a.number}`)).toContainText('Recibe orden');
  await expect(page.getByTestId('wo-round-excluded')).toContainText('Pagó desde el aviso: 1');
  const generate = page.getByRole('button', { name: 'Generar las órdenes (2)' });
  await expectPrimaryActionInView(page, generate);
  await shot(page, 'workorders-round-preview');
  await generate.click();
  const dialog = page.getByRole('dialog', { name: 'Generar las órdenes de suspensión' });
  await expect(dialog).toContainText('Órdenes de suspensión numeradas que se crean, una por aviso vencido: 2. Avisos que quedan por fuera, con su motivo: 1.');
  // the whole round is one call, one transaction in the back office
  await expect(dialog).toContainText('Se generan todas en un solo acto: si algo falla, no se genera ninguna.');
  await expect(page.locator('.mantine-Modal-content').last()).toHaveCSS('opacity', '1'); // the modal has finished opening
  await shot(page, 'workorders-round-confirm');
  await dialog.getByRole('button', { name: 'Generar las órdenes (2)' }).click();
  await expect(page.getByTestId('wo-round-outcome')).toContainText(/Se generaron 2 órdenes de suspensión: OT-\d{4}-000001 a OT-\d{4}-000002\./);
  suspensionNumbers = (await board({ type: 'suspension' })).rows.map((r) => r.number).sort();
  expect(suspensionNumbers).toHaveLength(2);

  // the board: both pending; chosen and assigned to the crew
  await page.getByRole('tab', { name: 'Tablero' }).click();
  for (const n of suspensionNumbers) {
    const row = page.getByTestId(`wo-${n}`);
    await expect(row.getByTestId(`state-${n}`)).toHaveText('Pendiente');
    await row.getByRole('checkbox').check();
  }
  await page.getByTestId('wo-assign').click();
  const assign = page.getByRole('dialog', { name: 'Asignar 2 órdenes a una cuadrilla' });
  await assign.getByTestId('wo-assign-crew').click();
  await page.getByRole('option', { name: 'C1 · Cuadrilla Norte' }).click();
  await assign.getByRole('button', { name: 'Asignar', exact: true }).click();
  for (const n of suspensionNumbers) await expect(page.getByTestId(`state-${n}`)).toHaveText('Asignada');
  await expect(page.getByTestId('ind-suspensions')).toHaveText('0 / 2');
  await shot(page, 'workorders-board-assigned');
  // the crew's route sheet, previewed as every paper (PDF.js), in route order with the orders' numbers
  await page.getByTestId('wo-filter-crew').click();
  await page.getByRole('option', { name: 'C1 · Cuadrilla Norte' }).click();
  await page.getByTestId('wo-route-sheet').click();
  const sheet = page.getByRole('dialog', { name: 'Hoja de ruta de C1 · Cuadrilla Norte' });
  await expect(sheet.getByRole('button', { name: 'Descargar' })).toBeVisible();
  // the same paper, read with pdftotext (PDF.js draws it on screen; at a loaded machine that can take long)
  const crews = await call<{ id: number; code: string }[]>('workOrders.crews', {}, tokens.coordinador);
  const paper = await call<{ base64: string }>('workOrders.routeSheet', { crewId: crews.find((c) => c.code === 'C1')!.id }, tokens.coordinador);
  const text = pdfTextFlat(Buffer.from(paper.base64, 'base64'));
  for (const n of suspensionNumbers) expect(text).toContain(n);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // the crew's file: a bad one refused whole, with each line and reason; nothing written
  await page.getByRole('tab', { name: 'Importar resultados' }).click();
  const header = 'orden;resultado;fecha_ejecucion;ejecutada_por;lectura;sello;causa;observaciones';
  const bad = [header, `${suspensionNumbers[0]};ejecutada;${fieldNow()};Pedro Gil;120;S-1;;`, 'OT-2020-999999;ejecutada;2020-01-01 08:00;Pedro Gil;;;;', `${suspensionNumbers[1]};ejecutada;2099-01-01 08:00;Pedro Gil;;;;`].join('\n');
  await page.getByTestId('wo-import-file').click();
  await page.locator('input[type=file]').setInputFiles({ name: 'malo.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Importar 3 resultados' }).click();
  await page.getByRole('dialog', { name: 'Importar los resultados de la cuadrilla' }).getByRole('button', { name: 'Importar', exact: true }).click();
  const refusal = page.getByTestId('wo-import-refusal');
  await expect(refusal).toContainText('línea 3: la orden OT-2020-999999 no existe');
  await expect(refusal).toContainText(/línea 4: La fecha de ejecución \(01\/01\/2099 08:00\) es posterior a este momento/);
  await shot(page, 'workorders-import-refused');
  expect((await board({ state: 'asignada' })).rows).toHaveLength(2);

  const good = [header, ...suspensionNumbers.map((n, i) => `${n};ejecutada;${fieldNow()};Pedro Gil;${120 + i};S-${i + 1};;Suspendida en la caja del medidor`)].join('\n');
  await page.locator('input[type=file]').setInputFiles({ name: 'resultados.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: 'Importar 2 resultados' }).click();
  await page.getByRole('dialog', { name: 'Importar los resultados de la cuadrilla' }).getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByTestId('wo-import-done')).toHaveText('Se registraron 2 resultados: 2 ejecutadas, 0 fallidas; 0 cobros de reconexión cargados.');
  expect(problems).toEqual([]);
});

test('el cliente paga en caja: la reconexión aparece con su reloj de 24 horas y se registra ejecutada', async ({ browser }) => {
  // the customer of the second suspended account pays everything at the till, on the screen (F9); the receipt names the reconnection ordered
  const till = await (await browser.newContext({ baseURL: URL, viewport: { width: 1366, height: 768 }, locale: 'es-CO', timezoneId: TIME_ZONE })).newPage();
  till.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await till.goto(URL);
  await till.getByLabel('Usuario').fill(people.cajero.username);
  await till.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(people.cajero.password);
  await till.keyboard.press('Enter');
  await expect(till.getByTestId('user-name')).toHaveText(people.cajero.fullName);
  await till.goto(`${URL}#/caja/cobrar/${accounts[1].id}`);
  const { totalDue } = await call<{ totalDue: number }>('cashier.account', { accountId: accounts[1].id }, tokens.cajero);
  await till.getByRole('textbox', { name: 'Efectivo recibido' }).pressSequentially(String(totalDue), { delay: 5 });
  await till.keyboard.press('F9');
  await expect(till.getByRole('dialog', { name: 'Aplicar pago' })).toContainText(`a la cuenta ${accounts[1].number}`);
  await till.keyboard.press('Enter');
  await expect(till.getByTestId('receipt-reconnection')).toContainText(/Se ordenó la reconexión del servicio: orden OT-\d{4}-000003/);
  const second = /OT-\d{4}-\d{6}/.exec((await till.getByTestId('receipt-reconnection').textContent()) ?? '')![0];
  await shot(till, 'workorders-till-reconnection');
  await till.context().close();
  // 30 hours later on the door's clock the first customer pays (at the counter too, through the same handler)
  aheadMs = THIRTY_HOURS;
  setClock(CLOCK_FILE, aheadMs);
  // 30 hours on, yesterday's sessions have ended: everyone logs in again (a fresh login each try, until the door's clock has moved)
  await expect
    .poll(async () => {
      tokens = { ...tokens, coordinador: await tokenOf(people.coordinador) };
      return (await board({ type: 'reconexion' })).rows.find((r) => r.number === second)?.hours;
    })
    .toBe(30);
  tokens = { ...tokens, cajero: await tokenOf(people.cajero) };
  const first = (await pay(accounts[0])).reconnection!.number;
  expect(first).toMatch(/^OT-\d{4}-000004$/);

  // the coordinator's screen: the session of yesterday ended too
  await page.reload();
  await login(people.coordinador);
  await page.getByRole('navigation').getByRole('button', { name: 'Órdenes de trabajo', exact: true }).click();
  await page.getByRole('tab', { name: 'Tablero' }).click();
  await page.getByTestId('wo-filter-type').click();
  await page.getByRole('option', { name: 'Reconexión' }).click();
  await expect(page.getByTestId(`clock-${first}`)).toHaveText(/^0 h de 24 h$/);
  await expect(page.getByTestId(`clock-${second}`)).toHaveText('Vencida: 30 h (plazo 24 h)');
  await expect(page.getByTestId(`clock-${second}`)).toHaveCSS('color', 'rgb(250, 82, 82)');
  await expect(page.getByTestId('ind-late')).toHaveText('1');
  await shot(page, 'workorders-board-reconnections');

  // recorded as executed from the order, with a photo: the account is active again and pays the reconnection
  await page.getByTestId(`wo-${first}`).getByRole('cell').nth(2).click();
  const order = page.getByRole('dialog', { name: new RegExp(`Orden ${first}: Reconexión`) });
  await expect(order.getByTestId('wo-order-state')).toHaveText('Pendiente');
  // the crew's minute on the company's clock (the door's, 30 hours on: the browser's clock was not moved)
  await order.getByRole('textbox', { name: /^Ejecutada el/ }).fill(fieldNow());
  await order.getByLabel('Ejecutada por').fill('Luis Soto');
  await order.getByLabel('Sello').fill('S-9');
  await order.locator('input[type=file]').setInputFiles({ name: 'medidor.png', mimeType: 'image/png', buffer: tinyPng() });
  await shot(page, 'workorders-order-result');
  await order.getByTestId('wo-result-save').click();
  const confirm = page.getByRole('dialog', { name: `Registrar el resultado de ${first}` });
  await expect(confirm).toContainText('La cuenta vuelve a activa');
  await confirm.getByRole('button', { name: 'Registrar resultado' }).click();
  await expect(order.getByTestId('wo-order-state')).toHaveText('Ejecutada');
  await expect(order.getByTestId('wo-photos').getByRole('img', { name: 'medidor.png' })).toBeVisible();
  await expect(page.getByText(`Resultado de ${first} registrado; se cargó la reconexión de $ 85.000 a la cuenta.`)).toBeVisible();
  await shot(page, 'workorders-order-executed');
  await page.keyboard.press('Escape');

  // the account page: its orders with the clock
  await page.goto(`${URL}#/cuentas/${accounts[0].id}`);
  const card = page.getByTestId('account-work-orders');
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByRole('row', { name: new RegExp(first) })).toContainText('Ejecutada');
  await expect(card.getByRole('row', { name: new RegExp(suspensionNumbers[0]) })).toBeVisible();
  await shot(page, 'workorders-account-card');
  expect(problems).toEqual([]);
});
