/**
 * Caja menor end to end, on its own demonstration database (PETTY_CASH_PORT): the coordinator sets up the
 * fund with two rubros and the auxiliar as custodian; the custodian records three expenses with
 * their supports (a PNG and PDFs made here), one refused above the maximum first, and spending
 * passes 70 % with the red alert; the custodian gives an advance and settles it with the invoice
 * and the change, records a fare without its receipt (flagged until the file is attached), then
 * asks for the reimbursement (the report downloads); the coordinator approves it returning the fare
 * with a reason, and the available cash is restored on screen; the coordinator counts the box with
 * a faltante and the acta downloads; with a till session open the coordinator moves $ 100.000 from
 * the till to the fund; the coordinator changes the maximum per expense and, at year end, legalises
 * the fund (the faltante explained): it shows legalised and read-only. The custodian is told the
 * arqueo is not theirs.
 *
 * The spec starts its own web door (tests/e2e/start-host.ts on PETTY_CASH_PORT)
 * unless one already answers there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import type { DemoCredentials } from '../../shared/contract';
import { nitCheckDigit } from '../../shared/nit';
import { pdfTextFlat } from '../helpers/pdf';
import { PETTY_CASH_PORT, apiCall, shot, tinyPdf, tinyPng, urlOf, VIEWPORT } from './story';

const URL = urlOf(PETTY_CASH_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(PETTY_CASH_PORT, name, args, token);

test.describe.configure({ mode: 'serial' });

let page: Page;
let dir = '';
const problems: string[] = [];
type Person = DemoCredentials['users'][number];
const people: Record<'coordinador' | 'auxiliar', Person> = {} as Record<'coordinador' | 'auxiliar', Person>;

const NIT_BASE = '900654321';
const NIT = `${NIT_BASE}-${nitCheckDigit(NIT_BASE)}`;
const WRONG_NIT = `${NIT_BASE}-${(nitCheckDigit(NIT_BASE) + 1) % 10}`;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 10 });
  people.coordinador = demo.users.find((u) => u.role === 'coordinador')!;
  people.auxiliar = demo.users.find((u) => u.role === 'auxiliar')!;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-petty-e2e-'));
  fs.writeFileSync(path.join(dir, 'factura-papeleria.png'), tinyPng());
  fs.writeFileSync(path.join(dir, 'recibo-taxi.pdf'), tinyPdf('Recibo taxi'));
  fs.writeFileSync(path.join(dir, 'factura-toner.pdf'), tinyPdf('Factura toner'));
  const context = await browser.newContext({ baseURL: URL, viewport: VIEWPORT, locale: 'es-CO', timezoneId: 'America/Bogota', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(URL);
});

test.afterAll(async () => {
  await page?.context().close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function login(who: keyof typeof people) {
  await page.getByLabel('Usuario').fill(people[who].username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(people[who].password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(people[who].fullName);
}

async function switchTo(who: keyof typeof people) {
  await page.getByRole('banner').getByRole('button', { name: 'Salir' }).click();
  await expect(page.getByLabel('Usuario')).toBeVisible();
  await login(who);
}

async function openPettyCash() {
  await page.getByRole('navigation').getByRole('button', { name: 'Caja menor', exact: true }).click();
}

/** the PDF's text; with SHOTS_DIR set the file is kept there too, to look at it */
async function pdfOf(download: Download): Promise<string> {
  const file = await download.path();
  if (process.env.SHOTS_DIR) fs.copyFileSync(file, path.join(process.env.SHOTS_DIR, `caja-menor-${download.suggestedFilename()}`));
  return pdfTextFlat(fs.readFileSync(file));
}

