/**
 * The gestor's desk end to end in Chromium at 1366×768, on its own door and demonstration database
 * (PORT + 12): the coordinator's campaign is launched through the API, the gestor logs in, opens
 * «Escritorio de cobro», takes the next account with the key N, sees the debt and the payment
 * channels, records an outgoing call — which the contact rules may refuse at this hour, naming the
 * rule — and an incoming call (always allowed), and the next account comes.
 * Then, from the same form, the gestor records a phone with its Ley 1581 authorisation (a phone with
 * letters is refused in Spanish first, nothing written) and hands the account to the prejurídico
 * stage and to the field team, each after a confirmation that says what will happen. Meanwhile the
 * customer signs a payment agreement by phone: the desk, reloaded, shows the financed invoices apart
 * («En acuerdo AP-…, cuota inicial pendiente») and «Deuda» as the till counts it.
 * The whole story of issue 15 (three accounts, callback, commitment, reclamo, the counter payment
 * the next day and the daily report) is covered by the integration tests; this spec is the screen.
 */
import { expect, test, type Page } from '@playwright/test';
import type { AccountCollections, AgreementCandidates, AgreementPolicy, CampaignAccounts, CampaignRow, DeskData, DemoCredentials, HandoffRow } from '../../shared/contract';
import { addMonths } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { PORT, apiCall, shot, startOwnHost, urlOf } from './story';

const DESK_PORT = PORT + 12;
const URL = urlOf(DESK_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(DESK_PORT, name, args, token);
const GESTOR = { fullName: 'Gloria Estela Pinzón', username: 'gpinzon', firstPassword: 'Inicial-2025', password: 'Gestor-2025-ok' };

test.describe.configure({ mode: 'serial' });

let page: Page;
let gestorToken = '';
let coordinatorToken = '';
let coordinatorLogin = { username: '', password: '' };
let adminToken = '';
let stopHost: () => void = () => undefined;
const problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  stopHost = await startOwnHost(DESK_PORT, {});
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 40 });
  const admin = demo.users.find((u) => u.role === 'administrador')!;
  const coordinator = demo.users.find((u) => u.role === 'coordinador')!;
  adminToken = (await call<{ token: string }>('auth.login', { username: admin.username, password: admin.password })).token;
  coordinatorToken = (await call<{ token: string }>('auth.login', { username: coordinator.username, password: coordinator.password })).token;
  coordinatorLogin = { username: coordinator.username, password: coordinator.password };
  const offices = await call<{ id: number }[]>('offices.list', {}, adminToken);
  const gestor = await call<{ id: number }>('users.create', { fullName: GESTOR.fullName, username: GESTOR.username, password: GESTOR.firstPassword, officeId: offices[0].id, role: 'gestor' }, adminToken);
  const first = (await call<{ token: string }>('auth.login', { username: GESTOR.username, password: GESTOR.firstPassword })).token;
  await call('auth.changePassword', { currentPassword: GESTOR.firstPassword, newPassword: GESTOR.password }, first);
  gestorToken = (await call<{ token: string }>('auth.login', { username: GESTOR.username, password: GESTOR.password })).token;
  const settings = await call<{ policy: Record<string, unknown> }>('collections.settings', {}, adminToken);
  await call('collections.savePolicy', { ...settings.policy, contractDataAuthorised: true }, adminToken);
  await call('collections.launchCampaign', { idempotencyKey: `e2e${Date.now()}`, name: 'Cartera vencida', criteria: {}, gestorIds: [gestor.id], distribution: 'deuda' }, coordinatorToken);
  const context = await browser.newContext({ baseURL: URL, viewport: { width: 1366, height: 768 }, locale: 'es-CO', timezoneId: 'America/Bogota' });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(URL);
});

test.afterAll(async () => {
  await page?.context().close();
  stopHost();
});

