/**
 * Issue 12, on its own door and database (ATTACHMENTS_PORT): the web door takes at most 6 MB a
 * request, an attachment may have 25 MB. The clerk files a petición in the browser with a 9 MB
 * scanned PDF; it travels in chunks (attachments.begin/chunk) and arrives whole (same SHA-256).
 * The address bar loses the access key (?k=) as soon as the page reads it, and a reload still works.
 * On the same door, a clerk of the office who is not the custodian opens the petty cash's arqueo
 * tab: it says the arqueo is recorded by the office's coordinator (the back office refuses it to
 * other roles).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ATTACHMENTS_PORT, apiCall, shot, startOwnHost, tinyPdf, urlOf } from './story';

test.describe.configure({ mode: 'serial' });

const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(ATTACHMENTS_PORT, name, args, token);
const CLERK = { fullName: 'Lucía Fernanda Ortiz', username: 'lortiz', password: 'Auxiliar-2025-ok' };
const ADMIN = { fullName: 'Ana María Rojas', username: 'arojas', password: 'Admin-2025-ok' };

/** a scanned PDF of about 9 MB: a real one-page PDF with the weight of a high-resolution scan in a comment */
function bigScan(): Buffer {
  const pdf = tinyPdf('Derecho de petición escaneado');
  const header = pdf.indexOf('\n') + 1;
  return Buffer.concat([pdf.subarray(0, header), Buffer.from(`%${'0123456789abcdef'.repeat(9 * 65_536)}\n`, 'latin1'), pdf.subarray(header)]);
}

let page: Page;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-adjunto-'));
let stop: () => void = () => undefined;
let adminToken = '';
const problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  stop = await startOwnHost(ATTACHMENTS_PORT, {});
  await call('setup.initialize', {
    company: { name: 'Aguas del Valle de Tenza S.A. E.S.P.', nit: '900123456-8', gln: '7709998000018', country: 'CO', currency: 'COP', timeZone: 'America/Bogota' },
    office: { code: 'GAR', name: 'Oficina Garagoa', city: 'Garagoa', cityDane: '15299', address: 'Calle 10 # 9-45', phone: '6087500123', saturdayIsBusinessDay: false },
    admin: ADMIN,
  });
  adminToken = (await call<{ token: string }>('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
  // the administrator gives a first password; the clerk chooses their own
  await call('users.create', { fullName: CLERK.fullName, username: CLERK.username, officeId: 1, role: 'auxiliar', password: 'Inicial-2025' }, adminToken);
  const first = await call<{ token: string }>('auth.login', { username: CLERK.username, password: 'Inicial-2025' });
  await call('auth.changePassword', { currentPassword: 'Inicial-2025', newPassword: CLERK.password }, first.token);
  await call('auth.logout', {}, first.token);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'es-CO', timezoneId: 'America/Bogota' });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
});

