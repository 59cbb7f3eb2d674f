/**
 * A cashier's whole shift at the counter, on its own fresh database with the demonstration data:
 * open the till counting the float, scan an invoice (the scanner types fast and ends with Enter,
 * while the focus is in a field), pay in cash with change, the receipt appears and prints, void it
 * with the coordinator's credentials typed on the spot, close with a faltante approved by the
 * coordinator, and the closing report downloads with the faltante in it.
 */
import { execFileSync } from 'node:child_process';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { AccountDetail, AccountSummary, ChargeItem, Company, DemoCredentials, LoginResult, Till } from '../../shared/contract';
import { gs1CheckDigit } from '../../shared/nit';
import { formatMoney } from '../../shared/money';
import { CASHIER_URL, KEY, scanBarcode, shot } from './story';

test.use({ baseURL: CASHIER_URL });

const GS = '\u001d';
const api = CASHIER_URL.replace(/\/\?k=.*$/, '/api/');

async function call<T>(request: APIRequestContext, name: string, args: unknown, token?: string): Promise<T> {
  const response = await request.post(`${api}${name}`, {
    headers: { 'x-ventanilla-key': KEY, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    data: args,
  });
  const body = (await response.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.data as T;
}

/** The barcode of an invoice as the company prints it: (415) GLN (8020) reference GS (3900) amount GS (96) due date. */
function barcode(gln: string, reference: string, amount: number, dueDate: string): string {
  return `415${gln}8020${reference}${GS}3900${amount}${GS}96${dueDate.replace(/-/g, '')}`;
}

/** Scans with the focus in `field`, then checks `done`. */
async function scanInto(page: Page, field: Locator, code: string, done: () => Promise<void>) {
  await field.fill('');
  await field.click();
  await scanBarcode(page, code);
  await done();
}

async function login(page: Page, username: string, password: string) {
  await page.goto(CASHIER_URL);
  await page.getByLabel('Usuario').fill(username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

/** what the tests share: the demonstration office, its people, till, GLN and an invoice that is owed */
interface Office {
  person: (role: string) => DemoCredentials['users'][number];
  admin: LoginResult;
  till: Till;
  company: Company;
  account: AccountDetail;
}
let office: Office;

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext();
  const demo = await call<DemoCredentials>(request, 'setup.loadDemo', { accounts: 30 });
  const person = (role: string) => demo.users.find((u) => u.role === role)!;
  const admin = await call<LoginResult>(request, 'auth.login', { username: person('administrador').username, password: person('administrador').password });
  // the demonstration data brings a till per office; make one if it ever stops doing so
  const tills = (await call<Till[]>(request, 'tills.list', {}, admin.token)).filter((x) => x.officeId === admin.user.officeId && x.active);
  const till = tills[0] ?? (await call<Till>(request, 'tills.save', { officeId: admin.user.officeId, code: 'C1', name: 'Caja 1', receiptLayout: 'termica80', active: true }, admin.token));
  const company = await call<Company>(request, 'company.get', {}, admin.token);
  const found = await call<AccountSummary[]>(request, 'accounts.search', { query: '100000', limit: 50 }, admin.token);
  const owing = found.find((a) => a.balance > 0);
  expect(owing, 'una cuenta con deuda en los datos de demostración').toBeDefined();
  const account = await call<AccountDetail>(request, 'accounts.get', { accountId: owing!.id }, admin.token);
  office = { person, admin, till, company, account };
  await request.dispose();
});

test('un turno completo de caja: abrir, escanear, cobrar con cambio, anular, cerrar con faltante', async ({ page }) => {
  test.setTimeout(180_000); // a loaded machine (2 cores, several suites) needs more than 90 s
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const { person, till, company, account } = office;
  const tillLabel = `${till.code} · ${till.name}`;
  const invoice = account.openInvoices[0];
  const money = (minor: number) => formatMoney(minor, company.currency);
  const cashier = person('cajero');
  const coordinator = person('coordinador');

  await login(page, cashier.username, cashier.password);
  await page.goto(`${CASHIER_URL}#/caja`);

  // 1. open the till: $ 200.000 of float counted as 2 × 50.000 + 10 × 10.000
  await expect(page.getByRole('heading', { name: 'Abrir caja' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Caja' }).click();
  await page.getByRole('option', { name: tillLabel }).click();
  await page.getByRole('textbox', { name: 'Cantidad: Billete de $ 50.000' }).fill('2');
  await page.getByRole('textbox', { name: 'Cantidad: Billete de $ 10.000' }).fill('10');
  await expect(page.getByTestId('count-total')).toHaveText('$ 200.000');
  await shot(page, 'caja-01-abrir');
  await page.getByRole('button', { name: 'Abrir caja' }).click();
  const openDialog = page.getByRole('dialog', { name: 'Abrir caja' });
  await expect(openDialog).toContainText(`Abrir la caja ${tillLabel} con $ 200.000`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Turno de caja' })).toContainText(cashier.fullName);

  // 2. a barcode with another company's GLN is refused with the reason, in red
  const search = page.getByRole('textbox', { name: 'Cuenta a pagar' });
  const otherGln = `770999800001${gs1CheckDigit('770999800001')}`;
  await scanInto(page, search, barcode(otherGln, invoice.paymentReference, invoice.balance, invoice.dueDate), async () => {
    await expect(page.getByTestId('scan-error')).toContainText(`El código es de otra empresa (GLN ${otherGln})`, { timeout: 5_000 });
    await expect(search).toHaveValue('', { timeout: 1_000 });
  });

  // 3. the real barcode, scanned while the focus is in the search box: the keys do not stay there
  await scanInto(page, search, barcode(company.gln, invoice.paymentReference, invoice.balance, invoice.dueDate), async () => {
    await expect(page.getByTestId('pay-account')).toHaveText(`Cuenta ${account.number}`, { timeout: 5_000 });
    await expect(search).toHaveValue('', { timeout: 1_000 });
  });
  await expect(page.getByRole('checkbox', { name: `Pagar la factura ${invoice.number}` })).toBeChecked();
  await expect(page.getByTestId('pay-total')).toHaveText(money(invoice.balance));
  if (invoice.overdue) await expect(page.getByTestId('scan-warnings')).toBeVisible();

  // 4. cash: received rounded up to the next $ 10.000 plus one more bill; the change shows big
  const received = (Math.floor(invoice.balance / 10_000) + 2) * 10_000;
  const change = received - invoice.balance;
  await page.getByRole('textbox', { name: 'Efectivo recibido' }).fill(String(received));
  await expect(page.getByTestId('pay-change')).toHaveText(money(change));
  await shot(page, 'caja-02-cobro');
  await page.keyboard.press('Enter');
  const payDialog = page.getByRole('dialog', { name: 'Aplicar pago' });
  await expect(payDialog).toContainText(`Aplicar pago de ${money(invoice.balance)} a la cuenta ${account.number} — cambio ${money(change)}`);
  // a double Enter posts once
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-number')).toBeVisible();
  await expect(page.getByTestId('session-receipts')).toHaveText('1');
  const receiptTitle = (await page.getByTestId('receipt-number').textContent()) ?? '';
  const receiptLabel = receiptTitle.replace('Recibo ', '');
  await expect(page.getByTestId('receipt-total')).toHaveText(money(invoice.balance));
  await expect(page.getByTestId('receipt-change')).toHaveText(money(change));
  await expect(page.getByTestId('session-collected')).toHaveText(money(invoice.balance));
  await shot(page, 'caja-03-recibo');

  // Ctrl+P prints (downloads) the receipt
  const receiptDownload = page.waitForEvent('download');
  await page.keyboard.press('Control+p');
  expect((await receiptDownload).suggestedFilename()).toMatch(/\.pdf$/);

  // 5. void it: reason + the coordinator's username and password typed here
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('receipt-number')).toHaveCount(0);
  await page.getByRole('button', { name: 'Recibos del turno' }).click();
  const receipts = page.getByRole('dialog', { name: 'Recibos del turno' });
  await expect(receipts.getByRole('row')).toHaveCount(2);
  await receipts.getByRole('button', { name: `Anular el recibo ${receiptLabel}` }).click();
  const voidDialog = page.getByRole('dialog', { name: `Anular el recibo ${receiptLabel}` });
  await voidDialog.getByLabel('Motivo de la anulación').fill('El cliente pagó la factura equivocada');
  await voidDialog.getByLabel('Usuario del coordinador').fill(coordinator.username);
  await voidDialog.getByRole('textbox', { name: 'Contraseña del coordinador' }).fill('no-es-la-clave');
  await voidDialog.getByRole('button', { name: 'Anular recibo' }).click();
  // one answer for every refused approval: it does not say whether the user exists or the password was wrong
  await expect(voidDialog.getByRole('alert')).toContainText('No se autorizó la operación: usuario o contraseña incorrectos');
  await voidDialog.getByRole('textbox', { name: 'Contraseña del coordinador' }).fill(coordinator.password);
  await shot(page, 'caja-04-anular');
  await voidDialog.getByRole('button', { name: 'Anular recibo' }).click();
  await expect(page.getByTestId('void-cash-returned')).toHaveText(`Devuelva al cliente ${money(invoice.balance)} en efectivo`);
  await voidDialog.getByRole('button', { name: 'Listo' }).click();
  await expect(receipts.getByRole('row').filter({ hasText: receiptLabel })).toContainText('Anulado');
  await page.keyboard.press('Escape');

  // 6. a cash out to the bank: $ 20.000, stated in a confirmation first
  await page.getByRole('button', { name: 'Entrada/Salida de efectivo' }).click();
  const movement = page.getByRole('dialog', { name: 'Entrada o salida de efectivo' });
  await movement.getByRole('textbox', { name: 'Valor' }).fill('20000');
  await movement.getByRole('combobox', { name: 'Motivo' }).click();
  await page.getByRole('option', { name: 'Consignación en banco' }).click();
  await movement.getByRole('button', { name: 'Siguiente' }).click();
  await expect(movement).toContainText('Registrar una salida de $ 20.000 de la caja por Consignación en banco');
  await movement.getByRole('button', { name: 'Registrar' }).click();
  await expect(movement).toBeHidden();

  // 7. close with $ 150.000 counted against $ 180.000 expected: FALTANTE $ 30.000, above the limit
  await page.getByRole('button', { name: 'Cerrar caja' }).click();
  await page.getByRole('textbox', { name: 'Cantidad: Billete de $ 50.000' }).fill('3');
  await expect(page.getByTestId('expected-cash')).toHaveText('$ 180.000');
  await expect(page.getByTestId('difference')).toHaveText('FALTANTE $ 30.000');
  await page.getByLabel('Usuario del coordinador').fill(coordinator.username);
  await page.getByRole('textbox', { name: 'Contraseña del coordinador' }).fill(coordinator.password);
  await shot(page, 'caja-05-cierre');
  await page.getByRole('button', { name: 'Cerrar caja' }).click();
  const closeDialog = page.getByRole('dialog', { name: 'Cerrar caja' });
  await expect(closeDialog).toContainText('FALTANTE $ 30.000');
  const reportDownload = page.waitForEvent('download');
  await closeDialog.getByRole('button', { name: 'Cerrar caja' }).click();
  const report = await reportDownload;
  expect(report.suggestedFilename()).toMatch(/\.pdf$/);
  const file = test.info().outputPath('cierre.pdf');
  await report.saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('FALTANTE');
  expect(text).toContain('30.000');
  expect(text).toContain(receiptLabel);
  expect(text).toContain('Consignación en banco');
  await expect(page.getByRole('heading', { name: `${till.name} cerrada` })).toBeVisible();
  await shot(page, 'caja-06-cerrada');

  // 8. the session in the cashier's history, with its report and PDF
  await page.getByRole('navigation').getByRole('button', { name: 'Turnos de caja', exact: true }).click();
  const sessions = page.getByRole('table', { name: 'Turnos de caja' });
  await expect(sessions.getByRole('row').filter({ hasText: till.name })).toContainText('FALTANTE $ 30.000');
  await sessions.getByRole('row').filter({ hasText: till.name }).click();
  const reportDialog = page.getByRole('dialog', { name: 'Informe del turno' });
  await expect(reportDialog).toContainText(receiptLabel);
  await expect(reportDialog).toContainText('Consignación en banco');
  const again = page.waitForEvent('download');
  await reportDialog.getByRole('button', { name: 'Descargar informe de cierre (PDF)' }).click();
  expect((await again).suggestedFilename()).toMatch(/\.pdf$/);
  await shot(page, 'caja-07-turnos');
  expect(problems).toEqual([]);
});

test('cobro vario pagado con tarjeta y efectivo; el coordinador cierra a la fuerza la caja olvidada', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const { person, till, company, account } = office;
  const money = (minor: number) => formatMoney(minor, company.currency);
  const cashier = person('cajero');
  const coordinator = person('coordinador');
  const items = await call<ChargeItem[]>(request, 'chargeItems.list', {}, office.admin.token);
  const item = items.find((c) => c.active)!;

  // the cashier opens again (through the back office: the screen was tested above) and takes a charge
  const cashierLogin = await call<LoginResult>(request, 'auth.login', { username: cashier.username, password: cashier.password });
  await call(request, 'cashier.open', { tillId: till.id, count: [{ kind: 'billete', value: 50_000, quantity: 2 }] }, cashierLogin.token);
  await login(page, cashier.username, cashier.password);
  await page.goto(`${CASHIER_URL}#/caja`);
  await page.getByRole('textbox', { name: 'Cuenta a pagar' }).fill(account.number);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pay-account')).toHaveText(`Cuenta ${account.number}`);

  // a scanner that sends a ]C1 prefix and no separators, into the cash field: read all the same
  const second = account.openInvoices[1] ?? account.openInvoices[0];
  const cash = page.getByRole('textbox', { name: 'Efectivo recibido' });
  const secondBox = page.getByRole('checkbox', { name: `Pagar la factura ${second.number}` });
  await scanInto(page, cash, `]C1${barcode(company.gln, second.paymentReference, second.balance, second.dueDate).split(GS).join('')}`, async () => {
    await expect(secondBox).toBeChecked({ timeout: 5_000 });
  });
  await expect(page.getByTestId('pay-total')).toHaveText(money(second.balance));
  await expect(cash).toHaveValue('');
  // the customer only wants the charge today
  await secondBox.uncheck();
  await page.getByRole('button', { name: 'Agregar cobro' }).click();
  await page.getByRole('combobox', { name: 'Cobro (lista de precios)' }).click();
  await page.getByRole('option', { name: `${item.name} — ${money(item.amount)}` }).click();
  await page.getByRole('button', { name: 'Agregar', exact: true }).click();
  await page.getByRole('radio', { name: `Lo marcado: ${money(item.amount)}` }).check();
  await expect(page.getByTestId('pay-total')).toHaveText(money(item.amount));

  // part by debit card (voucher), the rest in cash with change
  const card = Math.floor(item.amount / 2);
  await page.getByRole('button', { name: 'Agregar tarjeta, transferencia o cheque' }).click();
  await page.getByRole('menuitem', { name: 'Tarjeta débito' }).click();
  const cardBox = page.getByLabel('Tarjeta débito', { exact: true });
  await cardBox.getByRole('textbox', { name: 'Valor' }).fill(String(card));
  await page.getByRole('textbox', { name: 'Efectivo recibido' }).fill(String(item.amount));
  // the voucher is missing: refused before anything is sent
  await page.getByRole('button', { name: 'Cobrar (F9)' }).click();
  // next to the field it belongs to
  const voucher = cardBox.getByRole('textbox', { name: 'N° de voucher' });
  await expect(voucher).toHaveAccessibleDescription('Falta el N° de voucher de Tarjeta débito');
  await expect(voucher).toBeFocused();
  await voucher.fill('004512');
  const change = card;
  await expect(page.getByTestId('pay-change')).toHaveText(money(change));
  await page.keyboard.press('F9');
  await expect(page.getByRole('dialog', { name: 'Aplicar pago' })).toContainText(`Aplicar pago de ${money(item.amount)} a la cuenta ${account.number} — cambio ${money(change)}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-change')).toHaveText(money(change));
  const receipt = page.getByRole('article');
  await expect(receipt).toContainText(item.name);
  await expect(receipt).toContainText('Tarjeta débito · 004512');
  await shot(page, 'caja-08-cobro-vario');

  // the cashier leaves without closing: the coordinator force-closes it from Turnos de caja
  const context = await browser.newContext({ baseURL: CASHIER_URL, locale: 'es-CO', timezoneId: 'America/Bogota' });
  const boss = await context.newPage();
  await login(boss, coordinator.username, coordinator.password);
  await boss.goto(`${CASHIER_URL}#/caja/turnos`);
  const open = boss.getByRole('table', { name: 'Cajas abiertas ahora' });
  await expect(open.getByRole('row').filter({ hasText: cashier.fullName })).toBeVisible();
  await open.getByRole('button', { name: 'Cierre forzado' }).click();
  const force = boss.getByRole('dialog', { name: 'Cierre forzado de caja' });
  await force.getByRole('textbox', { name: 'Cantidad: Billete de $ 50.000' }).fill('2');
  await force.getByRole('textbox', { name: 'Cantidad: Billete de $ 10.000' }).fill('3');
  await force.getByLabel('Motivo del cierre forzado').fill('El cajero se fue sin cerrar; contado en presencia del auxiliar');
  await force.getByRole('button', { name: 'Siguiente' }).click();
  await expect(force).toContainText(`Cerrar ${till.name} de ${cashier.fullName} con $ 130.000 contados`);
  await shot(boss, 'caja-09-cierre-forzado');
  await force.getByRole('button', { name: 'Cerrar caja' }).click();
  await expect(force).toBeHidden();
  await expect(boss.getByText('No hay cajas abiertas en la oficina.')).toBeVisible();
  await expect(boss.getByRole('table', { name: 'Turnos de caja' }).getByRole('row').filter({ hasText: 'Cierre forzado' })).toHaveCount(1);
  await context.close();
});

/** what the cashier sees without scrolling (1366×768), when SHOTS_DIR is set */
async function view(page: Page, name: string): Promise<void> {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-pantalla.png` });
}

test('los límites de la caja: ajustes, transferencia mayor que la deuda, autorización sobre el umbral y devolución por transferencia', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const { person, till, company, account, admin } = office;
  const money = (minor: number) => formatMoney(minor, company.currency);
  const cashier = person('cajero');
  const coordinator = person('coordinador');

  // 1. the administrator sees the cashier's limits in Ajustes and lowers the threshold to $ 1.000
  const context = await browser.newContext({ baseURL: CASHIER_URL, locale: 'es-CO', timezoneId: 'America/Bogota', viewport: { width: 1366, height: 768 } });
  const adminPage = await context.newPage();
  await login(adminPage, person('administrador').username, person('administrador').password);
  await adminPage.goto(`${CASHIER_URL}#/admin/ajustes`);
  await expect(adminPage.getByRole('textbox', { name: 'Máximo por recibo' })).toHaveValue('100.000.000');
  const threshold = adminPage.getByRole('textbox', { name: 'Tarjetas, transferencias y cheques con autorización desde' });
  await threshold.fill('1000');
  await expect(adminPage.getByRole('button', { name: 'Guardar' })).toBeInViewport();
  await shot(adminPage, 'caja-10-ajustes');
  await view(adminPage, 'caja-10-ajustes');
  await adminPage.getByRole('button', { name: 'Guardar' }).click();
  await expect(adminPage.getByText('Ajustes guardados')).toBeVisible();
  await context.close();
  expect((await call<{ nonCashApprovalThreshold: number }>(request, 'settings.get', {}, admin.token)).nonCashApprovalThreshold).toBe(1_000);

  // 2. the cashier opens with $ 20.000 and takes the account's whole balance
  const cashierLogin = await call<LoginResult>(request, 'auth.login', { username: cashier.username, password: cashier.password });
  await call(request, 'cashier.open', { tillId: till.id, count: [{ kind: 'billete', value: 10_000, quantity: 2 }] }, cashierLogin.token);
  const { totalDue } = await call<{ totalDue: number }>(request, 'cashier.account', { accountId: account.id }, cashierLogin.token);
  expect(totalDue).toBeGreaterThan(20_000);
  await login(page, cashier.username, cashier.password);
  await page.goto(`${CASHIER_URL}#/caja`);
  await page.getByRole('textbox', { name: 'Cuenta a pagar' }).fill(account.number);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pay-account')).toHaveText(`Cuenta ${account.number}`);
  await page.getByRole('radio', { name: `Todo el saldo: ${money(totalDue)}` }).check();

  // 3. a transfer larger than the debt: refused next to its amount, before anything is sent
  await page.getByRole('button', { name: 'Agregar tarjeta, transferencia o cheque' }).click();
  await page.getByRole('menuitem', { name: 'Transferencia' }).click();
  const transfer = page.getByLabel('Transferencia', { exact: true });
  await transfer.getByRole('textbox', { name: 'Valor' }).fill(String(totalDue + 10_000));
  await transfer.getByRole('textbox', { name: 'Referencia' }).fill('NEQUI-7781');
  await page.getByRole('button', { name: 'Cobrar (F9)' }).click();
  const over = `Las tarjetas, transferencias y cheques (${money(totalDue + 10_000)}) pasan de lo que se paga (${money(totalDue)})`;
  await expect(transfer.getByText(over)).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Aplicar pago' })).toHaveCount(0);
  await transfer.getByRole('textbox', { name: 'Valor' }).scrollIntoViewIfNeeded();
  await shot(page, 'caja-11-transferencia-mayor');
  await view(page, 'caja-11-transferencia-mayor');

  // 4. $ 10.000 by transfer, the rest in cash: above the $ 1.000 threshold the coordinator approves
  //    in the confirmation, on the spot
  await transfer.getByRole('textbox', { name: 'Valor' }).fill('10000');
  await page.getByRole('textbox', { name: 'Efectivo recibido' }).fill(String(totalDue - 10_000));
  await expect(transfer.getByText(over)).toHaveCount(0);
  await page.keyboard.press('F9');
  const payDialog = page.getByRole('dialog', { name: 'Aplicar pago' });
  await expect(payDialog).toContainText(`Aplicar pago de ${money(totalDue)} a la cuenta ${account.number}`);
  const approvalBox = payDialog.getByRole('group', { name: 'Autorización del coordinador' });
  await expect(approvalBox).toContainText('Las tarjetas, transferencias y cheques de este pago suman $ 10.000: por encima de $ 1.000 un coordinador debe autorizarlo.');
  // without the coordinator nothing is sent
  await payDialog.getByRole('button', { name: 'Aplicar pago' }).click();
  await expect(payDialog.getByRole('alert')).toHaveText('Falta la autorización del coordinador (usuario y contraseña)');
  await approvalBox.getByLabel('Usuario del coordinador').fill(coordinator.username);
  await approvalBox.getByRole('textbox', { name: 'Contraseña del coordinador' }).fill(coordinator.password);
  await shot(page, 'caja-12-autorizacion');
  await view(page, 'caja-12-autorizacion');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-number')).toBeVisible();
  const receiptLabel = ((await page.getByTestId('receipt-number').textContent()) ?? '').replace('Recibo ', '');

  // 5. the drawer goes to the bank but $ 5.000: the void cannot give the cash back from it
  const cashPart = totalDue - 10_000;
  await call(request, 'cashier.movement', { kind: 'salida', amount: 20_000 + cashPart - 5_000, reason: 'consignacion_banco', note: '' }, cashierLogin.token);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Recibos del turno' }).click();
  const receipts = page.getByRole('dialog', { name: 'Recibos del turno' });
  await receipts.getByRole('button', { name: `Anular el recibo ${receiptLabel}` }).click();
  const voidDialog = page.getByRole('dialog', { name: `Anular el recibo ${receiptLabel}` });
  await voidDialog.getByLabel('Motivo de la anulación').fill('Pago aplicado a la cuenta equivocada');
  await voidDialog.getByLabel('Usuario del coordinador').fill(coordinator.username);
  await voidDialog.getByRole('textbox', { name: 'Contraseña del coordinador' }).fill(coordinator.password);
  await voidDialog.getByRole('button', { name: 'Anular recibo' }).click();
  const refund = voidDialog.getByRole('radiogroup', { name: 'Cómo se devuelve el efectivo del pago' });
  // the refusal stands next to the refund choice (its error, described by it)
  const drawerShort = voidDialog.getByText(`La caja no alcanza para devolver ${money(cashPart)} en efectivo (debería haber $ 5.000): devuelva el dinero por transferencia`);
  await expect(drawerShort).toBeVisible();
  expect(await refund.getAttribute('aria-describedby')).toBe(await drawerShort.getAttribute('id'));
  await shot(page, 'caja-13-anular-sin-efectivo');
  await view(page, 'caja-13-anular-sin-efectivo');

  // 6. the way out: the refund by transfer, with its reference, approved by the coordinator
  await refund.getByRole('radio', { name: 'Por transferencia' }).check();
  await voidDialog.getByRole('textbox', { name: 'Referencia de la transferencia' }).fill('TRF-DEV-0091');
  await voidDialog.getByRole('textbox', { name: 'Contraseña del coordinador' }).fill(coordinator.password);
  await shot(page, 'caja-14-devolucion-transferencia');
  await view(page, 'caja-14-devolucion-transferencia');
  await voidDialog.getByRole('button', { name: 'Anular recibo' }).click();
  await expect(voidDialog.getByTestId('void-transfer')).toHaveText(`Devuelva ${money(cashPart)} por transferencia (referencia TRF-DEV-0091); no sale efectivo de la caja.`);
  await shot(page, 'caja-15-anulado-por-transferencia');
  await view(page, 'caja-15-anulado-por-transferencia');
  await voidDialog.getByRole('button', { name: 'Listo' }).click();
  await expect(receipts.getByRole('row').filter({ hasText: receiptLabel })).toContainText('Anulado');
  const summary = await call<{ expectedCash: string }>(request, 'cashier.closePreview', { count: [] }, cashierLogin.token);
  expect(summary.expectedCash).toBe('5000');
  expect(problems).toEqual([]);
});