test('la gestora trabaja su cola con el teclado: siguiente, registrar, siguiente', async () => {
  await page.getByLabel('Usuario').fill(GESTOR.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(GESTOR.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(GESTOR.fullName);
  await page.getByRole('navigation').getByRole('button', { name: 'Escritorio de cobro', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Escritorio del gestor' })).toBeVisible();
  await expect(page.getByTestId('desk-queue')).toContainText('por llamar');

  await page.keyboard.press('n');
  await expect(page.getByTestId('desk-account')).toBeVisible();
  const first = await page.getByTestId('desk-account').textContent();
  await expect(page.getByText('Canales de pago para decirle al cliente')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Facturas adeudadas' })).toBeVisible();
  await shot(page, 'collections-desk');

  // an outgoing call: allowed or refused by the rules at this hour, never silently
  await page.getByTestId('desk-outcome').click();
  await page.getByRole('option', { name: 'No contesta', exact: true }).click();
  await page.keyboard.press('Control+Enter');
  const refused = page.getByTestId('desk-error');
  const moved = page.getByTestId('desk-account').filter({ hasNotText: first ?? '' });
  await expect(refused.or(moved)).toBeVisible();
  if (await refused.isVisible()) {
    await expect(refused).toContainText('No se puede registrar el contacto saliente');
    await shot(page, 'collections-desk-refused');
    // the debtor calling in is always taken
    await page.getByRole('combobox', { name: 'Sentido' }).click();
    await page.getByRole('option', { name: 'Entrante', exact: true }).click();
    await page.getByTestId('desk-outcome').click();
    await page.getByRole('option', { name: 'Contacto efectivo', exact: true }).click();
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('desk-account')).not.toHaveText(first ?? '');
  }
  await shot(page, 'collections-desk-next');
  expect(problems).toEqual([]);
});

test('desde el mismo formulario: actualiza un teléfono con su autorización y remite la cuenta a jurídico y a terreno', async () => {
  const number = ((await page.getByTestId('desk-account').textContent()) ?? '').split(' · ')[0].trim();
  const [campaign] = await call<CampaignRow[]>('collections.campaigns', {}, gestorToken);
  const mine = await call<CampaignAccounts>('collections.campaignAccounts', { campaignId: campaign.id, limit: 1000 }, gestorToken);
  const accountId = mine.rows.find((r) => r.accountNumber === number)!.accountId;
  const pointsBefore = (await call<DeskData>('collections.desk', { accountId }, gestorToken)).contactPoints.length;

  // a phone with letters: refused in Spanish in the modal, nothing written
  await page.getByTestId('desk-point-add').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Número o correo').fill('310 ABC 1234');
  await dialog.getByRole('button', { name: 'Guardar el dato' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('El teléfono solo lleva números (y +, espacios, paréntesis o guiones)');
  expect((await call<DeskData>('collections.desk', { accountId }, gestorToken)).contactPoints).toHaveLength(pointsBefore);

  // the right number, authorised today on a recorded call for collections by call and WhatsApp
  await dialog.getByLabel('Número o correo').fill('310 452 8871');
  await dialog.getByRole('checkbox', { name: 'WhatsApp' }).check();
  await expect(page.getByTestId('desk-point-summary')).toContainText('Se guardará 310 452 8871, de titular (deudor), obtenido por llamada, autorizado el');
  await page.waitForTimeout(300); // the modal's opening transition, for the screenshot only
  await shot(page, 'collections-desk-contact-point');
  // meanwhile the customer signs a payment agreement of all the overdue debt by phone (another gestor, through the API)
  // (the demo's first account may be disconnected: this company's policy lets any account sign)
  const policy = await call<AgreementPolicy>('agreements.policy', {}, adminToken);
  await call('agreements.savePolicy', { ...policy, allowedStatuses: ['activo', 'suspendido', 'cortado', 'retirado'] }, adminToken);
  const candidates = await call<AgreementCandidates>('agreements.candidates', { accountId }, gestorToken);
  const financed = candidates.debts.filter((d) => d.overdue);
  const agreement = await call<{ number: string }>(
    'agreements.create',
    { accountId, debts: financed.map((d) => ({ kind: d.kind, id: d.id })), downPaymentBp: 3_000, installments: 3, firstDueDate: `${addMonths(candidates.today, 1).slice(0, 8)}15`, dayOfMonth: 15, idempotencyKey: `e2e-ap-${Date.now()}`, channel: 'telefono', signerName: 'Titular', signerIdNumber: '52123456', signerRelation: 'titular', approval: coordinatorLogin },
    gestorToken,
  );
  await dialog.getByRole('button', { name: 'Guardar el dato' }).click();
  await expect(dialog).toHaveCount(0);
  // the desk reloaded after the save: «Deuda» counts as the till does, the financed invoices apart
  const held = financed.reduce((sum, d) => sum + d.balance, 0);
  await expect(page.getByTestId('desk-held')).toHaveText(`En acuerdo ${agreement.number}, cuota inicial pendiente: ${formatMoney(held, 'COP')}`);
  await expect(page.getByTestId('desk-debt')).toHaveText(formatMoney((await call<DeskData>('collections.desk', { accountId }, gestorToken)).debt, 'COP'));
  await expect(page.getByTestId('desk-held-badge').first()).toHaveText(`En acuerdo ${agreement.number}, cuota inicial pendiente`);
  await shot(page, 'collections-desk-held');
  const saved = (await call<DeskData>('collections.desk', { accountId }, gestorToken)).contactPoints.find((p) => p.value === '3104528871')!;
  expect(saved).toMatchObject({ relation: 'titular', source: 'llamada', authorised: true, authorisedVia: 'llamada_grabada', purposes: ['cobranza'], channels: ['llamada', 'whatsapp'] });
  await expect(page.getByTestId('desk-point-3104528871')).toContainText(saved.status);

  // to the prejurídico stage, with the reason
  await page.getByTestId('desk-legal').click();
  await expect(page.getByTestId('desk-handoff-summary')).toHaveText('La cuenta aparecerá entre las candidatas a cobro prejurídico de Avisos y cobros, con este motivo, hasta que se genere su carta.');
  await page.getByTestId('desk-handoff-reason').fill('Se niega a pagar: dice que la deuda es del arrendatario anterior.');
  await page.getByRole('dialog').getByRole('button', { name: 'Remitir a jurídico' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // to the field team: the coordinator's list
  await page.getByTestId('desk-field').click();
  await page.getByTestId('desk-handoff-reason').fill('Verificar si el predio está habitado.');
  await page.getByRole('dialog').getByRole('button', { name: 'Remitir a terreno' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('desk-handoffs')).toContainText('Verificar el predio');
  const handoffs = (await call<AccountCollections>('collections.ofAccount', { accountId }, gestorToken)).handoffs;
  expect(handoffs.map((h) => [h.kind, h.what, h.reason]).sort()).toEqual([
    ['juridico', 'prejuridico', 'Se niega a pagar: dice que la deuda es del arrendatario anterior.'],
    ['terreno', 'verificar_predio', 'Verificar si el predio está habitado.'],
  ]);
  const field = await call<HandoffRow[]>('collections.fieldList', { state: 'pendiente' }, coordinatorToken);
  expect(field.map((h) => h.accountNumber)).toContain(number);
  await shot(page, 'collections-desk-handoffs');
  expect(problems).toEqual([]);
});
