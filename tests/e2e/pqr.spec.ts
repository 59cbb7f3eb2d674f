/**
 * A PQR at the counter, on its own demonstration database: the clerk (auxiliar) files a reclamo
 * about an account's invoice with a PDF attached; the sticker downloads and shows the radicado.
 * The coordinator finds it unassigned and assigns it to the clerk; the clerk sees it in "Mis PQR"
 * with its due date, pauses the term and resumes it; the coordinator opens it by its radicado and
 * closes it. A radicado typed wrongly is refused with a clear message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { pdfTextFlat } from '../helpers/pdf';
import { PQR_PORT, PQR_URL, apiCall, shot, tinyPdf, tinyPng, VIEWPORT, loadDemoData } from './story';

test.describe.configure({ mode: 'serial' });

let page: Page;
const problems: string[] = [];
const people = {
  auxiliar: { username: '', password: '', fullName: '' },
  coordinador: { username: '', password: '', fullName: '' },
  administrador: { username: '', password: '', fullName: '' },
};
let radicado = '';
let dueDate = '';
let attachmentFile = '';

test.beforeAll(async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-pqr-e2e-'));
  attachmentFile = path.join(dir, 'carta-reclamo.pdf');
  fs.writeFileSync(attachmentFile, tinyPdf('Carta reclamo'));
  const context = await browser.newContext({
    baseURL: PQR_URL,
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
  if (attachmentFile) fs.rmSync(path.dirname(attachmentFile), { recursive: true, force: true });
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

async function openNav(name: string) {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

/** a Mantine select: open it, optionally type, click the option */
async function choose(label: string, option: string | RegExp, typed?: string) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  if (typed !== undefined) await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

test('se cargan los datos de demostración y entra el auxiliar', async () => {
  await page.goto(PQR_URL);
  await loadDemoData(page);
  for (const [who, role] of [
    ['auxiliar', 'Auxiliar comercial'],
    ['coordinador', 'Coordinador de oficina'],
    ['administrador', 'Administrador'],
  ] as const) {
    const row = page.getByRole('row').filter({ hasText: role });
    const cells = row.getByRole('cell');
    people[who] = {
      fullName: ((await cells.nth(0).textContent()) ?? '').trim(),
      username: ((await cells.nth(2).textContent()) ?? '').trim(),
      password: ((await cells.nth(3).textContent()) ?? '').trim(),
    };
  }
  await page.getByRole('button', { name: 'Ya los anoté: ir al ingreso' }).click();
  await login('auxiliar');
});

