/**
 * Outgoing e-mail (issue 19) on its own door and demonstration database (MAIL_PORT), through the
 * machine's real SMTP server (.ci/smtp-setup.sh): the administrator configures Administración › Correo
 * and sends the test message; the cashier issues a paz y salvo and sends it with "Enviar por correo"
 * to the address the holder authorised, the other one shown disabled with its reason; the message is
 * read back from the server's maildir. Screenshots at 1366×768 go to test-results/screens.
 *
 * Without VENTANILLA_TEST_SMTP it is skipped with the reason, except in CI, where it fails.
 */
import { expect, test, type Page } from '@playwright/test';
import type { AccountDetail, AccountSummary, DemoCredentials, LoginResult, Receipt } from '../../shared/contract';
import { SMTP_SKIP_REASON, TEST_SMTP, waitForMail } from '../helpers/mail';
import { todayIn } from '../../shared/dates';
import { MAIL_PORT, TIME_ZONE, apiCall, expectPrimaryActionInView, shot, loginAt, startOwnHost, urlOf } from './story';

const URL = urlOf(MAIL_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(MAIL_PORT, name, args, token);
const run = Date.now().toString(36);
const customer = `titular-${run}@cliente.test`;
const collectionsOnly = `cobro-${run}@cliente.test`;

test.describe.configure({ mode: 'serial' });
test.skip(!TEST_SMTP && !process.env.CI, `mail.spec: se omite: ${SMTP_SKIP_REASON}`);

type Person = DemoCredentials['users'][number];
let stopHost: (() => void) | null = null;
let admin: Person;
let cashier: Person;
let account: AccountDetail;

async function login(page: Page, person: Person) {
  await loginAt(page, URL, person);
}

test.beforeAll(async () => {
  if (!TEST_SMTP) throw new Error(`CI sin servidor de correo: ${SMTP_SKIP_REASON}`);
  test.setTimeout(120_000);
  stopHost = await startOwnHost(MAIL_PORT, {});
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 10 });
  const person = (role: string) => demo.users.find((u) => u.role === role)!;
  admin = person('administrador');
  cashier = person('cajero');
  const loginOf = (p: Person) => call<LoginResult>('auth.login', { username: p.username, password: p.password });
  const [cashierLogin, coordinatorLogin] = await Promise.all([loginOf(cashier), loginOf(person('coordinador'))]);
  const cajero = cashierLogin.token;
  const coordinador = coordinatorLogin.token;
  // an account paid up at the till (through the back office: the till's screens have their own spec)
  const till = (await call<{ id: number; officeId: number; active: boolean }[]>('tills.list', {}, cajero)).find((x) => x.officeId === cashierLogin.user.officeId && x.active)!;
  await call('cashier.open', { tillId: till.id, count: [{ kind: 'billete', value: 50_000, quantity: 4 }] }, cajero);
  const found = await call<AccountSummary[]>('accounts.search', { query: '1', limit: 50 }, cajero);
  account = await call<AccountDetail>('accounts.get', { accountId: found.find((a) => a.balance > 0)!.id }, cajero);
  await call<Receipt>('cashier.pay', { idempotencyKey: `e2e-mail-${run}`, accountId: account.id, tenders: [{ method: 'efectivo', amount: account.balance, received: account.balance }] }, cajero);
  // its two e-mails: one authorised for information about the service, one only for collections
  // the office's today (Bogotá), not UTC's: from 19:00 in Bogotá UTC is already tomorrow, a date the back office refuses
  const on = todayIn(TIME_ZONE);
  for (const [value, purposes] of [
    [customer, ['informacion_servicio', 'notificaciones']],
    [collectionsOnly, ['cobranza']],
  ] as const) {
    await call('collections.saveContactPoint', { accountId: account.id, kind: 'correo', value, relation: 'titular', source: 'escrito', authorisation: { on, via: 'escrito', purposes, channels: ['correo'] } }, coordinador);
  }
});

test.afterAll(() => {
  stopHost?.();
});

test('el administrador configura el correo saliente y envía el mensaje de prueba', async ({ page }) => {
  const smtp = TEST_SMTP!;
  await login(page, admin);
  await page.goto(`${URL}#/admin/correo`);
  await expect(page.getByRole('heading', { name: 'Correo saliente' })).toBeVisible();
  await page.getByTestId('mail-host').fill(smtp.host);
  await page.getByTestId('mail-port').fill(String(smtp.port));
  await page.getByTestId('mail-username').fill(smtp.username);
  await page.getByTestId('mail-password').fill(smtp.password);
  await page.getByTestId('mail-from').fill('atencion@acueducto.test');
  await page.getByLabel('Certificado de la autoridad del servidor (opcional)').fill(smtp.caPem);
  await expectPrimaryActionInView(page, page.getByRole('button', { name: 'Guardar' }));
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Configuración del correo guardada')).toBeVisible();
  await expect(page.getByTestId('mail-password')).toHaveAttribute('placeholder', 'Guardada: escriba solo para cambiarla');

  const to = `admin-${run}@empresa.test`;
  await page.getByTestId('mail-test-to').fill(to);
  await page.getByRole('button', { name: 'Enviar prueba' }).click();
  await expect(page.getByTestId('mail-test-result')).toContainText(`Enviado a ${to}. Respuesta del servidor: 250`);
  await expect(page.getByRole('table', { name: 'Últimos correos' })).toContainText(to);
  await shot(page, 'mail-settings');
  const mail = await waitForMail(smtp, to, /^Mensaje de prueba de Ventanilla — /);
  expect(mail.text).toContain('Si lo recibió, el servidor de correo está bien configurado.');
});

