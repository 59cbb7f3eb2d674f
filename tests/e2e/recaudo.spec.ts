/**
 * The coordinator's recaudo (bank files, unidentified payments, report, paz y salvo), on their own demonstration database: a real Asobancaria 2001 file
 * from a bank is checked, applied, its payments land in "Pagos por identificar"; one is assigned to
 * an account (the account's debt or credit changes), another returned; the same file again is
 * refused, a copy with a wrong control total is rejected naming the line; the collection report
 * shows the bank payment and downloads as CSV. An account with debt is refused a paz y salvo, one
 * without gets it (PDF) and its code checks out as valid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { COLLECTIONS_URL, shot, VIEWPORT, loadDemoData } from './story';

test.describe.configure({ mode: 'serial' });

/** the team folder sits beside the repository, here and in CI */
const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/asobancaria-2001');
const JULY_FILE = path.join(FIXTURES, '11JULIO.TXT');
/** 11JULIO.TXT: 17 payments of Banco Agrario (040) collected on 11/07/2024, $ 300.000 in all */
const ASSIGNED = { reference: '1056455', amount: 67_000, line: 11 };
const RETURNED = { reference: '1053227', amount: 1_000 };

let page: Page;
const problems: string[] = [];
let account = { id: 0, number: '', debt: 0, credit: 0 };
let indebtedNumber = '';
let paidUpNumber = '';

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: COLLECTIONS_URL,
    viewport: VIEWPORT,
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
});

test.afterAll(async () => {
  await page.context().close();
});

/** "$ 1.234.567" → 1234567 (COP has no decimals) */
function pesos(text: string | null): number {
  return Number((text ?? '').replace(/[^\d-]/g, ''));
}

function cop(amount: number): string {
  return `$ ${amount.toLocaleString('de-DE')}`;
}

