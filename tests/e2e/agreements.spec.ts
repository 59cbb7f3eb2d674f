/**
 * Acuerdos de pago (issue 16) end to end in Chromium at 1366×768, on its own door and demonstration
 * database (PORT + 15): a gestor opens an account with overdue invoices, simulates an agreement by
 * phone (the overdue invoices chosen, 20 % down, 4 installments) and saves it; the acta goes out as
 * certified correspondence (its radicado de salida on the agreement page); the next business day (the
 * door's clock moved by tests/e2e/clock.mjs, test only) the cashier opens the till and takes the down
 * payment — the financed invoices shown "en acuerdo, cuota inicial pendiente" and out of "Todo el
 * saldo" — and the account page shows the agreement active and its invoices "Pagada por acuerdo AP-…".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { AccountDetail, AgreementCandidates, DemoCredentials, LoginResult, Till } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { PORT, VIEWPORT, apiCall, clockEnv, expectPrimaryActionInView, setClock, shot, startOwnHost, urlOf } from './story';

const AGREEMENTS_PORT = PORT + 15;
const URL = urlOf(AGREEMENTS_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(AGREEMENTS_PORT, name, args, token);
/** the door's clock offset (tests/e2e/clock.mjs) */
const CLOCK_FILE = path.join(os.tmpdir(), `ventanilla-e2e-clock-${AGREEMENTS_PORT}.txt`);
const GESTOR = { fullName: 'Gloria Estela Pinzón', username: 'gpinzon', firstPassword: 'Inicial-2025', password: 'Gestor-2025-ok' };
type Person = { username: string; password: string; fullName: string };

test.describe.configure({ mode: 'serial' });

let stopHost: () => void = () => undefined;
let cashier: Person;
let coordinator: Person;
let candidates: AgreementCandidates;
let admin: string;
let adminPerson: Person;
let officeId: number;
const problems: string[] = [];
const money = (minor: number) => formatMoney(minor, 'COP');

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: URL, viewport: VIEWPORT, locale: 'es-CO', timezoneId: 'America/Bogota' });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return page;
}

async function login(page: Page, person: Person) {
  await page.goto(URL);
  await page.getByLabel('Usuario').fill(person.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(person.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(person.fullName);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stopHost = await startOwnHost(AGREEMENTS_PORT, clockEnv(CLOCK_FILE));
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 12 });
  const person = (role: string) => demo.users.find((u) => u.role === role)!;
  cashier = person('cajero');
  coordinator = person('coordinador');
  adminPerson = person('administrador');
  admin = (await call<LoginResult>('auth.login', { username: adminPerson.username, password: adminPerson.password })).token;
  const cashierLogin = await call<LoginResult>('auth.login', { username: cashier.username, password: cashier.password });
  await call('users.create', { fullName: GESTOR.fullName, username: GESTOR.username, password: GESTOR.firstPassword, officeId: cashierLogin.user.officeId, role: 'gestor' }, admin);
  const first = (await call<LoginResult>('auth.login', { username: GESTOR.username, password: GESTOR.firstPassword })).token;
  await call('auth.changePassword', { currentPassword: GESTOR.firstPassword, newPassword: GESTOR.password }, first);
  // an account with at least two overdue invoices
  const accounts = await call<{ id: number; balance: number }[]>('accounts.search', { query: '1000', limit: 50 }, admin);
  for (const a of accounts.filter((x) => x.balance > 0)) {
    const c = await call<AgreementCandidates>('agreements.candidates', { accountId: a.id }, admin);
    if (c.debts.filter((d) => d.overdue && d.kind === 'invoice').length >= 2) {
      candidates = c;
      break;
    }
  }
  expect(candidates, 'una cuenta de la demostración con dos facturas vencidas').toBeDefined();
  officeId = cashierLogin.user.officeId;
});

test.afterAll(() => {
  stopHost();
  fs.rmSync(CLOCK_FILE, { force: true });
});