test('el coordinador constituye la caja menor con dos rubros y la auxiliar como custodia', async () => {
  await login('coordinador');
  await openPettyCash();
  const form = page.getByRole('form', { name: 'Constituir la caja menor' });
  await expect(form).toBeVisible();
  await form.getByLabel('Número de la resolución').fill('045 de 2026');
  await form.getByRole('textbox', { name: 'Monto del fondo' }).fill('800000');
  await form.getByRole('combobox', { name: 'Custodio (responsable)' }).click();
  await page.getByRole('option', { name: people.auxiliar.fullName }).click();
  await form.getByRole('textbox', { name: 'Máximo por gasto' }).fill('300000');
  await form.getByLabel('Código del rubro 1').fill('PAP');
  await form.getByLabel('Nombre del rubro 1').fill('Papelería y útiles');
  await form.getByRole('textbox', { name: 'Límite del rubro 1' }).fill('500000');
  await form.getByRole('button', { name: 'Agregar rubro' }).click();
  await form.getByLabel('Código del rubro 2').fill('TRA');
  await form.getByLabel('Nombre del rubro 2').fill('Transporte urbano');
  await form.getByRole('textbox', { name: 'Límite del rubro 2' }).fill('300000');
  await shot(page, 'caja-menor-01-constituir');
  await form.getByRole('button', { name: 'Constituir la caja menor' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar la caja menor' });
  await expect(confirm.getByTestId('petty-setup-confirm')).toContainText(`por $ 800.000 con ${people.auxiliar.fullName} como custodio`);
  await confirm.getByRole('button', { name: 'Constituir la caja menor' }).click();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 800.000');
  await expect(page.getByTestId('petty-line-PAP')).toContainText('$ 500.000');
  await expect(page.getByTestId('petty-line-TRA')).toContainText('$ 300.000');
  // the coordinator is not the custodian: no expense button for them
  await expect(page.getByRole('button', { name: 'Registrar gasto' })).toHaveCount(0);
});

/** fills the expense form; the payee id may be typed wrong first to see the check digit refused */
async function fillExpense(e: { idType: string; id: string; name: string; concept: string; line: string; amount: string; support?: string }) {
  const dialog = page.getByRole('dialog', { name: 'Comprobante de egreso' });
  await expect(dialog).toBeVisible();
  if (e.idType !== 'NIT') {
    await dialog.getByRole('combobox', { name: 'Tipo de documento' }).click();
    await page.getByRole('option', { name: e.idType }).click();
  }
  await dialog.getByLabel('Número de documento').fill(e.id);
  await dialog.getByLabel('Beneficiario (nombre o razón social)').fill(e.name);
  await dialog.getByLabel('Concepto').fill(e.concept);
  await dialog.getByRole('combobox', { name: 'Rubro' }).click();
  await page.getByRole('option', { name: e.line }).click();
  await dialog.getByRole('textbox', { name: 'Valor' }).fill(e.amount);
  if (e.support) {
    await dialog.locator('input[type=file]').setInputFiles(path.join(dir, e.support));
    await expect(dialog.getByTestId('support-name')).toHaveText(e.support);
  }
  return dialog;
}

/** Enter on the form, confirm, and the voucher PDF downloads with the payee's name */
async function saveExpense(dialog: ReturnType<Page['getByRole']>, amountText: string, payee: string): Promise<string> {
  await dialog.getByLabel('Concepto').press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Confirmar el comprobante' });
  await expect(confirm.getByTestId('petty-expense-confirm')).toHaveText(`Registrar un gasto de ${amountText} a ${payee}`);
  const [voucher] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Registrar comprobante' }).click()]);
  expect(voucher.suggestedFilename()).toMatch(/\.pdf$/i);
  const text = await pdfOf(voucher);
  expect(text).toContain(payee);
  await expect(confirm).toBeHidden();
  return text;
}

test('la custodia registra tres gastos con soporte; el que supera el máximo se rechaza; pasa el 70 % y sale la alerta', async () => {
  await switchTo('auxiliar');
  await openPettyCash();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 800.000');
  await expect(page.getByTestId('petty-threshold-alert')).toHaveCount(0);

  // 1. a NIT with the wrong check digit is caught while typing; above the maximum is refused with the reason
  await page.getByRole('button', { name: 'Registrar gasto' }).click();
  let dialog = await fillExpense({ idType: 'NIT', id: WRONG_NIT, name: 'Papelería El Sol S.A.S.', concept: 'Resmas de papel carta', line: 'PAP · Papelería y útiles', amount: '350000' });
  await expect(dialog.getByText(`El dígito de verificación no corresponde: para ese NIT es ${nitCheckDigit(NIT_BASE)}`)).toBeVisible();
  await dialog.getByLabel('Número de documento').fill(NIT);
  await expect(dialog.getByText(`NIT válido: ${NIT}`)).toBeVisible();
  await dialog.getByLabel('Concepto').press('Enter');
  await expect(dialog.getByTestId('petty-expense-refusal')).toContainText('máximo');
  await shot(page, 'caja-menor-02-rechazo');

  // the same expense within the maximum, with the photo of the invoice
  await dialog.getByRole('textbox', { name: 'Valor' }).fill('250000');
  await dialog.locator('input[type=file]').setInputFiles(path.join(dir, 'factura-papeleria.png'));
  await expect(dialog.getByTestId('support-name')).toHaveText('factura-papeleria.png');
  await saveExpense(dialog, '$ 250.000', 'Papelería El Sol S.A.S.');

  // 2. a taxi paid to a person with a cédula, with the PDF receipt
  await page.getByRole('button', { name: 'Registrar gasto' }).click();
  dialog = await fillExpense({ idType: 'Cédula de ciudadanía', id: '1049612345', name: 'Luis Alberto Forero', concept: 'Traslado de correspondencia a la alcaldía', line: 'TRA · Transporte urbano', amount: '250000', support: 'recibo-taxi.pdf' });
  await saveExpense(dialog, '$ 250.000', 'Luis Alberto Forero');

  // 3. the same stationer again the same day: the split-purchase warning comes with the confirmation
  await page.getByRole('button', { name: 'Registrar gasto' }).click();
  dialog = await fillExpense({ idType: 'NIT', id: NIT, name: 'Papelería El Sol S.A.S.', concept: 'Tóner para la impresora', line: 'PAP · Papelería y útiles', amount: '150000', support: 'factura-toner.pdf' });
  await dialog.getByLabel('Concepto').press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Confirmar el comprobante' });
  await expect(confirm.getByTestId('petty-expense-warning').first()).toBeVisible();
  await shot(page, 'caja-menor-03-fraccionamiento');
  const [voucher] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Registrar comprobante' }).click()]);
  expect(await pdfOf(voucher)).toContain('Papelería El Sol');

  // 650.000 of 800.000: past 70 %, the red alert and the figures
  await expect(page.getByTestId('petty-available')).toHaveText('$ 150.000');
  await expect(page.getByTestId('petty-threshold-alert')).toContainText('Se superó el 70 %: solicite el reembolso');
  await expect(page.getByTestId('petty-used')).toHaveText('81,3 %');
  await expect(page.getByTestId('petty-line-PAP')).toContainText('$ 400.000');
  await expect(page.getByTestId('petty-line-TRA')).toContainText('$ 250.000');
  await expect(page.getByTestId('petty-pending-support')).toHaveText('0 comprobante(s) sin soporte');
  await shot(page, 'caja-menor-04-resumen-alerta');

  // the custodian does not count their own box
  await page.getByRole('tab', { name: 'Arqueo' }).click();
  await expect(page.getByText('Usted es el custodio de este fondo')).toBeVisible();
});

test('la custodia entrega un anticipo y lo legaliza con la factura; un gasto sin soporte queda marcado hasta adjuntarlo', async () => {
  await page.getByRole('tab', { name: 'Anticipos' }).click();
  await page.getByRole('button', { name: 'Entregar anticipo' }).click();
  const give = page.getByRole('dialog', { name: 'Entregar anticipo' });
  await give.getByLabel('Número de documento').fill('79845123');
  await give.getByLabel('Beneficiario (nombre o razón social)').fill('Pedro Nel Gómez');
  await give.getByLabel('Concepto').fill('Bombillos para la sala de atención');
  await give.getByRole('combobox', { name: 'Rubro' }).click();
  await page.getByRole('option', { name: 'PAP · Papelería y útiles' }).click();
  await give.getByRole('textbox', { name: 'Valor' }).fill('60000');
  await give.getByLabel('Concepto').press('Enter');
  const confirmGive = page.getByRole('dialog', { name: 'Entregar anticipo' }).filter({ hasText: 'Entregar un anticipo de $ 60.000 a Pedro Nel Gómez' });
  const [advanceVoucher] = await Promise.all([page.waitForEvent('download'), confirmGive.getByRole('button', { name: 'Entregar anticipo' }).click()]);
  expect(await pdfOf(advanceVoucher)).toContain('Pedro Nel Gómez');
  const advances = page.getByRole('table', { name: 'Anticipos' });
  await expect(advances).toContainText('Abierto hace 0 día(s)');
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 90.000');
  await expect(page.getByTestId('petty-open-advances')).toHaveText('1 anticipo(s) abierto(s)');

  await page.getByRole('tab', { name: 'Anticipos' }).click();
  await advances.getByRole('button', { name: 'Legalizar anticipo' }).click();
  const settle = page.getByRole('dialog', { name: /^Legalizar el anticipo / });
  await settle.getByRole('textbox', { name: 'Valor de la factura' }).fill('45000');
  await expect(settle.getByTestId('petty-advance-returned')).toHaveText('Cambio que se devuelve a la caja: $ 15.000');
  await settle.locator('input[type=file]').setInputFiles(path.join(dir, 'factura-papeleria.png'));
  await settle.getByRole('button', { name: 'Legalizar anticipo' }).click();
  const confirmSettle = page.getByRole('dialog', { name: 'Legalizar anticipo' });
  await expect(confirmSettle).toContainText('con una factura de $ 45.000; se devuelven $ 15.000');
  const [settledVoucher] = await Promise.all([page.waitForEvent('download'), confirmSettle.getByRole('button', { name: 'Legalizar anticipo' }).click()]);
  expect(await pdfOf(settledVoucher)).toContain('Pedro Nel Gómez');
  await expect(advances).toContainText('Legalizado');
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 105.000');
  await expect(page.getByTestId('petty-open-advances')).toHaveText('0 anticipo(s) abierto(s)');

  // a bus fare without its receipt yet: saved pending support, flagged, the file attached afterwards
  await page.getByRole('button', { name: 'Registrar gasto' }).click();
  const dialog = await fillExpense({ idType: 'Cédula de ciudadanía', id: '1049612345', name: 'Luis Alberto Forero', concept: 'Buseta a la planta de tratamiento', line: 'TRA · Transporte urbano', amount: '20000' });
  await expect(dialog.getByText('Sin soporte el comprobante queda «pendiente de soporte»')).toBeVisible();
  await dialog.getByLabel('Concepto').press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Confirmar el comprobante' });
  await expect(confirm).toContainText('Sin soporte: quedará pendiente de soporte.');
  await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Registrar comprobante' }).click()]);
  await expect(page.getByTestId('petty-pending-support')).toHaveText('1 comprobante(s) sin soporte');
  await page.getByRole('tab', { name: 'Reembolso' }).click();
  await expect(page.getByText(/1 comprobante\(s\) sin soporte no pueden entrar todavía/)).toBeVisible();
  await page.getByRole('tab', { name: 'Comprobantes' }).click();
  const row = page.getByRole('table', { name: 'Comprobantes' }).getByRole('row').filter({ hasText: 'Buseta a la planta' });
  await expect(row).toContainText('Pendiente de soporte');
  await row.getByRole('button', { name: 'Adjuntar soporte' }).click();
  const attach = page.getByRole('dialog', { name: /^Adjuntar el soporte de / });
  await attach.locator('input[type=file]').setInputFiles(path.join(dir, 'recibo-taxi.pdf'));
  await attach.getByRole('button', { name: 'Adjuntar soporte' }).click();
  await expect(row).toContainText('Registrado');
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 85.000');
  await expect(page.getByTestId('petty-pending-support')).toHaveText('0 comprobante(s) sin soporte');
});

test('la custodia solicita el reembolso y la relación de gastos se descarga', async () => {
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await page.getByRole('button', { name: 'Solicitar reembolso' }).click();
  const candidates = page.getByRole('table', { name: 'Comprobantes por reembolsar' });
  await expect(candidates.getByRole('checkbox', { checked: true })).toHaveCount(6); // five vouchers and "all"
  await expect(page.getByTestId('petty-reimbursement-total')).toHaveText('5 comprobante(s) por $ 715.000');
  await shot(page, 'caja-menor-05-reembolso');
  await page.getByRole('button', { name: 'Solicitar reembolso' }).click();
  const confirm = page.getByRole('dialog', { name: 'Solicitar reembolso' });
  await expect(confirm.getByTestId('petty-request-confirm')).toHaveText('Solicitar el reembolso de 5 comprobante(s) por $ 715.000');
  const [report] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Solicitar reembolso' }).click()]);
  const text = await pdfOf(report);
  expect(text).toContain('715.000');
  expect(text).toContain('Luis Alberto Forero');
  expect(text).toContain('Pedro Nel Gómez');
  await expect(page.getByText(/El reembolso RE-.* espera la aprobación del coordinador/)).toBeVisible();
});

test('el coordinador aprueba el reembolso devolviendo un comprobante con su motivo; el disponible se repone', async () => {
  await switchTo('coordinador');
  await openPettyCash();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 85.000');
  await page.getByRole('button', { name: 'Revisar el reembolso de $ 715.000' }).click();
  const decide = page.getByTestId('petty-decide');
  await expect(decide.getByRole('table', { name: 'Comprobantes del reembolso' }).getByRole('row')).toHaveCount(6);
  // the bus fare goes back: approving without its reason is stopped on the spot
  await decide.getByRole('checkbox', { name: 'Devolver el comprobante CM-CEN-2026-0005' }).check();
  await decide.getByRole('button', { name: 'Aprobar el reembolso' }).click();
  await expect(decide.getByRole('alert')).toHaveText('Escriba el motivo de cada comprobante devuelto');
  await decide.getByRole('textbox', { name: 'Motivo de la devolución de CM-CEN-2026-0005' }).fill('El recibo no dice el nombre del pasajero');
  await decide.getByRole('button', { name: 'Aprobar el reembolso' }).click();
  const confirm = page.getByRole('dialog', { name: 'Aprobar el reembolso' });
  await expect(confirm.getByTestId('petty-decide-confirm')).toContainText('reponer $ 695.000 al fondo');
  await expect(confirm).toContainText('1 comprobante(s) se devuelven al custodio con su motivo.');
  await confirm.getByRole('button', { name: 'Aprobar el reembolso' }).click();
  const history = page.getByRole('table', { name: 'Reembolsos' });
  await expect(history).toContainText('Aprobado');
  await expect(history).toContainText('$ 695.000');
  await page.getByRole('tab', { name: 'Comprobantes' }).click();
  const returned = page.getByRole('table', { name: 'Comprobantes' }).getByRole('row').filter({ hasText: 'Buseta a la planta' });
  await expect(returned).toContainText('Devuelto: El recibo no dice el nombre del pasajero');
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 780.000');
  await expect(page.getByTestId('petty-threshold-alert')).toHaveCount(0);
});

test('el coordinador hace un arqueo con faltante y el acta se descarga', async () => {
  await page.getByRole('tab', { name: 'Arqueo' }).click();
  await page.getByRole('textbox', { name: 'Cantidad: Billete de $ 50.000' }).fill('15');
  // the returned voucher is still in the box
  await expect(page.getByText('Según el sistema: $ 20.000')).toBeVisible();
  await page.getByRole('textbox', { name: 'Comprobantes en la caja (sin reembolsar)' }).fill('20000');
  await page.getByRole('textbox', { name: 'Recibos de anticipos' }).fill('0');
  await expect(page.getByTestId('petty-arqueo-expected')).toHaveText('$ 800.000');
  await expect(page.getByTestId('petty-arqueo-counted')).toHaveText('$ 770.000');
  await expect(page.getByTestId('petty-arqueo-difference')).toHaveText('FALTANTE $ 30.000');
  await shot(page, 'caja-menor-06-arqueo');
  await page.getByRole('button', { name: 'Registrar arqueo' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar el arqueo' });
  await expect(confirm.getByTestId('petty-arqueo-confirm')).toHaveText('Contado $ 770.000 contra $ 800.000 que debe haber');
  const [acta] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Registrar arqueo' }).click()]);
  const text = await pdfOf(acta);
  expect(text.toUpperCase()).toContain('FALTANTE');
  expect(text).toContain('30.000');
  await expect(page.getByRole('table', { name: 'Arqueos' })).toContainText('FALTANTE $ 30.000');
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await expect(page.getByText(/Último arqueo: .* por /)).toContainText(people.coordinador.fullName);
  await expect(page.getByTestId('petty-last-arqueo-difference')).toHaveText('FALTANTE $ 30.000');
  await shot(page, 'caja-menor-07-resumen');
});

test('el coordinador, con su turno de caja abierto, traslada $ 100.000 de la caja a la caja menor', async () => {
  // the coordinator opens a till session (as at the counter) with a float of $ 200.000
  const login = await call<{ token: string }>('auth.login', { username: people.coordinador.username, password: people.coordinador.password });
  const tills = await call<{ id: number; officeId: number; active: boolean }[]>('tills.list', {}, login.token);
  await call('cashier.open', { tillId: tills.find((x) => x.active)!.id, count: [{ kind: 'billete', value: 50000, quantity: 4 }] }, login.token);

  await page.getByRole('tab', { name: 'Traslados con caja' }).click();
  await expect(page.getByText('Sin traslados.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Valor' }).fill('100000');
  await page.getByRole('textbox', { name: 'Nota' }).fill('Refuerzo de la caja menor');
  await page.getByRole('button', { name: 'Trasladar', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Trasladar' });
  await expect(confirm).toContainText('Trasladar $ 100.000 de la');
  await confirm.getByRole('button', { name: 'Trasladar', exact: true }).click();
  const list = page.getByRole('table', { name: 'Traslados' });
  await expect(list).toContainText('De la caja a la caja menor');
  await expect(list).toContainText('$ 100.000');
  await page.getByRole('tab', { name: 'Resumen' }).click();
  await expect(page.getByTestId('petty-available')).toHaveText('$ 880.000');
});

test('el coordinador cambia las reglas y legaliza la caja menor explicando el faltante; queda legalizada y de solo lectura', async () => {
  await page.getByRole('button', { name: 'Reglas del fondo' }).click();
  const rules = page.getByRole('dialog', { name: 'Reglas de la caja menor' });
  await rules.getByRole('textbox', { name: 'Máximo por gasto' }).fill('200000');
  await rules.getByRole('button', { name: 'Guardar' }).click();
  await expect(rules).toBeHidden();
  await expect(page.getByText('Máximo por gasto: $ 200.000')).toBeVisible();

  await page.getByRole('tab', { name: 'Legalización' }).click();
  await expect(page.getByTestId('petty-legalize-available')).toHaveText('$ 880.000');
  await expect(page.getByText('Los comprobantes sin reembolsar ($ 20.000) quedan legalizados en el informe final.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Efectivo devuelto' }).fill('850000');
  await expect(page.getByText('Se devuelve $ 30.000 menos de lo que debe haber')).toBeVisible();
  await page.getByRole('button', { name: 'Legalizar y cerrar el fondo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Explique la diferencia en la observación' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Observación' }).fill('Faltante del arqueo: la custodia lo repone por nómina');
  await page.getByRole('button', { name: 'Legalizar y cerrar el fondo' }).click();
  const confirm = page.getByRole('dialog', { name: 'Legalizar y cerrar el fondo' });
  await expect(confirm.getByTestId('petty-legalize-confirm')).toHaveText('Legalizar la caja menor 2026 devolviendo $ 850.000');
  const [report] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Legalizar y cerrar el fondo' }).click()]);
  expect(await pdfOf(report)).toContain('850.000');
  const closed = page.getByTestId('petty-legalised');
  await expect(closed).toContainText('Legalizada');
  await expect(closed.getByRole('button', { name: 'Informe final' })).toBeVisible();
  await expect(closed.getByRole('table', { name: 'Comprobantes' })).toContainText('CM-');
  await expect(page.getByRole('button', { name: 'Registrar gasto' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Adjuntar soporte' })).toHaveCount(0);
  await shot(page, 'caja-menor-08-legalizada');

  // the custodian finds no open fund, and the closed one read-only
  await switchTo('auxiliar');
  await openPettyCash();
  await expect(page.getByTestId('petty-no-fund')).toHaveText(/No hay caja menor abierta en esta oficina/);
  await expect(page.getByTestId('petty-legalised')).toContainText('Legalizada');
  await expect(page.getByRole('button', { name: 'Registrar gasto' })).toHaveCount(0);
  expect(problems).toEqual([]);
});