test.afterAll(async () => {
  await page?.context().close();
  stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('la clave de acceso sale de la barra de direcciones al abrir, y recargar sigue funcionando', async () => {
  await page.goto(urlOf(ATTACHMENTS_PORT));
  await expect(page.getByLabel('Usuario')).toBeVisible();
  expect(page.url()).toBe(`http://127.0.0.1:${ATTACHMENTS_PORT}/`);
  await page.reload();
  await page.getByLabel('Usuario').fill(CLERK.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(CLERK.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(CLERK.fullName);
  expect(page.url()).not.toContain('k=');
});

test('el auxiliar radica una petición con un PDF de 9 MB: va por partes y llega entero', async () => {
  const scan = bigScan();
  expect(scan.length).toBeGreaterThan(9 * 1024 * 1024);
  await page.getByRole('navigation').getByRole('button', { name: 'Radicar', exact: true }).click();
  const main = page.getByRole('main');
  await main.getByRole('combobox', { name: 'Tipo', exact: true }).click();
  await page.getByRole('option', { name: /^Petición — / }).first().click();
  await main.getByLabel('Nombre').fill('Jorge Eliécer Martínez');
  await main.getByLabel('Asunto').fill('Copia del expediente de la conexión');
  await main.getByLabel('Texto de la solicitud').fill('Solicito copia del expediente; adjunto el escaneo de mi solicitud firmada.');
  // the browser reads the chosen file when the filing is confirmed: it stays on disk until the end
  const file = path.join(dir, 'solicitud-firmada.pdf');
  fs.writeFileSync(file, scan);
  await page.locator('input[type=file]').setInputFiles(file, { timeout: 60_000 });
  const table = main.getByRole('table', { name: 'Archivos adjuntos' });
  await expect(table).toContainText('solicitud-firmada.pdf');
  await expect(table).toContainText('9 MB');
  await shot(page, 'adjunto-grande-01-radicar');

  const sent: number[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) sent.push(request.postDataBuffer()?.length ?? 0);
  });
  await main.getByRole('button', { name: 'Radicar', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar radicación' });
  await expect(confirm).toContainText('1 archivo(s) adjunto(s)');
  const started = Date.now();
  // three chunks of at most 4 MB, then the filing: allow for a busy machine
  await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), confirm.getByRole('button', { name: 'Radicar', exact: true }).click()]);
  console.log(`[adjunto de ${(scan.length / 1024 / 1024).toFixed(1)} MB] enviado por partes y radicado en ${Date.now() - started} ms`);
  const radicado = ((await page.getByTestId('pqr-radicado').textContent()) ?? '').trim();
  expect(radicado).toMatch(/^\d{4}-GAR-P-\d{6}$/);
  await shot(page, 'adjunto-grande-02-radicado');
  // no request passed the door's 6 MB: the file went in chunks
  expect(Math.max(...sent)).toBeLessThan(6 * 1024 * 1024);
  expect(sent.filter((size) => size > 4 * 1024 * 1024).length).toBeGreaterThanOrEqual(2);

  // the same bytes are kept (SHA-256) and served back
  const found = await call<{ id: number; attachments: { id: number; fileName: string; size: number; sha256: string }[] }>('pqr.findByRadicado', { radicado }, adminToken);
  expect(found.attachments).toHaveLength(1);
  expect(found.attachments[0]).toMatchObject({ fileName: 'solicitud-firmada.pdf', size: scan.length, sha256: createHash('sha256').update(scan).digest('hex') });
  const served = await call<{ base64: string }>('pqr.attachment', { attachmentId: found.attachments[0].id }, adminToken);
  expect(Buffer.from(served.base64, 'base64').equals(scan)).toBe(true);
  expect(problems).toEqual([]);
});

test('otro auxiliar abre el arqueo de la caja menor: lo registra el coordinador de la oficina', async () => {
  const people = {
    coordinador: { fullName: 'Marta Lucía Vargas', username: 'mvargas', password: 'Coordina-2025-ok' },
    auxiliar: { fullName: 'Pedro Pablo Rincón', username: 'pprincon', password: 'Auxiliar-2025-dos' },
  };
  const tokens: Record<string, string> = {};
  for (const [role, who] of Object.entries(people)) {
    await call('users.create', { fullName: who.fullName, username: who.username, officeId: 1, role, password: 'Inicial-2025' }, adminToken);
    const first = await call<{ token: string }>('auth.login', { username: who.username, password: 'Inicial-2025' });
    await call('auth.changePassword', { currentPassword: 'Inicial-2025', newPassword: who.password }, first.token);
    tokens[role] = (await call<{ token: string }>('auth.login', { username: who.username, password: who.password })).token;
  }
  const clerk = await call<{ user: { id: number } }>('auth.login', { username: CLERK.username, password: CLERK.password });
  const year = new Date().getFullYear();
  await call(
    'pettyCash.openFund',
    {
      officeId: 1,
      year,
      resolutionNumber: '045',
      resolutionDate: `${year}-01-02`,
      amount: 1_000_000,
      custodianId: clerk.user.id,
      maxPerExpense: 200_000,
      budgetLines: [{ code: '01', name: 'Papelería', limit: 500_000 }],
      forbiddenConcepts: [],
    },
    tokens.coordinador,
  );

  await page.getByRole('banner').getByRole('button', { name: 'Salir' }).click();
  await page.getByLabel('Usuario').fill(people.auxiliar.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(people.auxiliar.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(people.auxiliar.fullName);
  await page.getByRole('navigation').getByRole('button', { name: 'Caja menor', exact: true }).click();
  await page.getByRole('tab', { name: 'Arqueo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'El arqueo lo registra el coordinador' })).toContainText(
    'El arqueo de la caja menor lo registra el coordinador de la oficina (o un administrador), que no sea el custodio.',
  );
  await expect(page.getByRole('button', { name: 'Registrar arqueo' })).toHaveCount(0);
  await shot(page, 'caja-menor-arqueo-auxiliar');
  expect(problems).toEqual([]);
});