test('la gestora simula y firma un acuerdo por teléfono, el acta sale certificada, la caja cobra la cuota inicial y la cuenta lo muestra activo', async ({ browser }) => {
  // 120 s passed at the end of the story on this machine at load 20–30 (two cores shared by eight): the cap, not the time
  test.setTimeout(180_000);
  const overdue = candidates.debts.filter((d) => d.overdue);
  const debtTotal = overdue.reduce((s, d) => s + d.balance, 0);
  const down = Math.ceil((debtTotal * 2_000) / 10_000); // 20 %, rounded up to the peso as shared/agreementSchedule downPaymentFor does

  // the gestor: the account page → «Acuerdo de pago»
  const page = await newPage(browser);
  await login(page, GESTOR);
  await page.goto(`${URL}#/cuentas/${candidates.accountId}`);
  await page.getByTestId('account-agreements').getByTestId('agreement-new').click();
  await expect(page.getByRole('heading', { name: `Acuerdo de pago · cuenta ${candidates.accountNumber}` })).toBeVisible();
  // the overdue debts come chosen; 20 % down, 4 installments, by phone
  await expect(page.getByTestId('agreement-fig-debt')).toHaveText(money(debtTotal));
  await page.getByTestId('agreement-percent').fill('20');
  await page.getByTestId('agreement-installments').fill('4');
  await page.getByTestId('agreement-channel').click();
  await page.getByRole('option', { name: 'Por teléfono' }).click();
  await page.getByTestId('agreement-signer-id').fill('52123456');
  await expect(page.getByTestId('agreement-fig-down')).toHaveText(money(down));
  await expect(page.getByRole('table', { name: 'Cuotas' }).getByRole('row')).toHaveCount(5);
  await expect(page.getByTestId('agreement-totals')).toContainText(`Capital: ${money(debtTotal - down)}`);
  await expectPrimaryActionInView(page, page.getByTestId('agreement-save'));
  await shot(page, 'agreements-01-simulador');

  // a refusal in Spanish before saving: more installments than the policy allows
  await page.getByTestId('agreement-installments').fill('9');
  await expect(page.getByTestId('agreement-refusal')).toHaveText('La política permite hasta 6 cuotas; pidió 9.');
  await expect(page.getByTestId('agreement-save')).toBeDisabled();
  await page.getByTestId('agreement-installments').fill('4');
  await expect(page.getByTestId('agreement-refusal')).toHaveCount(0);

  // Enter submits; the confirmation says what will happen
  await page.getByTestId('agreement-signer-id').press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Firmar el acuerdo de pago' });
  await expect(confirm).toContainText(`Financiar ${money(debtTotal)} de la cuenta ${candidates.accountNumber}: cuota inicial de ${money(down)}`);
  if (await page.getByTestId('agreement-needs-approval').isVisible()) {
    await confirm.getByLabel('Usuario del coordinador').fill(coordinator.username);
    await confirm.getByLabel('Contraseña del coordinador').fill(coordinator.password);
  }
  await confirm.getByRole('button', { name: 'Firmar acuerdo' }).click();

  // the agreement page: waiting for its down payment; the acta by certified mail
  await expect(page.getByTestId('agreement-state')).toHaveText('Pendiente de cuota inicial');
  const number = ((await page.getByTestId('agreement-number').textContent()) ?? '').replace('Acuerdo ', '');
  expect(number).toMatch(/^AP-\d{4}-000001$/);
  await expect(page.getByTestId('agreement-waiting')).toContainText(money(down));
  await page.getByTestId('agreement-mail').click();
  await page.getByRole('dialog', { name: 'Enviar el acta por correo certificado' }).getByRole('button', { name: 'Radicar y enviar' }).click();
  await expect(page.getByTestId('agreement-mailed')).toContainText(/Acta enviada por correo certificado: radicado de salida \d{4}-\w+-S-\d{6}/);
  await expect(page.getByTestId('agreement-history')).toContainText('Acta enviada por correo certificado, radicado de salida');
  await shot(page, 'agreements-02-acuerdo-pendiente');
  await page.context().close();

  // the next business day of the office: the door's clock moves ahead, the cashier opens the till as every morning
  const { date: nextDay } = await call<{ date: string }>('calendar.addBusinessDays', { officeId, from: candidates.today, days: 1 }, admin);
  setClock(CLOCK_FILE, (Date.parse(nextDay) - Date.parse(candidates.today)));
  // yesterday's sessions have ended: the administrator logs in again on the new day
  await expect
    .poll(async () => {
      admin = (await call<LoginResult>('auth.login', { username: adminPerson.username, password: adminPerson.password })).token;
      return (await call<AgreementCandidates>('agreements.candidates', { accountId: candidates.accountId }, admin)).today;
    })
    .toBe(nextDay);
  const cashierToken = (await call<LoginResult>('auth.login', { username: cashier.username, password: cashier.password })).token;
  const tillRow = (await call<Till[]>('tills.list', {}, admin)).find((x) => x.officeId === officeId && x.active)!;
  await call('cashier.open', { tillId: tillRow.id, count: [{ kind: 'billete', value: 50_000, quantity: 4 }] }, cashierToken);

  // the cashier: the account at the till, the down payment as one of its debts
  const till = await newPage(browser);
  await login(till, cashier);
  await till.goto(`${URL}#/caja/cobrar/${candidates.accountId}`);
  // the financed invoices are shown but held: out of "Debe" and "Todo el saldo" until the down payment activates the agreement
  const counter = await call<{ totalDue: number; heldByAgreement: { total: number } | null }>('cashier.account', { accountId: candidates.accountId }, cashierToken);
  expect(counter.heldByAgreement?.total).toBe(debtTotal);
  await expect(till.getByTestId('pay-held')).toHaveText(`En acuerdo ${number}, cuota inicial pendiente: ${money(debtTotal)}`);
  await expect(till.getByRole('radio', { name: `Todo el saldo: ${money(counter.totalDue)}` })).toBeVisible();
  for (const d of overdue.filter((x) => x.kind === 'invoice')) await expect(till.getByRole('checkbox', { name: `Pagar la factura ${d.label.replace('Factura ', '')}` })).toBeDisabled();
  await till.getByRole('checkbox', { name: `Pagar el cobro Cuota inicial acuerdo ${number}` }).check();
  await expect(till.getByTestId('agreement-new')).toBeVisible();
  await shot(till, 'agreements-03-caja-cuota-inicial');
  await till.getByRole('textbox', { name: 'Efectivo recibido' }).pressSequentially(String(down), { delay: 5 });
  await till.keyboard.press('F9');
  const pay = till.getByRole('dialog', { name: 'Aplicar pago' });
  await expect(pay).toContainText(`Aplicar pago de ${money(down)} a la cuenta ${candidates.accountNumber}`);
  await till.keyboard.press('Enter');
  await expect(till.getByTestId('receipt-number')).toBeVisible();
  // the till's day and the agreement's activation are the next business day, by the door's clock
  expect((await call<{ businessDate: string }>('cashier.current', {}, cashierToken)).businessDate).toBe(nextDay);
  const agreements = await call<{ number: string; activatedOn: string | null }[]>('agreements.ofAccount', { accountId: candidates.accountId }, cashierToken);
  expect(agreements.find((a) => a.number === number)?.activatedOn).toBe(nextDay);

  // the account page: the agreement active, its invoices paid by it
  await till.goto(`${URL}#/cuentas/${candidates.accountId}`);
  const card = till.getByTestId('account-agreements');
  await expect(card.getByTestId(`account-agreement-${number}`).getByTestId('agreement-state')).toHaveText('Activo');
  const account = await call<AccountDetail>('accounts.get', { accountId: candidates.accountId }, (await call<LoginResult>('auth.login', { username: cashier.username, password: cashier.password })).token);
  const paidByAgreement = account.invoiceHistory.filter((i) => overdue.some((d) => d.kind === 'invoice' && d.id === i.id));
  expect(paidByAgreement.map((i) => i.balance)).toEqual(paidByAgreement.map(() => 0));
  const history = till.getByRole('table', { name: 'Historial de facturas' });
  for (const i of paidByAgreement) await expect(history.getByRole('row').filter({ hasText: i.number })).toContainText(`Pagada por acuerdo ${number}`);
  await history.getByRole('row').filter({ hasText: paidByAgreement[0].number }).scrollIntoViewIfNeeded();
  await shot(till, 'agreements-04b-facturas-pagadas-por-acuerdo');
  await card.scrollIntoViewIfNeeded();
  await shot(till, 'agreements-04-cuenta-activo');
  await card.getByTestId(`account-agreement-${number}`).click();
  await expect(till.getByTestId('agreement-state')).toHaveText('Activo');
  await expect(till.getByTestId('agreement-line-1')).toContainText('Por pagar');
  await shot(till, 'agreements-05-acuerdo-activo');

  // the coordinator's report: by state, office and month, from the menu
  await till.getByRole('button', { name: 'Salir', exact: true }).click();
  await login(till, coordinator);
  await till.getByRole('navigation').getByRole('button', { name: 'Acuerdos de pago', exact: true }).click();
  await expect(till.getByTestId(`agreement-row-${number}`)).toContainText('Activo');
  await expect(till.getByRole('table', { name: 'Por estado' })).toContainText(money(debtTotal));
  await shot(till, 'agreements-06-informe');
  expect(problems).toEqual([]);
});