test('el auxiliar radica un reclamo con un PDF adjunto y el sticker muestra el radicado', async () => {
  await openNav('Radicar');
  await expect(page.getByRole('heading', { name: 'Radicar', exact: true })).toBeVisible();
  const main = page.getByRole('main');

  // a reclamo needs its causal: the form says so before anything is sent
  await choose('Tipo', /^Reclamo — \d+ días hábiles/);
  await expect(main.getByRole('combobox', { name: 'Tipo', exact: true })).toHaveValue(/^Reclamo — 15 días hábiles \(Ley 142/);
  await main.getByLabel('Asunto').fill('Cobro excesivo en la factura');
  await main.getByLabel('Texto de la solicitud').fill('El consumo facturado no corresponde a la lectura del medidor. Solicito revisión.');
  await main.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(main.getByText('Elija la causal: este tipo se reporta al SUI con su causal')).toBeVisible();

  await choose('Causal (SUI)', /^F-\d{3} /);
  await main.getByRole('textbox', { name: 'Cuenta', exact: true }).fill('a');
  await main.getByRole('button', { name: /^Elegir la cuenta / }).first().click();
  const account = main.getByTestId('pqr-account');
  await expect(account).toBeVisible();
  const accountNumber = ((await account.getByText(/^Cuenta /).textContent()) ?? '').replace('Cuenta ', '').trim();
  await choose('Factura', /· periodo /);
  // the holder is the petitioner unless the clerk writes another name
  await expect(main.getByLabel('Nombre')).not.toHaveValue('');
  const petitioner = await main.getByLabel('Nombre').inputValue();

  // a program is refused at the counter, before anything is sent
  await page.locator('input[type=file]').setInputFiles({ name: 'factura.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00') });
  await expect(main.getByRole('alert').filter({ hasText: '«factura.exe» no se puede adjuntar' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles(attachmentFile);
  await expect(main.getByRole('table', { name: 'Archivos adjuntos' })).toContainText('carta-reclamo.pdf');
  await expect(main.getByRole('table', { name: 'Archivos adjuntos' })).toContainText('PDF');
  await shot(page, 'pqr-01-radicar');

  await main.getByRole('button', { name: 'Radicar', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar radicación' });
  await expect(confirm.getByTestId('pqr-file-confirm')).toHaveText(`Radicar reclamo de ${petitioner}`);
  await expect(confirm).toContainText(`Cuenta ${accountNumber}`);
  await expect(confirm).toContainText('1 archivo(s) adjunto(s)');
  const [sticker] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Radicar', exact: true }).click()]);

  radicado = ((await page.getByTestId('pqr-radicado').textContent()) ?? '').trim();
  expect(radicado).toMatch(/^\d{4}-/);
  const due = (await page.getByTestId('pqr-due').textContent()) ?? '';
  dueDate = /(\d{2}\/\d{2}\/\d{4})/.exec(due)?.[1] ?? '';
  expect(dueDate).not.toBe('');
  await shot(page, 'pqr-02-radicado');

  expect(sticker.suggestedFilename()).toMatch(/\.pdf$/i);
  const stickerText = pdfTextFlat(fs.readFileSync(await sticker.path()));
  expect(stickerText).toContain(radicado);

  // Esc: the next petitioner, on a clean form
  await page.keyboard.press('Escape');
  await expect(main.getByRole('combobox', { name: 'Tipo', exact: true })).toHaveValue('');
  await expect(main.getByLabel('Asunto')).toHaveValue('');
});

test('el coordinador la ve sin asignar y se la asigna al auxiliar', async () => {
  await switchTo('coordinador');
  await openNav('PQR y correspondencia');
  await page.getByRole('tab', { name: 'Sin asignar' }).click();
  const row = page.getByRole('table', { name: 'Sin asignar' }).getByTestId(`pqr-row-${radicado}`);
  await expect(row).toContainText('Reclamo');
  await expect(row).toContainText('A tiempo');
  await expect(row.getByTestId('pqr-due')).toHaveText(dueDate);
  await shot(page, 'pqr-03-sin-asignar');
  await row.getByRole('link', { name: radicado }).click();

  await expect(page.getByTestId('pqr-detail-radicado')).toHaveText(radicado);
  await page.getByRole('button', { name: 'Asignar', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Asignar ${radicado}` });
  await dialog.getByRole('combobox', { name: 'Asignar a' }).click();
  await page.getByRole('option', { name: new RegExp(people.auxiliar.fullName) }).click();
  await expect(dialog.getByTestId('pqr-act-sentence')).toHaveText(`Asignar ${radicado} a ${people.auxiliar.fullName}`);
  await dialog.getByRole('button', { name: 'Asignar', exact: true }).click();
  await expect(page.getByTestId('pqr-detail-assigned')).toHaveText(`Asignada a ${people.auxiliar.fullName}`);
  await expect(page.getByTestId('pqr-history')).toContainText(people.auxiliar.fullName);
  await shot(page, 'pqr-04-asignada');
});

test('el auxiliar la ve en «Mis PQR» con su vencimiento, suspende el término y lo reanuda', async () => {
  await switchTo('auxiliar');
  await openNav('PQR y correspondencia');
  const row = page.getByRole('table', { name: 'Mis PQR' }).getByTestId(`pqr-row-${radicado}`);
  await expect(row.getByTestId('pqr-due')).toHaveText(dueDate);
  await expect(row).toContainText('días hábiles');
  await row.click();

  await page.getByRole('button', { name: 'Suspender término' }).click();
  const pause = page.getByRole('dialog', { name: `Suspender el término de ${radicado}` });
  await pause.getByRole('combobox', { name: 'Motivo' }).click();
  await page.getByRole('option', { name: 'Práctica de pruebas' }).click();
  // the pause for pruebas cites the evidence ordered and says how many of its business days remain
  await expect(pause.getByTestId('pqr-pruebas-left')).toHaveText('Quedan 30 días hábiles de suspensión por pruebas.');
  await expect(pause.getByTestId('pqr-rule-pruebas')).toContainText('CPACA');
  await pause.getByLabel('Pruebas decretadas').fill('Visita técnica para revisar el medidor');
  await pause.getByLabel('Qué se pidió o qué pruebas se practican').fill('Se decreta la visita técnica');
  await pause.getByRole('button', { name: 'Suspender', exact: true }).click();
  await expect(page.getByTestId('pqr-pause-limit')).toContainText('Pruebas: Visita técnica para revisar el medidor. La suspensión no puede pasar del');
  await expect(page.getByTestId('pqr-state')).toHaveText('Suspendida');
  await expect(page.getByText('Término suspendido', { exact: true }).first()).toBeVisible();
  await shot(page, 'pqr-05-suspendida');

  await page.getByRole('button', { name: 'Reanudar', exact: true }).click();
  const resume = page.getByRole('dialog', { name: `Reanudar el término de ${radicado}` });
  await resume.getByRole('button', { name: 'Reanudar', exact: true }).click();
  await expect(page.getByTestId('pqr-state')).toHaveText('Asignada');

  // the petitioner brings one more paper: it is attached to the same radicado
  await page.locator('input[type=file]').setInputFiles({ name: 'foto-medidor.png', mimeType: 'image/png', buffer: tinyPng() });
  await page.getByRole('dialog', { name: `Agregar un adjunto a ${radicado}` }).getByRole('button', { name: 'Adjuntar', exact: true }).click();
  // the header, the PDF filed with it and the new photo (counting 2 passed while the upload was still on its way)
  const files = page.getByRole('table', { name: 'Archivos adjuntos' }).getByRole('row');
  await expect(files).toHaveCount(3);
  await expect(files.nth(2)).toContainText('foto-medidor.png');
  const history = page.getByTestId('pqr-history');
  await expect(history).toContainText(/suspendido/i);
  await expect(history).toContainText(/reanudado/i);
});

test('el coordinador abre la PQR por su radicado y la cierra; un radicado errado no existe', async () => {
  await switchTo('coordinador');
  await openNav('PQR y correspondencia');
  const search = page.getByRole('textbox', { name: 'Buscar' });
  // words of the text find it
  await search.fill('medidor');
  await search.press('Enter');
  await expect(page.getByTestId('pqr-search-count')).toHaveText('1 PQR encontrada');
  await expect(page.getByRole('table', { name: 'Resultados de la búsqueda' }).getByTestId(`pqr-row-${radicado}`)).toContainText('Asignada');

  await search.fill('2026-ZZZ-P-999999');
  await search.press('Enter');
  await expect(page.getByTestId('pqr-search-problem')).toHaveText('No existe el radicado 2026-ZZZ-P-999999. Revise el número.');

  await search.fill(radicado);
  await search.press('Enter');
  await expect(page.getByTestId('pqr-detail-radicado')).toHaveText(radicado);
  // the attachment comes back byte for byte
  const [copy] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar carta-reclamo.pdf' }).click()]);
  expect(fs.readFileSync(await copy.path()).equals(fs.readFileSync(attachmentFile))).toBe(true);

  await page.getByRole('button', { name: 'Cerrar', exact: true }).click();
  const close = page.getByRole('dialog', { name: `Cerrar ${radicado}` });
  await close.getByLabel('Resultado').fill('Se revisó la lectura y se reliquidó la factura.');
  await close.getByRole('button', { name: 'Cerrar PQR' }).click();
  await expect(page.getByTestId('pqr-state')).toHaveText('Cerrada');
  await expect(page.getByTestId('pqr-light')).toHaveText('Sin término');
  await expect(page.getByText('Se revisó la lectura y se reliquidó la factura.').first()).toBeVisible();
  await shot(page, 'pqr-06-cerrada');

  // the satisfaction survey about the closed PQR (CSAT), by phone: the administrator defined it
  const { token } = await apiCall<{ token: string }>(PQR_PORT, 'auth.login', { username: people.administrador.username, password: people.administrador.password });
  await apiCall(PQR_PORT, 'surveys.create', { name: 'Satisfacción con la respuesta a su PQR', use: 'pqr_cerrada', questions: [{ kind: 'escala', text: '¿Qué tan satisfecho quedó con la respuesta?', indicator: 'csat' }] }, token);
  await page.getByRole('button', { name: 'Encuesta de satisfacción' }).click();
  await expect(page.getByTestId('answer-survey')).toHaveText('Satisfacción con la respuesta a su PQR');
  await expect(page.getByTestId('answer-channel')).toHaveText('Por teléfono');
  await page.getByTestId('answer-q1').fill('9');
  await shot(page, 'pqr-07-encuesta-csat');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Respuesta registrada (Por teléfono)')).toBeVisible();
  await expect(page.getByTestId('pqr-detail-radicado')).toHaveText(radicado);
  expect(problems).toEqual([]);
});
