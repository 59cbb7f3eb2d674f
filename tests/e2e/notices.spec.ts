/**
 * Avisos y cobros end to end, on its own demonstration database (NOTICES_PORT): the coordinator looks
 * for the accounts with two or more unpaid periods, generates their suspension notices (the PDF
 * downloads: one numbered letter per account), records the delivery of one, and sees it on the
 * account screen. The administrator edits a template: an unknown placeholder is named and refused,
 * and the live preview is the letter drawn by PDF.js.
 *
 * The spec starts its own web door (tests/e2e/start-host.ts on NOTICES_PORT),
 * serving the renderer built in E2E_NOTICES_CWD/out/web (the repository's out/web by default).
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { DemoCredentials, NoticeRow } from '../../shared/contract';
import { pdfPageCount, pdfTextFlat } from '../helpers/pdf';
import { NOTICES_PORT, apiCall, companyYear, shot, urlOf, VIEWPORT } from './story';

const URL = urlOf(NOTICES_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(NOTICES_PORT, name, args, token);

test.describe.configure({ mode: 'serial' });

let page: Page;
const problems: string[] = [];
type Person = DemoCredentials['users'][number];
const people: Record<'coordinador' | 'administrador', Person> = {} as Record<'coordinador' | 'administrador', Person>;
let generated = 0;
let firstNumber = '';
let coordinatorToken = '';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 80 });
  people.coordinador = demo.users.find((u) => u.role === 'coordinador')!;
  people.administrador = demo.users.find((u) => u.role === 'administrador')!;
  coordinatorToken = (await call<{ token: string }>('auth.login', { username: people.coordinador.username, password: people.coordinador.password })).token;
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
});

async function login(who: keyof typeof people) {
  await page.getByLabel('Usuario').fill(people[who].username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(people[who].password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(people[who].fullName);
}

test('el coordinador genera avisos de suspensión para las cuentas con dos o más periodos sin pagar', async () => {
  await login('coordinador');
  await page.getByRole('navigation').getByRole('button', { name: 'Avisos y cobros', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Avisos y cobros' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Periodos vencidos (mínimo)' })).toHaveValue('2');
  await page.getByRole('button', { name: 'Buscar cuentas' }).click();
  await expect(page.getByText(/cuentas con deuda cumplen los criterios/)).toBeVisible();

  // every listed account has at least two unpaid periods, and all the eligible ones come chosen
  const table = page.getByRole('table', { name: 'Generar' });
  const rows = table.getByRole('row').filter({ has: page.getByRole('checkbox') });
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) expect(Number(await rows.nth(i).getByRole('cell').nth(5).textContent())).toBeGreaterThanOrEqual(2);
  const generateButton = page.getByRole('button', { name: /^Generar \d+ avisos$/ });
  generated = Number(/\d+/.exec((await generateButton.textContent()) ?? '')?.[0]);
  expect(generated).toBeGreaterThan(0);
  await shot(page, 'notices-preview');

  await generateButton.click();
  const dialog = page.getByRole('dialog', { name: 'Generar avisos' });
  await expect(dialog).toContainText(`Se generarán ${generated} avisos numerados (Aviso de suspensión)`);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Generar', exact: true }).click();
  const download = await downloading;
  const pdf = fs.readFileSync(await download.path());
  const year = companyYear();
  firstNumber = `AS-${year}-000001`;
  expect(download.suggestedFilename()).toBe(`avisos-${firstNumber}.pdf`);
  expect(pdfPageCount(pdf)).toBe(generated);
  const text = pdfTextFlat(pdf);
  expect(text).toContain(firstNumber);
  expect(text).toContain(`AS-${year}-${String(generated).padStart(6, '0')}`);
  expect(text).toContain('Aviso de suspensión del servicio');
  await expect(page.getByText(`Se generaron ${generated} avisos, del ${firstNumber}`)).toBeVisible();
});

test('registra la entrega de un aviso y se ve en la cuenta', async () => {
  // after generating, the tracking tab shows the round
  const row = page.getByTestId(`notice-${firstNumber}`);
  await expect(row).toContainText('Generado');
  await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Registrar entrega (1)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Registrar entrega' });
  await expect(dialog).toContainText(firstNumber);
  await dialog.getByRole('textbox', { name: 'Entregado por' }).fill('Jorge Mensajero');
  await dialog.getByRole('combobox', { name: 'Cómo' }).click();
  await page.getByRole('option', { name: 'Fijado en el predio' }).click();
  await dialog.getByRole('textbox', { name: 'Quién recibió u observación' }).fill('Nadie en el predio: fijado en la puerta');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Entregado');
  await expect(row).toContainText('Fijado en el predio · Jorge Mensajero');
  await shot(page, 'notices-tracking');

  const [notice] = await call<NoticeRow[]>('notices.list', { text: firstNumber }, coordinatorToken);
  await page.goto(`${URL}#/cuentas/${notice.accountId}`);
  await expect(page.getByRole('heading', { name: `Cuenta ${notice.accountNumber}` })).toBeVisible();
  const card = page.getByTestId('account-notices');
  await expect(card).toContainText(firstNumber);
  await expect(card).toContainText('Aviso de suspensión');
  await expect(card).toContainText('Entregado');
  await expect(card).toContainText('Fijado en el predio · Jorge Mensajero');
  await shot(page, 'notices-account');
});

test('el administrador edita una plantilla: el marcador desconocido se nombra y la vista previa es un PDF', async () => {
  await page.getByRole('banner').getByRole('button', { name: 'Salir' }).click();
  await login('administrador');
  await page.getByRole('navigation').getByRole('button', { name: 'Plantillas de cartas', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Plantillas de cartas' })).toBeVisible();
  const body = page.getByRole('textbox', { name: /^Texto/ });
  await expect(body).toHaveValue(/\{\{periodos\}\}/);
  // the preview is the letter drawn by PDF.js in the page (no frame): its pages and its words
  const preview = page.getByRole('document', { name: 'Vista previa' });
  await expect(preview).toHaveAttribute('data-pages', /^[1-9]/, { timeout: 30_000 });
  await expect(preview.getByRole('img', { name: /^Página 1 de \d+$/ })).toBeVisible();
  await expect(preview).toContainText('Señor(a)');

  // a click on a placeholder inserts it at the cursor
  await body.click();
  await body.press('Control+End');
  await page.getByRole('button', { name: /^\{\{dias_mora\}\}/ }).click();
  await expect(body).toHaveValue(/\{\{dias_mora\}\}$/);

  await body.press('Control+End');
  await body.pressSequentially(' {{radicado}}');
  await expect(page.getByRole('status').filter({ hasText: 'Marcadores que este tipo no conoce: {{radicado}}' })).toBeVisible();
  await page.getByRole('button', { name: 'Guardar plantilla' }).click();
  await expect(page.getByText(/no conoce: \{\{radicado\}\}\./)).toBeVisible();
  await shot(page, 'letter-templates');

  const templates = await call<{ body: string }[]>('letters.templates', { kind: 'aviso_suspension' }, coordinatorToken);
  expect(templates[0].body).not.toContain('{{radicado}}');
});

test('sin errores en la consola', () => {
  expect(problems).toEqual([]);
});