async function openNav(name: string) {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

async function figure(label: string): Promise<number> {
  const card = page.locator('.mantine-Card-root').filter({ has: page.getByText(label, { exact: true }) });
  return pesos(await card.locator('p').nth(1).textContent());
}

async function openAccount(number: string) {
  await openNav('Cuentas');
  await page.getByRole('textbox', { name: 'Número de cuenta, cédula o NIT, nombre, dirección o medidor' }).fill(number);
  await page.getByRole('table', { name: 'Resultados de la búsqueda' }).getByRole('cell', { name: number, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Cuenta ${number}` })).toBeVisible();
}

async function uploadBankFile(file: string) {
  await openNav('Archivos de bancos');
  await expect(page.getByRole('heading', { name: 'Archivos de bancos' })).toBeVisible();
  await page.getByLabel('Elegir archivo del banco').setInputFiles(file);
}

test('el coordinador entra a los datos de demostración y elige una cuenta', async () => {
  await page.goto(COLLECTIONS_URL);
  await loadDemoData(page);
  const coordinator = page.getByRole('row').filter({ hasText: 'Coordinador' });
  const username = (await coordinator.getByRole('cell').nth(2).textContent()) ?? '';
  const password = (await coordinator.getByRole('cell').nth(3).textContent()) ?? '';
  await page.getByRole('button', { name: 'Ya los anoté: ir al ingreso' }).click();
  await page.getByLabel('Usuario').fill(username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toBeVisible();

  // the coordinator lands on the approvals inbox; the accounts are one click away
  await expect(page.getByRole('heading', { name: 'Aprobaciones' })).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: 'Cuentas', exact: true }).click();
  // accounts with and without debt: a bank payment goes to the first, paz y salvo is asked for the others
  await page.getByRole('textbox', { name: 'Número de cuenta, cédula o NIT, nombre, dirección o medidor' }).fill('a');
  const rows = page.getByRole('table', { name: 'Resultados de la búsqueda' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const noDebt = page.getByRole('cell', { name: '$ 0', exact: true });
  const number = async (row: Locator) => ((await row.getByRole('cell').first().textContent()) ?? '').trim();
  indebtedNumber = await number(rows.filter({ hasNot: noDebt }).nth(1));
  paidUpNumber = await number(rows.filter({ has: noDebt }).first());
  expect(indebtedNumber).not.toBe('');
  expect(paidUpNumber).not.toBe('');
  await rows.filter({ hasNot: noDebt }).first().click();
  const heading = page.getByRole('heading', { name: /^Cuenta / });
  await expect(heading).toBeVisible();
  account = {
    id: Number(/\/cuentas\/(\d+)/.exec(page.url())?.[1]),
    number: ((await heading.textContent()) ?? '').replace('Cuenta ', '').trim(),
    debt: await figure('Deuda total'),
    credit: await figure('Saldo a favor'),
  };
  expect(account.debt).toBeGreaterThan(0);
});

test('el archivo real del banco se revisa, se resume y se aplica', async () => {
  await uploadBankFile(JULY_FILE);
  await expect(page.getByText('Archivo 11JULIO.TXT')).toBeVisible();
  await expect(page.getByTestId('bank-total')).toHaveText('$ 300.000');
  await expect(page.getByTestId('bank-records')).toHaveText('17');
  await expect(page.getByTestId('bank-date')).toHaveText('11/07/2024');
  // the references are another company's: every payment goes to "por identificar"
  await expect(page.getByTestId('bank-unidentified')).toHaveText('17');
  await expect(page.getByTestId('bank-matched')).toHaveText('0');
  await shot(page, 'recaudo-01-resumen');

  await page.getByRole('button', { name: 'Aplicar pagos' }).click();
  const confirm = page.getByRole('dialog', { name: 'Aplicar archivo del banco' });
  await expect(confirm.getByTestId('bank-confirm')).toHaveText(/^Aplicar 17 pagos por \$ 300\.000 del .+ del 11\/07\/2024$/);
  await confirm.getByRole('button', { name: 'Aplicar', exact: true }).click();
  await expect(page.getByText('Archivo 11JULIO.TXT aplicado')).toBeVisible();
  const imported = page.getByRole('table', { name: 'Archivos importados' });
  await expect(imported.getByRole('row').filter({ hasText: '11JULIO.TXT' })).toContainText('$ 300.000');
  await shot(page, 'recaudo-02-aplicado');
});

test('un pago por identificar se asigna a una cuenta y otro se devuelve', async () => {
  await openNav('Pagos por identificar');
  await expect(page.getByTestId('unidentified-total')).toHaveText('17 pendiente(s) por $ 300.000');
  const queue = page.getByRole('table', { name: 'Pagos por identificar' });

  const assigned = queue.getByRole('row').filter({ hasText: ASSIGNED.reference });
  await expect(assigned).toContainText(cop(ASSIGNED.amount));
  await assigned.getByRole('button', { name: 'Asignar a cuenta' }).click();
  const search = page.getByRole('dialog', { name: 'Asignar pago a una cuenta' });
  await search.getByLabel('Cuenta').fill(account.number);
  await search.getByRole('button', { name: `Elegir la cuenta ${account.number}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar asignación' });
  await expect(confirm.getByTestId('assign-confirm')).toContainText(`Asignar el pago de ${cop(ASSIGNED.amount)} a la cuenta ${account.number}`);
  await shot(page, 'recaudo-03-asignar');
  await confirm.getByRole('button', { name: 'Asignar', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('unidentified-total')).toHaveText(`16 pendiente(s) por ${cop(300_000 - ASSIGNED.amount)}`);

  const returned = queue.getByRole('row').filter({ hasText: RETURNED.reference });
  await returned.getByRole('button', { name: 'Devolver' }).click();
  const back = page.getByRole('dialog', { name: 'Devolver pago al banco' });
  // the reason is required: nothing happens without it
  await back.getByRole('button', { name: 'Marcar como devuelto' }).click();
  await expect(back.getByRole('alert')).toContainText('Escriba el motivo de la devolución');
  await back.getByLabel('Motivo de la devolución').fill('El pagador no es cliente de la empresa');
  await back.getByRole('button', { name: 'Marcar como devuelto' }).click();
  await expect(back).toBeHidden();
  const remaining = 300_000 - ASSIGNED.amount - RETURNED.amount;
  await expect(page.getByTestId('unidentified-total')).toHaveText(`15 pendiente(s) por ${cop(remaining)}`);

  await page.getByText('Todos', { exact: true }).click();
  await expect(queue.getByRole('row').filter({ hasText: ASSIGNED.reference })).toContainText(`cuenta ${account.number}`);
  await expect(queue.getByRole('row').filter({ hasText: RETURNED.reference })).toContainText('Devuelto');
  await shot(page, 'recaudo-04-por-identificar');

  // the account got the money: oldest debt first, the rest as credit
  await page.goto(`${COLLECTIONS_URL}#/cuentas/${account.id}`);
  await expect(page.getByRole('heading', { name: `Cuenta ${account.number}` })).toBeVisible();
  const paidDebt = Math.min(account.debt, ASSIGNED.amount);
  await expect.poll(() => figure('Deuda total')).toBe(account.debt - paidDebt);
  await expect.poll(() => figure('Saldo a favor')).toBe(account.credit + ASSIGNED.amount - paidDebt);
});

test('el mismo archivo otra vez se rechaza, y una copia con un total de control cambiado también', async () => {
  await uploadBankFile(JULY_FILE);
  await expect(page.getByRole('alert').filter({ hasText: 'Este archivo ya fue importado' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Aplicar pagos' })).toBeDisabled();
  await page.getByRole('button', { name: 'Cancelar' }).click();

  // the file control (record 09, line 21) says $ 300.100 while its payments add up to $ 300.000
  const original = fs.readFileSync(JULY_FILE, 'latin1');
  const lines = original.split('\r\n');
  expect(lines[20].startsWith('09000000017000000000030000000')).toBe(true);
  lines[20] = lines[20].replace('09000000017000000000030000000', '09000000017000000000030010000');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-bank-'));
  const broken = path.join(dir, '11JULIO-ALTERADO.TXT');
  fs.writeFileSync(broken, lines.join('\r\n'), 'latin1');
  try {
    await uploadBankFile(broken);
    const problem = page.getByTestId('bank-problem');
    await expect(problem).toBeVisible();
    await expect(problem).toContainText('Línea 21');
    await expect(page.getByRole('alert').filter({ hasText: 'El archivo 11JULIO-ALTERADO.TXT fue rechazado' })).toBeVisible();
    await shot(page, 'recaudo-05-rechazado');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // nothing more was imported
  await expect(page.getByRole('table', { name: 'Archivos importados' }).getByRole('row')).toHaveCount(2);
});

test('el informe de recaudo muestra el pago del banco y se descarga en CSV', async () => {
  await openNav('Informe de recaudo');
  await page.getByLabel('Desde').fill('01/07/2024');
  await page.getByRole('button', { name: 'Consultar' }).click();
  await expect(page.getByTestId('total-banco')).toHaveText(cop(ASSIGNED.amount));
  const table = page.getByRole('table', { name: 'Informe de recaudo' });
  await expect(table.getByRole('row').filter({ hasText: 'Banco (archivo)' })).toContainText(cop(ASSIGNED.amount));
  await shot(page, 'recaudo-06-informe');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(String(ASSIGNED.amount));
});

test('paz y salvo: se niega con deuda, se expide sin ella y su código se verifica', async () => {
  await openAccount(indebtedNumber);
  await page.getByRole('button', { name: 'Paz y salvo', exact: true }).click();
  let dialog = page.getByRole('dialog', { name: 'Expedir paz y salvo' });
  await expect(dialog).toContainText(`Expedir paz y salvo de la cuenta ${indebtedNumber}`);
  await dialog.getByRole('button', { name: 'Expedir', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('deuda');
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(page.getByTestId('pys-issued')).toHaveCount(0);

  await openAccount(paidUpNumber);
  await page.getByRole('button', { name: 'Paz y salvo', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Expedir paz y salvo' });
  const [pdf] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Expedir', exact: true }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-');
  const issued = page.getByTestId('pys-issued');
  await expect(issued).toContainText(/Paz y salvo PYS-\d{4}-\d+ expedido/);
  await shot(page, 'recaudo-07-paz-y-salvo');
  const code = ((await page.getByTestId('pys-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-Z0-9-]{6,}$/);

  await openNav('Verificar paz y salvo');
  await page.getByLabel('Código de verificación').fill(code);
  await page.keyboard.press('Enter');
  const result = page.getByTestId('pys-result');
  await expect(result).toHaveAttribute('data-status', 'vigente');
  await expect(result).toContainText(paidUpNumber);
  await page.getByLabel('Código de verificación').fill('NO-EXISTE-123');
  await page.keyboard.press('Enter');
  await expect(result).toHaveAttribute('data-status', 'desconocido');
  expect(problems).toEqual([]);
});