test('el cajero expide el paz y salvo y lo envía por correo al correo autorizado', async ({ page }) => {
  await login(page, cashier);
  await page.goto(`${URL}#/cuentas/${account.id}`);
  await page.getByRole('button', { name: 'Paz y salvo', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Expedir' }).click();
  const issued = page.getByTestId('pys-issued');
  await expect(issued).toBeVisible();
  const label = ((await issued.locator('.mantine-Alert-title').textContent()) ?? '').match(/PYS-\d{4}-\d+/)?.[0] ?? '';
  expect(label).not.toBe('');
  await issued.getByTestId('send-by-mail').click();
  const dialog = page.getByRole('dialog', { name: `Enviar el paz y salvo ${label} por correo` });
  await expect(dialog.getByTestId(`mail-to-${collectionsOnly}`)).toBeDisabled();
  await expect(dialog).toContainText('El titular no autorizó el correo para información del servicio (autorizó: cobranza).');
  await expect(dialog.getByTestId(`mail-to-${customer}`)).toBeChecked();
  await shot(page, 'mail-send-paz-y-salvo');
  await dialog.getByRole('button', { name: 'Enviar' }).click();
  await expect(page.getByText(`Enviado a ${customer}`)).toBeVisible();
  const mail = await waitForMail(TEST_SMTP!, customer, `Paz y salvo ${label} de la cuenta ${account.number}`);
  expect(mail.attachments.map((a) => a.fileName)).toEqual([`paz-y-salvo-${label}.pdf`]);
});

test('una encuesta respondida por teléfono aparece en su informe', async ({ page }) => {
  await login(page, admin);
  // the administrator defines the campaign: a 0–10 recommendation (NPS) and a 0–10 satisfaction (NSU)
  await page.goto(`${URL}#/encuestas/nueva`);
  await page.getByTestId('survey-name-input').fill(`NSU semestral ${run}`);
  await page.getByTestId('question-1').getByLabel('Texto de la pregunta').fill('¿Recomendaría la empresa a un amigo?');
  await page.getByTestId('question-2').getByLabel('Texto de la pregunta').fill('¿Qué tan satisfecho está con el servicio?');
  await shot(page, 'surveys-new');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByTestId('survey-name')).toHaveText(`NSU semestral ${run}`);

  // the sample: its size follows the margin as it is typed; drawn after a confirmation
  await page.getByRole('tab', { name: 'Campaña y muestra' }).click();
  await page.getByTestId('plan-margin').fill('20');
  await expect(page.getByTestId('plan-size')).toContainText(/Muestra: \d+ de \d+ cuentas activas/);
  await shot(page, 'surveys-plan');
  await page.getByTestId('plan-draw').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sacar la muestra' }).click();
  await expect(page.getByText(/Muestra sacada: \d+ cuentas/)).toBeVisible();
  await page.getByRole('tab', { name: 'Campaña y muestra' }).click();
  const sample = page.getByRole('table', { name: /La muestra/ });
  await expect(sample.getByRole('button', { name: 'Responder' }).first()).toBeVisible();
  await shot(page, 'surveys-sample');

  // by phone: typed and recorded from the keyboard
  await sample.getByRole('button', { name: 'Responder' }).first().click();
  await expect(page.getByTestId('answer-channel')).toHaveText('Por teléfono');
  await expect(page.getByTestId('answer-q1')).toBeFocused();
  await page.keyboard.type('9');
  await page.keyboard.press('Tab');
  await page.keyboard.type('8');
  await shot(page, 'surveys-answer');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Respuesta registrada (Por teléfono)')).toBeVisible();

  // the report: one answer, a promoter (NPS 100), satisfaction 8 of 10 (NSU 80)
  await expect(page.getByTestId('survey-name')).toHaveText(`NSU semestral ${run}`);
  await expect(page.getByTestId('survey-responses')).toHaveText('1');
  await expect(page.getByTestId('survey-nps')).toHaveText('100,0');
  await expect(page.getByTestId('survey-nsu')).toHaveText('80,0');
  await expect(page.getByRole('figure', { name: 'NPS, NSU y CSAT por oficina' })).toBeVisible();
  await expectPrimaryActionInView(page, page.getByTestId('survey-pdf'));
  await shot(page, 'surveys-report');
});
