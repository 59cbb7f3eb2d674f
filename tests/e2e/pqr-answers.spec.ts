/**
 * A reclamo from the counter to its notification, on its own demonstration database (PQR_ANSWERS_PORT):
 * the auxiliar files it with a PDF attached (sticker downloads); the coordinator assigns it to the
 * auxiliar; the auxiliar drafts the answer from the template (live preview, PDF with BORRADOR);
 * the coordinator returns it once with a reason, then approves it (the letter downloads with its
 * radicado de salida, shown on the screen); the citación's own due date shows; the petitioner accepted
 * electronic notification: its sending leaves the notification pending (no recurso window yet), and
 * the certified access (date, time, evidence) completes it and opens the recurso window; the PQR closes. A reposición y en subsidio
 * apelación filed against the answer (its radicado de salida typed + Enter) links both ways, is
 * not granted and goes to the SSPD, whose decision is recorded. Then a letter de salida with its own radicado, its delivery
 * record and its annulment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { pdfTextFlat } from '../helpers/pdf';
import { PQR_ANSWERS_PORT, shot, tinyPdf, urlOf, VIEWPORT, loadDemoData } from './story';

const URL = urlOf(PQR_ANSWERS_PORT);

test.describe.configure({ mode: 'serial' });

let page: Page;
const problems: string[] = [];
const people = {
  auxiliar: { username: '', password: '', fullName: '' },
  coordinador: { username: '', password: '', fullName: '' },
};
let radicado = '';
let outgoing = '';
let petitioner = '';
let attachmentFile = '';

test.beforeAll(async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-pqr-answers-e2e-'));
  attachmentFile = path.join(dir, 'carta-reclamo.pdf');
  fs.writeFileSync(attachmentFile, tinyPdf('Carta reclamo'));
  const context = await browser.newContext({
    baseURL: URL,
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

/** a Mantine select: open it, click the option */
async function choose(label: string, option: string | RegExp, within: Page | ReturnType<Page['getByRole']> = page) {
  await within.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** opens the PQR from the search box of the tray (typed radicado + Enter) */
async function openPqr() {
  await openNav('PQR y correspondencia');
  const search = page.getByRole('textbox', { name: 'Buscar' });
  await search.fill(radicado);
  await search.press('Enter');
  await expect(page.getByTestId('pqr-detail-radicado')).toHaveText(radicado);
}

async function pdfOf(download: import('@playwright/test').Download): Promise<string> {
  expect(download.suggestedFilename()).toMatch(/\.pdf$/i);
  return pdfTextFlat(fs.readFileSync(await download.path()));
}

test('se cargan los datos de demostración y el auxiliar radica un reclamo con un adjunto', async () => {
  await page.goto(URL);
  await loadDemoData(page);
  for (const [who, role] of [
    ['auxiliar', 'Auxiliar comercial'],
    ['coordinador', 'Coordinador de oficina'],
  ] as const) {
    const cells = page.getByRole('row').filter({ hasText: role }).getByRole('cell');
    people[who] = {
      fullName: ((await cells.nth(0).textContent()) ?? '').trim(),
      username: ((await cells.nth(2).textContent()) ?? '').trim(),
      password: ((await cells.nth(3).textContent()) ?? '').trim(),
    };
  }
  await page.getByRole('button', { name: 'Ya los anoté: ir al ingreso' }).click();
  await login('auxiliar');

  await openNav('Radicar');
  const main = page.getByRole('main');
  await choose('Tipo', /^Reclamo — \d+ días hábiles/);
  await choose('Causal (SUI)', /^F-\d{3} /);
  await main.getByLabel('Asunto').fill('Cobro excesivo en la factura');
  await main.getByLabel('Texto de la solicitud').fill('El consumo facturado no corresponde a la lectura del medidor. Solicito revisión.');
  await main.getByRole('textbox', { name: 'Cuenta', exact: true }).fill('a');
  await main.getByRole('button', { name: /^Elegir la cuenta / }).first().click();
  await expect(main.getByTestId('pqr-account')).toBeVisible();
  await expect(main.getByLabel('Nombre')).not.toHaveValue('');
  petitioner = await main.getByLabel('Nombre').inputValue();
  // the petitioner accepts electronic notification, at this address
  await main.getByRole('textbox', { name: 'Correo electrónico' }).fill('usuario.reclamo@correo.com.co');
  await main.getByLabel('Acepta notificación electrónica').check();
  // a reclamo is Ley 142: the rule of the terms table says so beside the type
  await expect(main.getByTestId('pqr-type-rule')).toContainText('no admite la prórroga');
  await page.locator('input[type=file]').setInputFiles(attachmentFile);
  await expect(main.getByRole('table', { name: 'Archivos adjuntos' })).toContainText('carta-reclamo.pdf');

  await main.getByRole('button', { name: 'Radicar', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar radicación' });
  await expect(confirm.getByTestId('pqr-file-confirm')).toHaveText(`Radicar reclamo de ${petitioner}`);
  const [sticker] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Radicar', exact: true }).click()]);
  radicado = ((await page.getByTestId('pqr-radicado').textContent()) ?? '').trim();
  expect(radicado).toMatch(/^\d{4}-/);
  expect(await pdfOf(sticker)).toContain(radicado);
});

test('el coordinador se la asigna al auxiliar; aún no hay respuesta que aprobar ni notificar', async () => {
  await switchTo('coordinador');
  await openPqr();
  await expect(page.getByTestId('pqr-answer-badge')).toHaveText('Sin respuesta');
  // no approve without a draft, no notification before approval
  await expect(page.getByRole('button', { name: 'Aprobar respuesta' })).toHaveCount(0);
  await expect(page.getByTestId('pqr-notification')).toHaveCount(0);
  await page.getByRole('button', { name: 'Asignar', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Asignar ${radicado}` });
  await dialog.getByRole('combobox', { name: 'Asignar a' }).click();
  await page.getByRole('option', { name: new RegExp(people.auxiliar.fullName) }).click();
  await dialog.getByRole('button', { name: 'Asignar', exact: true }).click();
  await expect(page.getByTestId('pqr-detail-assigned')).toHaveText(`Asignada a ${people.auxiliar.fullName}`);
});

test('el auxiliar redacta la respuesta desde la plantilla y la vista previa dice BORRADOR', async () => {
  await switchTo('auxiliar');
  await openPqr();
  // an auxiliar never sees the coordinator's acts
  await page.getByRole('button', { name: 'Redactar respuesta' }).click();
  const dialog = page.getByRole('dialog', { name: `Respuesta a ${radicado}` });
  await choose('Decisión', 'Accede parcialmente', dialog);
  await dialog.getByLabel('Motivación de la decisión').fill('Se verificó la lectura en terreno: el medidor marca 120 m³ y no 180 m³. Se reliquida el periodo.');
  const preview = dialog.getByTestId('pqr-answer-preview');
  await expect(preview).toContainText('el medidor marca 120 m³');
  await expect(preview).toContainText('accede parcialmente');
  await expect(preview).toContainText(radicado);
  await shot(page, 'pqr-answers-01-borrador');
  await dialog.getByRole('button', { name: 'Guardar para aprobación' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('pqr-answer-badge')).toHaveText('Respuesta en borrador');
  await expect(page.getByRole('button', { name: 'Aprobar respuesta' })).toHaveCount(0);

  // the draft shows in the app (PDF.js), BORRADOR across it, and downloads from there
  await page.getByRole('button', { name: 'Vista previa (PDF)' }).click();
  const shown = page.getByRole('dialog', { name: `Borrador de la respuesta a ${radicado}` });
  const drawn = shown.getByRole('document', { name: `Borrador de la respuesta a ${radicado}` });
  await expect(drawn).toHaveAttribute('data-pages', /^[1-9]/, { timeout: 30_000 });
  await expect(drawn).toContainText('BORRADOR');
  await expect(drawn).toContainText(radicado);
  await shot(page, 'pqr-answers-01b-vista-previa');
  const [draft] = await Promise.all([page.waitForEvent('download'), shown.getByRole('button', { name: 'Descargar' }).click()]);
  await shown.getByRole('button', { name: 'Cerrar' }).last().click();
  await expect(shown).toHaveCount(0);
  const text = await pdfOf(draft);
  expect(text).toContain('BORRADOR');
  expect(text).toContain(radicado);
});

test('el coordinador la devuelve con motivo, el auxiliar la corrige y el coordinador la aprueba con su radicado de salida', async () => {
  await switchTo('coordinador');
  await openPqr();
  await page.getByRole('button', { name: 'Devolver', exact: true }).click();
  const back = page.getByRole('dialog', { name: `Devolver la respuesta a ${radicado}` });
  await back.getByLabel('Motivo de la devolución').fill('Indique el valor reliquidado.');
  await back.getByRole('button', { name: 'Devolver con motivo' }).click();
  await expect(page.getByTestId('pqr-answer-badge')).toHaveText('Respuesta devuelta con motivo');

  await switchTo('auxiliar');
  await openPqr();
  await expect(page.getByTestId('pqr-answer-returned')).toContainText('Indique el valor reliquidado.');
  await page.getByRole('button', { name: 'Corregir respuesta' }).click();
  const dialog = page.getByRole('dialog', { name: `Respuesta a ${radicado}` });
  await expect(dialog.getByLabel('Motivación de la decisión')).not.toHaveValue('');
  await dialog.getByLabel('Motivación de la decisión').fill('Se verificó la lectura en terreno: el medidor marca 120 m³ y no 180 m³. Se reliquida el periodo y se descuentan $ 85.400.');
  await dialog.getByRole('button', { name: 'Guardar para aprobación' }).click();
  await expect(page.getByTestId('pqr-answer-badge')).toHaveText('Respuesta en borrador');

  await switchTo('coordinador');
  await openPqr();
  await page.getByRole('button', { name: 'Aprobar respuesta' }).click();
  const approve = page.getByRole('dialog', { name: `Aprobar la respuesta a ${radicado}` });
  await expect(approve.getByTestId('pqr-act-sentence')).toContainText('Se asignará el radicado de salida y la respuesta quedará aprobada');
  await shot(page, 'pqr-answers-02-aprobar');
  const [letter] = await Promise.all([page.waitForEvent('download'), approve.getByRole('button', { name: 'Aprobar y radicar salida' }).click()]);
  outgoing = ((await page.getByTestId('pqr-answer-outgoing').textContent()) ?? '').trim();
  expect(outgoing).toMatch(/^\d{4}-.+/);
  expect(outgoing).not.toBe(radicado);
  await expect(page.getByTestId('pqr-answer-badge')).toHaveText(`Aprobada · ${outgoing}`);
  const text = await pdfOf(letter);
  expect(text).toContain(outgoing);
  expect(text).toContain(radicado);
  expect(text).toContain('$ 85.400');
  expect(text).not.toContain('BORRADOR');
  const history = page.getByTestId('pqr-history');
  await expect(history).toContainText(/devuelt/i);
  await expect(history).toContainText(/aprobad/i);
});

test('notificación electrónica: el envío la deja pendiente; el acceso certificado la completa y abre el plazo del recurso; la PQR se cierra', async () => {
  const notification = page.getByTestId('pqr-notification');
  await expect(notification).toContainText('Sin notificar');
  // approved today: the citación (or the electronic sending) within 5 business days
  await expect(notification.getByTestId('pqr-citacion-due')).toContainText(/Citación: enviarla a más tardar el \d{2}\/\d{2}\/\d{4}/);
  await expect(notification.getByTestId('pqr-citacion-due')).toContainText('Ley 1437 de 2011, art. 68');
  await notification.getByRole('button', { name: 'Registrar notificación' }).click();
  let dialog = page.getByRole('dialog', { name: `Notificación de ${radicado}` });
  await expect(dialog.getByRole('combobox', { name: 'Paso' })).toHaveValue('Electrónica');
  await expect(dialog.getByLabel('Correo electrónico')).toHaveValue('usuario.reclamo@correo.com.co');
  await expect(dialog.getByTestId('pqr-act-sentence')).toContainText('queda notificada cuando se certifique que el peticionario accedió al acto');
  await shot(page, 'pqr-answers-03-envio-electronico');
  const [sent] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Registrar Electrónica' }).click()]);
  expect(await pdfOf(sent)).toContain('Enviado a usuario.reclamo@correo.com.co');
  // sent, not notified: no recurso window yet
  await expect(notification.getByTestId('pqr-electronic-pending')).toContainText('pendiente del acceso');
  await expect(notification.getByTestId('pqr-electronic-alert')).toContainText('no corre el plazo del recurso');
  await expect(notification.getByTestId('pqr-recurso-deadline')).toHaveCount(0);
  await expect(notification.getByTestId('pqr-step-electronica')).toContainText('usuario.reclamo@correo.com.co');

  // the certified access: its date, time and evidence (required)
  await notification.getByRole('button', { name: 'Registrar notificación' }).click();
  dialog = page.getByRole('dialog', { name: `Notificación de ${radicado}` });
  await expect(dialog.getByRole('combobox', { name: 'Paso' })).toHaveValue('Acceso certificado');
  await expect(dialog.getByLabel('Hora del acceso')).toHaveValue(/^\d{2}:\d{2}$/);
  await expect(dialog.getByLabel('Evidencia del acceso')).toHaveAttribute('required');
  await dialog.getByLabel('Evidencia del acceso').fill('Acuse de lectura certificado No. 4-72-889911');
  await expect(dialog.getByTestId('pqr-act-sentence')).toContainText('La decisión queda notificada ese día');
  await shot(page, 'pqr-answers-04-acceso-certificado');
  const [constancia] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Registrar Acceso certificado' }).click()]);
  const text = await pdfOf(constancia);
  expect(text).toContain('Constancia de notificación electrónica');
  expect(text).toContain('Acuse de lectura certificado No. 4-72-889911');
  await expect(notification.getByTestId('pqr-notified-badge')).toContainText('Notificada (Electrónica) el');
  await expect(notification.getByTestId('pqr-recurso-deadline')).toContainText(/Plazo para presentar recurso: hasta el \d{2}\/\d{2}\/\d{4}/);
  await expect(notification.getByTestId('pqr-step-acceso')).toContainText('Acuse de lectura certificado No. 4-72-889911');
  await expect(notification.getByRole('button', { name: 'Registrar notificación' })).toHaveCount(0);

  await page.getByTestId('pqr-actions').getByRole('button', { name: 'Cerrar', exact: true }).click();
  const close = page.getByRole('dialog', { name: `Cerrar ${radicado}` });
  await close.getByLabel('Resultado').fill('Respondida y notificada electrónicamente.');
  await close.getByRole('button', { name: 'Cerrar PQR' }).click();
  await expect(page.getByTestId('pqr-state')).toHaveText('Cerrada');
  await page.mouse.move(0, 0);
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 10_000 });
  await shot(page, 'pqr-answers-05-detalle');
});

test('el coordinador descarga el Formato A del SUI del mes y la PQR está en él, respondida y notificada electrónicamente', async () => {
  await switchTo('coordinador');
  await openNav('Informes PQR y SUI');
  const now = new Date();
  const month = now.toLocaleDateString('es-CO', { month: 'long', year: 'numeric', timeZone: 'America/Bogota' });
  await choose('Mes', month);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar Formato A (CSV)' }).click();
  const csv = fs.readFileSync(await (await downloading).path(), 'utf8');
  const row = csv.split(/\r?\n/).find((line) => line.includes(radicado));
  expect(row, `el radicado ${radicado} en el Formato A`).toBeTruthy();
  const columns = (row ?? '').split(',');
  expect(columns).toHaveLength(16);
  expect(columns[3]).toBe(radicado);
  expect(columns[12]).toBe(outgoing);
  // the electronic notification is personal (1), dated the day of the access
  expect(columns[13]).toMatch(/^\d{2}-\d{2}-\d{4}$/);
  expect(columns[14]).toBe('1');
});

test('una reposición y en subsidio apelación contra la respuesta: se liga a ella, no se concede y va a la SSPD', async () => {
  await switchTo('auxiliar');
  await openNav('Radicar');
  const main = page.getByRole('main');
  await choose('Tipo', /^Reposición y en subsidio de apelación — /);
  // the radicado of the answered PQR, typed (or scanned) + Enter: it shows with its answer, its petitioner comes along
  const appeals = main.getByLabel('Radicado de la respuesta que se recurre');
  await appeals.fill(radicado);
  await appeals.press('Enter');
  await expect(main.getByTestId('pqr-appealed')).toContainText(radicado);
  await expect(main.getByTestId('pqr-appealed')).toContainText(`salida ${outgoing}`);
  await expect(main.getByLabel('Nombre')).toHaveValue(petitioner);
  await expect(main.getByLabel('Asunto')).toHaveValue(`Recurso contra la respuesta ${outgoing}`);
  await main.getByLabel('Texto de la solicitud').fill('No estoy de acuerdo con el valor reliquidado: pido que se descuente todo el periodo.');
  await shot(page, 'pqr-answers-06-recurso');
  await main.getByRole('button', { name: 'Radicar', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar radicación' });
  await expect(confirm.getByTestId('pqr-file-confirm-appeals')).toHaveText(`Contra la respuesta de ${radicado}`);
  await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Radicar', exact: true }).click()]);
  const recurso = ((await page.getByTestId('pqr-radicado').textContent()) ?? '').trim();
  expect(recurso).not.toBe(radicado);

  await switchTo('coordinador');
  await openNav('PQR y correspondencia');
  const search = page.getByRole('textbox', { name: 'Buscar' });
  await search.fill(recurso);
  await search.press('Enter');
  await expect(page.getByTestId('pqr-detail-radicado')).toHaveText(recurso);
  await expect(page.getByTestId('pqr-appeals-link')).toHaveText(radicado);
  await expect(page.getByTestId('pqr-extemporaneous')).toHaveCount(0);
  // no SSPD before the recurso itself is answered
  await expect(page.getByRole('button', { name: 'Remitir a la SSPD' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Redactar respuesta' }).click();
  const draft = page.getByRole('dialog', { name: `Respuesta a ${recurso}` });
  await choose('Decisión', 'Confirma', draft);
  await draft.getByLabel('Motivación de la decisión').fill('La lectura verificada en terreno sustenta el valor reliquidado.');
  await draft.getByRole('button', { name: 'Guardar para aprobación' }).click();
  await expect(page.getByTestId('pqr-answer-badge')).toHaveText('Respuesta en borrador');
  await page.getByRole('button', { name: 'Aprobar respuesta' }).click();
  await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('dialog', { name: `Aprobar la respuesta a ${recurso}` }).getByRole('button', { name: 'Aprobar y radicar salida' }).click(),
  ]);
  await expect(page.getByTestId('pqr-answer-badge')).toContainText('Aprobada · ');

  await page.getByRole('button', { name: 'Remitir a la SSPD' }).click();
  const sspd = page.getByRole('dialog', { name: `Remitir ${recurso} a la SSPD` });
  await expect(sspd.getByTestId('pqr-act-sentence')).toContainText('La reposición no se concedió (Confirma)');
  const [cover] = await Promise.all([page.waitForEvent('download'), sspd.getByRole('button', { name: 'Remitir a la SSPD' }).click()]);
  expect(await pdfOf(cover)).toContain(recurso);
  await expect(page.getByTestId('pqr-sspd')).toContainText('Expediente remitido a la SSPD el');
  await expect(page.getByRole('button', { name: 'Remitir a la SSPD' })).toHaveCount(0);
  await shot(page, 'pqr-answers-07-sspd');
  // the SSPD answers: the coordinator records its decision (a small form, with a confirmation)
  await page.getByRole('button', { name: 'Registrar la decisión de la SSPD' }).click();
  const decision = page.getByRole('dialog', { name: `Decisión de la SSPD sobre ${recurso}` });
  await decision.getByText('Modifica', { exact: true }).click();
  await expect(decision.getByTestId('pqr-act-sentence')).toContainText('modifica la decisión de la empresa');
  await decision.getByLabel('Número de la resolución de la SSPD').fill('SSPD-20268000012345');
  await shot(page, 'pqr-answers-07b-sspd-decision-form');
  await decision.getByRole('button', { name: 'Registrar la decisión' }).click();
  await expect(page.getByTestId('pqr-sspd-decision')).toContainText('Decisión de la SSPD: Modifica · resolución SSPD-20268000012345');
  await expect(page.getByRole('button', { name: 'Registrar la decisión de la SSPD' })).toHaveCount(0);
  await shot(page, 'pqr-answers-07c-sspd-decision');

  // the answered PQR lists the recurso filed against it
  await page.getByTestId('pqr-appeals-link').click();
  await expect(page.getByTestId('pqr-detail-radicado')).toHaveText(radicado);
  await expect(page.getByRole('table', { name: 'Recursos presentados contra esta respuesta' })).toContainText(recurso);
  // another recurso can start from here: the filing form comes with the radicado in place
  await page.getByRole('button', { name: 'Radicar recurso contra esta respuesta' }).click();
  await choose('Tipo', /^Recurso de reposición — /);
  await expect(page.getByRole('main').getByLabel('Radicado de la respuesta que se recurre')).toHaveValue(radicado);
  await expect(page.getByRole('main').getByTestId('pqr-appealed')).toContainText(radicado);
});

test('una carta de salida con su radicado, su entrega y su anulación', async () => {
  await openNav('Correspondencia');
  await page.getByRole('button', { name: 'Nueva comunicación' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nueva comunicación' });
  await dialog.getByLabel('Destinatario').fill('Alcaldía Municipal');
  await dialog.getByLabel('Asunto').fill('Programa de cortes por mantenimiento');
  await dialog.getByLabel('Texto').fill('Informamos el programa de cortes del sector norte para la próxima semana.');
  await dialog.getByRole('button', { name: 'Radicar y generar carta' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar radicación de salida' });
  await expect(confirm.getByTestId('corr-confirm')).toContainText('Alcaldía Municipal');
  const [letter] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Radicar', exact: true }).click()]);
  const item = page.getByTestId('corr-item');
  await expect(item).toBeVisible();
  const title = (await page.getByRole('dialog').filter({ has: item }).locator('.mantine-Modal-title').textContent()) ?? '';
  const letterRadicado = title.replace('Comunicación ', '').trim();
  expect(await pdfOf(letter)).toContain(letterRadicado);
  expect(letterRadicado).not.toBe(outgoing);

  await item.getByRole('button', { name: 'Registrar entrega' }).click();
  const delivery = page.getByRole('dialog', { name: `Entrega de ${letterRadicado}` });
  await delivery.getByLabel('Transportador o mensajero').fill('Servientrega');
  await delivery.getByLabel('Número de guía').fill('SV-99812');
  await delivery.getByRole('button', { name: 'Guardar entrega' }).click();
  await expect(page.getByTestId('corr-item')).toContainText('Servientrega · guía SV-99812');
  await shot(page, 'pqr-answers-08-carta');
  await page.keyboard.press('Escape');
  const row = page.getByTestId(`corr-row-${letterRadicado}`);
  await expect(row).toContainText('Enviada el');
  await shot(page, 'pqr-answers-09-correspondencia');

  await row.getByRole('button', { name: letterRadicado }).click();
  await page.getByTestId('corr-item').getByRole('button', { name: 'Anular' }).click();
  const annul = page.getByRole('dialog', { name: `Anular ${letterRadicado}` });
  await annul.getByLabel('Motivo de la anulación').fill('Radicada dos veces por error');
  await annul.getByLabel(`Escriba el radicado ${letterRadicado} para confirmar`).fill(letterRadicado);
  await annul.getByRole('button', { name: 'Anular radicado' }).click();
  await expect(page.getByTestId('corr-item')).toContainText('Radicada dos veces por error');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(`corr-row-${letterRadicado}`)).toContainText('Anulado');
  expect(problems).toEqual([]);
});
