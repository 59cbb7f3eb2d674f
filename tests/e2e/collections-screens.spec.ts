/**
 * The coordinator's collections screens end to end in Chromium at 1366×768 (issue 15), on their own
 * door and demonstration database (PORT + 14, stopped after the spec; backups.spec.ts uses the same
 * port the same way): the coordinator sees the portfolio by age and drills into a bucket, builds a
 * campaign with its preview and launches it; the gestor finds an account of it in the queue and
 * records a payment commitment; the cashier is paid that amount; the coordinator sees the commitment
 * (and runs the monitor), the day's report and liquidates the gestor's commission, which appears in
 * the administrator's approvals inbox and is approved there. Every figure on screen is compared with
 * the handler's own answer for the same user.
 */
import { expect, test, type Page } from '@playwright/test';
import type {
  AgeBucket,
  CampaignAccounts,
  CampaignPreview,
  CampaignRow,
  CollectionsReport,
  CollectionsSettings,
  CommitmentRow,
  DemoCredentials,
  LiquidationRow,
  MonitorRun,
  Portfolio,
  PortfolioAccounts,
} from '../../shared/contract';
import { formatDate, todayIn } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { PORT, TIME_ZONE, apiCall, expectPrimaryActionInView, shot, startOwnHost, urlOf } from './story';

const SCREENS_PORT = PORT + 14;
const URL = urlOf(SCREENS_PORT);
const call = <T>(name: string, args: unknown, token?: string) => apiCall<T>(SCREENS_PORT, name, args, token);
const GESTOR = { fullName: 'Gloria Estela Pinzón', username: 'gpinzon', firstPassword: 'Inicial-2025', password: 'Gestor-2025-ok' };
const money = (minor: number) => formatMoney(minor, 'COP');
const count = (n: number) => n.toLocaleString('es-CO');
/** as the screens say them (shared/contract/collections.ts: a runtime import there reads a JSON table Playwright's loader refuses) */
const AGE_BUCKETS: AgeBucket[] = ['al_dia', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_360', 'mas_360'];
const AGE_BUCKET_LABELS: Record<AgeBucket, string> = { al_dia: 'Al día', d1_30: '1–30 días', d31_60: '31–60 días', d61_90: '61–90 días', d91_180: '91–180 días', d181_360: '181–360 días', mas_360: 'Más de 360 días' };
const PROMISE_STATE_LABELS = { pendiente: 'Pendiente', cumplido: 'Cumplido', parcial: 'Parcial', incumplido: 'Incumplido' } as const;

test.describe.configure({ mode: 'serial' });

let page: Page;
let stopHost: () => void = () => undefined;
const problems: string[] = [];
let people: Record<'administrador' | 'coordinador' | 'cajero', { username: string; password: string }>;
let tokens: Record<'administrador' | 'coordinador' | 'cajero' | 'gestor', string>;
let gestorId = 0;
let preview: CampaignPreview;
/** the account the gestor worked and the commitment made there */
let worked: { number: string; id: number; amount: number } | null = null;

async function login(user: { username: string; password: string }): Promise<void> {
  await page.getByLabel('Usuario').fill(user.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toBeVisible();
}

async function logout(): Promise<void> {
  await page.getByRole('button', { name: 'Salir', exact: true }).click();
  await expect(page.getByLabel('Usuario')).toBeVisible();
}

async function openNav(name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  stopHost = await startOwnHost(SCREENS_PORT, {});
  const demo = await call<DemoCredentials>('setup.loadDemo', { accounts: 40 });
  const find = (role: string) => demo.users.find((u) => u.role === role)!;
  people = { administrador: find('administrador'), coordinador: find('coordinador'), cajero: find('cajero') };
  const tokenOf = async (u: { username: string; password: string }) => (await call<{ token: string }>('auth.login', { username: u.username, password: u.password })).token;
  const admin = await tokenOf(people.administrador);
  const offices = await call<{ id: number; code: string }[]>('offices.list', {}, admin);
  const gestor = await call<{ id: number }>('users.create', { fullName: GESTOR.fullName, username: GESTOR.username, password: GESTOR.firstPassword, officeId: offices.find((o) => o.code === 'CEN')!.id, role: 'gestor' }, admin);
  gestorId = gestor.id;
  const first = await tokenOf({ username: GESTOR.username, password: GESTOR.firstPassword });
  await call('auth.changePassword', { currentPassword: GESTOR.firstPassword, newPassword: GESTOR.password }, first);
  tokens = { administrador: admin, coordinador: await tokenOf(people.coordinador), cajero: await tokenOf(people.cajero), gestor: await tokenOf({ username: GESTOR.username, password: GESTOR.password }) };
  const context = await browser.newContext({ baseURL: URL, viewport: { width: 1366, height: 768 }, locale: 'es-CO', timezoneId: TIME_ZONE });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(URL);
});

test.afterAll(async () => {
  await page?.context().close();
  stopHost();
});

test('el administrador ajusta la política de cobranza en Administración › Cobranza', async () => {
  await login(people.administrador);
  await openNav('Cobranza');
  await expect(page.getByRole('heading', { name: 'Cobranza' })).toBeVisible();
  // the demonstration's phones come from the commercial system: the contract authorises them
  const before = await call<CollectionsSettings>('collections.settings', {}, tokens.administrador);
  expect(before.policy.contractDataAuthorised).toBe(false);
  await page.getByLabel('Días de gracia').fill('3');
  await page.getByRole('switch', { name: /El contrato autoriza los teléfonos y correos/ }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('switch', { name: /El contrato autoriza los teléfonos y correos/ })).toBeChecked();
  await shot(page, 'collections-settings-policy');
  await expectPrimaryActionInView(page, page.getByRole('button', { name: 'Guardar' }));
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Guardado.')).toBeVisible();
  const after = await call<CollectionsSettings>('collections.settings', {}, tokens.administrador);
  expect(after.policy).toEqual({ ...before.policy, graceDays: 3, contractDataAuthorised: true });

  // a bad hour is refused in Spanish under its field, and nothing is written
  await page.getByLabel('Hora de revisión diaria').fill('25:00');
  await page.getByLabel('Hora de revisión diaria').press('Enter');
  await expect(page.getByText('Hora inválida (use HH:MM)')).toBeVisible();
  expect((await call<CollectionsSettings>('collections.settings', {}, tokens.administrador)).policy.monitorHour).toBe(before.policy.monitorHour);

  // the other tables: commission rates, outcome codes, the country's contact rules with their source
  await page.getByRole('tab', { name: 'Comisiones' }).click();
  await expect(page.getByLabel('Porcentaje para 61–90 días')).toHaveValue(`${after.commissionPolicy.rateBasisPoints.d61_90 / 100} %`);
  await shot(page, 'collections-settings-commissions');
  await page.getByRole('tab', { name: 'Resultados de gestión' }).click();
  for (const o of after.outcomes.slice(0, 5)) await expect(page.getByTestId(`outcome-${o.code}`)).toContainText(o.label);
  await shot(page, 'collections-settings-outcomes');
  await page.getByRole('tab', { name: 'Reglas de contacto' }).click();
  await expect(page.getByLabel('Fuente (norma)')).toHaveValue(after.rules.source);
  await shot(page, 'collections-settings-rules');
  await logout();
  expect(problems).toEqual([]);
});

test('el coordinador ve la cartera por edades, abre un rango y descarga el PDF', async () => {
  await login(people.coordinador);
  await openNav('Cartera por edades');
  await expect(page.getByRole('heading', { name: 'Cartera por edades' })).toBeVisible();
  const portfolio = await call<Portfolio>('collections.portfolio', { dimension: 'total' }, tokens.coordinador);
  await expect(page.getByTestId('portfolio-accounts')).toHaveText(count(portfolio.accounts));
  await expect(page.getByTestId('portfolio-amount')).toHaveText(money(portfolio.amount));
  await expect(page.getByTestId('portfolio-overdue')).toHaveText(money(portfolio.overdueAmount));
  for (const b of AGE_BUCKETS) {
    await expect(page.getByTestId(`bucket-${b}`).getByTestId('bucket-accounts')).toHaveText(count(portfolio.totals[b].accounts));
    await expect(page.getByTestId(`bucket-${b}`).getByTestId('bucket-amount')).toHaveText(money(portfolio.totals[b].amount));
  }
  await expect(page.getByRole('figure', { name: 'Gráfico de la cartera por edades' })).toBeVisible();
  await expectPrimaryActionInView(page, page.getByRole('button', { name: 'PDF' }));
  await shot(page, 'collections-portfolio');

  // the overdue bucket with most accounts: its accounts, as the back office pages them
  const bucket = AGE_BUCKETS.filter((b) => b !== 'al_dia').sort((a, b) => portfolio.totals[b].accounts - portfolio.totals[a].accounts)[0] as AgeBucket;
  const accounts = await call<PortfolioAccounts>('collections.portfolioAccounts', { bucket, limit: 50 }, tokens.coordinador);
  expect(accounts.total).toBe(portfolio.totals[bucket].accounts);
  await page.getByTestId(`bucket-${bucket}`).getByRole('button', { name: AGE_BUCKET_LABELS[bucket] }).click();
  await expect(page.getByTestId('portfolio-drill-title')).toHaveText(`Cuentas de ${AGE_BUCKET_LABELS[bucket]}: ${count(accounts.total)}`);
  const firstAccount = accounts.rows[0];
  await expect(page.getByTestId(`portfolio-account-${firstAccount.accountNumber}`)).toContainText(money(firstAccount.debt));
  await shot(page, 'collections-portfolio-bucket');

  // by estrato: one row per estrato, the chart stacks the buckets
  await page.evaluate(() => document.querySelectorAll('main, [class*="AppShell-main"]').forEach((e) => e.scrollTo?.(0, 0)));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('label').filter({ hasText: /^Estrato$/ }).click();
  const byEstrato = await call<Portfolio>('collections.portfolio', { dimension: 'estrato' }, tokens.coordinador);
  for (const g of byEstrato.groups) await expect(page.getByTestId(`group-${g.key}`)).toContainText(money(g.amount));
  await shot(page, 'collections-portfolio-estrato');
  // by route: a short label under every bar («1-02»), none skipped
  await page.locator('label').filter({ hasText: /^Ruta$/ }).click();
  const byRoute = await call<Portfolio>('collections.portfolio', { dimension: 'ruta' }, tokens.coordinador);
  await expect(page.getByTestId(`group-${byRoute.groups[0].key}`)).toContainText(money(byRoute.groups[0].amount));
  await page.getByRole('figure', { name: 'Gráfico de la cartera por edades' }).scrollIntoViewIfNeeded();
  await shot(page, 'collections-portfolio-route');

  await page.getByRole('button', { name: 'PDF' }).click();
  const pdf = page.getByRole('dialog').getByTestId('pdf-preview');
  await expect(pdf).toHaveAttribute('data-pages', /^[1-9]/, { timeout: 60_000 });
  await expect(pdf).toContainText('Cartera por edades');
  await shot(page, 'collections-portfolio-pdf');
  await page.keyboard.press('Escape');
  expect(problems).toEqual([]);
});

test('el coordinador arma una campaña, ve cuántas califican y por qué otras no, y la lanza', async () => {
  await openNav('Campañas de cobro');
  await expect(page.getByRole('table', { name: 'Campañas' })).toBeVisible();
  await page.getByTestId('campaign-new').click();
  await expect(page.getByRole('heading', { name: 'Nueva campaña de cobro' })).toBeVisible();
  await expect(page.getByTestId('campaign-launch')).toBeDisabled();
  await page.getByTestId('campaign-preview').click();
  preview = await call<CampaignPreview>('collections.campaignPreview', { criteria: {} }, tokens.coordinador);
  expect(preview.qualifying).toBeGreaterThan(0);
  await expect(page.getByTestId('preview-matching')).toHaveText(count(preview.matching));
  await expect(page.getByTestId('preview-qualifying')).toHaveText(count(preview.qualifying));
  await expect(page.getByTestId('preview-debt')).toHaveText(money(preview.qualifyingDebt));
  for (const e of preview.excluded.filter((x) => x.count > 0)) await expect(page.getByTestId(`exclusion-${e.reason}`)).toContainText(count(e.count));

  await page.getByTestId('campaign-name').fill('Cartera vencida de diciembre');
  await page.getByRole('checkbox', { name: new RegExp(GESTOR.fullName) }).check();
  await expect(page.getByTestId('campaign-launch')).toBeEnabled();
  await expectPrimaryActionInView(page, page.getByTestId('campaign-launch'));
  await shot(page, 'collections-campaign-new');

  await page.getByTestId('campaign-launch').click();
  await expect(page.getByTestId('campaign-confirm-text')).toContainText(`con ${count(preview.qualifying)} cuentas (deuda ${money(preview.qualifyingDebt)}) para 1 gestor(es)`);
  await page.waitForTimeout(300); // the modal's opening transition, for the screenshot only
  await shot(page, 'collections-campaign-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Cartera vencida de diciembre' })).toBeVisible();
  await expect(page.getByTestId('campaign-accounts')).toHaveText(count(preview.qualifying));
  await expect(page.getByTestId('campaign-state')).toHaveText('Activa');
  await expect(page.getByTestId(`campaign-gestor-${gestorId}`)).toContainText(GESTOR.fullName);
  await shot(page, 'collections-campaign');

  // the campaign's own accounts, in queue order, as the back office pages them, and their CSV
  const [campaign] = await call<CampaignRow[]>('collections.campaigns', { state: 'activa' }, tokens.coordinador);
  const list = await call<CampaignAccounts>('collections.campaignAccounts', { campaignId: campaign.id, limit: 50 }, tokens.coordinador);
  expect(list.total).toBe(preview.qualifying);
  await expect(page.getByTestId('campaign-account-list-total')).toHaveText(`${count(list.total)} cuentas`);
  const first = page.getByTestId(`campaign-account-${list.rows[0].accountNumber}`);
  await expect(first).toContainText(money(list.rows[0].debt));
  await expect(first).toContainText('Por llamar');
  await page.getByTestId('campaign-account-list').scrollIntoViewIfNeeded();
  await shot(page, 'collections-campaign-accounts');
  const csv = page.waitForEvent('download');
  await page.getByTestId('campaign-account-list-csv').click();
  expect((await csv).suggestedFilename()).toMatch(/^campana-cartera-vencida-de-diciembre-cuentas-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(problems).toEqual([]);
});

test('la gestora encuentra una cuenta de la campaña en su cola y registra un compromiso de pago', async () => {
  await logout();
  await login({ username: GESTOR.username, password: GESTOR.password });
  await expect(page.getByRole('heading', { name: 'Escritorio del gestor' })).toBeVisible();
  await expect(page.getByTestId('desk-queue')).toContainText(`${preview.qualifying} por llamar`);
  await page.keyboard.press('n');
  await expect(page.getByTestId('desk-account')).toBeVisible();
  const number = ((await page.getByTestId('desk-account').textContent()) ?? '').split(' · ')[0].trim();
  // the account is one the preview said would qualify
  expect(preview.sample.map((a) => a.accountNumber)).toContain(number);
  const account = preview.sample.find((a) => a.accountNumber === number)!;

  // the debtor calls in (always allowed, whatever the hour) and promises to pay
  const amount = Math.min(account.debt, 20_000);
  const today = todayIn(TIME_ZONE);
  await page.getByRole('combobox', { name: 'Sentido' }).click();
  await page.getByRole('option', { name: 'Entrante', exact: true }).click();
  await page.getByTestId('desk-outcome').click();
  await page.getByRole('option', { name: 'Compromiso de pago', exact: true }).click();
  await page.getByLabel('Valor comprometido').fill(count(amount));
  const date = page.getByLabel(/^Fecha del compromiso/);
  await date.fill(formatDate(today));
  await date.press('Tab');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('desk-account')).not.toContainText(number);
  worked = { number, id: account.accountId, amount };
  await shot(page, 'collections-desk-after-commitment');
  expect(problems).toEqual([]);
});

test('el coordinador ve el compromiso y el informe del día, liquida la comisión y el administrador la aprueba desde la bandeja', async () => {
  expect(worked).not.toBeNull();
  const { number, id, amount } = worked!;
  // the customer pays at the counter what was promised
  const [till] = await call<{ id: number }[]>('tills.list', {}, tokens.cajero);
  await call('cashier.open', { tillId: till.id, count: [{ kind: 'billete', value: 50_000, quantity: 2 }] }, tokens.cajero);
  await call('cashier.pay', { idempotencyKey: `e2e-collscreens-${Date.now()}`, accountId: id, tenders: [{ method: 'efectivo', amount, received: amount }] }, tokens.cajero);

  await logout();
  await login(people.coordinador);
  await openNav('Compromisos de pago');
  const [commitment] = (await call<CommitmentRow[]>('collections.commitments', {}, tokens.coordinador)).filter((c) => c.accountNumber === number);
  expect(commitment.amount).toBe(amount);
  const row = page.getByTestId(`commitment-${commitment.id}`);
  await expect(row).toContainText(money(amount));
  await expect(row).toContainText(GESTOR.fullName);
  await page.getByTestId('monitor-run').click();
  await expect(page.getByTestId('monitor-result')).toBeVisible();
  const [run] = await call<MonitorRun[]>('collections.monitorRuns', {}, tokens.coordinador);
  await expect(page.getByTestId('monitor-result')).toContainText(`Revisados ${run.checked}: ${run.kept} cumplidos`);
  const after = (await call<CommitmentRow[]>('collections.commitments', {}, tokens.coordinador)).find((c) => c.id === commitment.id)!;
  await expect(row.getByTestId('commitment-state')).toHaveText(PROMISE_STATE_LABELS[after.state]);
  await expect(row).toContainText(money(after.paid));
  await expectPrimaryActionInView(page, page.getByTestId('monitor-run'));
  await shot(page, 'collections-commitments');

  await openNav('Informe de telecobro');
  const today = todayIn(TIME_ZONE);
  const report = await call<CollectionsReport>('collections.report', { from: today, to: today }, tokens.coordinador);
  expect(report.totals.commitments).toBe(1);
  await expect(page.getByTestId('report-attempted')).toHaveText(count(report.totals.attempted));
  await expect(page.getByTestId('report-effective')).toHaveText(count(report.totals.effective));
  await expect(page.getByTestId('report-commitments')).toHaveText(count(report.totals.commitments));
  await expect(page.getByTestId('report-recovered')).toHaveText(money(report.totals.recovered));
  const reportRow = report.rows.find((r) => r.gestorId === gestorId)!;
  await expect(page.getByTestId(`report-row-${gestorId}-${reportRow.campaignId ?? 0}`).getByTestId('report-row-recovered')).toHaveText(money(reportRow.recovered));
  await expect(page.getByTestId('report-rule')).toHaveText(report.attributionRule);
  // the definitions: the gestor's incoming call with a commitment is an effective contact, not an attempt
  await expect(page.getByTestId('report-definitions')).toContainText('Efectivos: contactos con el deudor, salientes o entrantes');
  expect([report.totals.attempted, report.totals.effective]).toEqual([0, 1]);
  await shot(page, 'collections-report');
  // two weeks: every day labelled under the chart
  const from = new Date(Date.parse(`${today}T12:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Desde').fill(formatDate(from));
  await page.getByLabel('Desde').press('Tab');
  await page.getByTestId('report-run').click();
  await expect(page.getByRole('figure', { name: 'Gestiones por día' })).toBeVisible();
  await shot(page, 'collections-report-two-weeks');
  await page.getByTestId('report-pdf').click();
  const pdf = page.getByRole('dialog').getByTestId('pdf-preview');
  await expect(pdf).toHaveAttribute('data-pages', /^[1-9]/, { timeout: 60_000 });
  await expect(pdf).toContainText(GESTOR.fullName);
  await page.keyboard.press('Escape');

  // a case the gestor handed to the field team: the coordinator's list, its CSV, closed with what the field found
  const handoff = await call<{ id: number }>('collections.handToField', { accountId: id, purpose: 'verificar_predio', reason: 'Dice que el predio está desocupado desde octubre.' }, tokens.gestor);
  await openNav('Remisiones a terreno');
  const handoffRow = page.getByTestId(`handoff-${handoff.id}`);
  await expect(handoffRow).toContainText(number);
  await expect(handoffRow).toContainText('Dice que el predio está desocupado desde octubre.');
  const download = page.waitForEvent('download');
  await page.getByTestId('field-csv').click();
  expect((await download).suggestedFilename()).toMatch(/^remisiones-a-terreno-\d{4}-\d{2}-\d{2}\.csv$/);
  await shot(page, 'collections-field');
  await handoffRow.getByRole('button', { name: `Marcar atendida la remisión de la cuenta ${number}` }).click();
  await page.getByLabel('Qué encontró terreno').fill('Predio habitado; se actualizó el teléfono.');
  await page.getByRole('dialog').getByRole('button', { name: 'Atendida' }).click();
  await expect(handoffRow).toHaveCount(0);
  const attended = await call<{ id: number; state: string; closeNote: string }[]>('collections.fieldList', { state: 'atendida' }, tokens.coordinador);
  expect(attended.find((h) => h.id === handoff.id)).toMatchObject({ state: 'atendida', closeNote: 'Predio habitado; se actualizó el teléfono.' });

  await openNav('Comisiones de gestores');
  await page.getByTestId('liquidate-gestor').click();
  await page.getByRole('option', { name: new RegExp(GESTOR.fullName) }).click();
  await page.getByTestId('liquidate').click();
  await expect(page.getByTestId('liquidate-confirm-text')).toContainText(`${GESTOR.fullName} del mes ${today.slice(5, 7)}/${today.slice(0, 4)}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('liquidation-state')).toHaveText('Por aprobar');
  // whoever liquidated is told who approves, and has no «Aprobar»
  await expect(page.getByTestId('liquidation-own')).toBeVisible();
  await expect(page.getByTestId('liquidation-approve')).toHaveCount(0);
  const [liquidation] = await call<LiquidationRow[]>('collections.liquidations', { month: today.slice(0, 7) }, tokens.coordinador);
  await expect(page.getByTestId('liquidation-recovered')).toHaveText(money(liquidation.recovered));
  await expect(page.getByTestId('liquidation-commission')).toHaveText(money(liquidation.commission));
  expect(liquidation.recovered).toBe(report.totals.recovered);
  await shot(page, 'collections-liquidation');

  // whoever liquidated does not approve: the administrator finds it in the inbox
  await logout();
  await login(people.administrador);
  await openNav('Aprobaciones');
  const item = page.getByTestId(`approval-collections.commission:${liquidation.id}`);
  await expect(item).toContainText(`Comisiones de ${GESTOR.fullName}`);
  await expect(item).toContainText(money(liquidation.commission));
  await shot(page, 'collections-approvals');
  await item.click();
  await expect(page.getByTestId('liquidation-commission')).toHaveText(money(liquidation.commission));
  await page.getByTestId('liquidation-approve').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('liquidation-state')).toHaveText('Aprobada');
  await shot(page, 'collections-liquidation-approved');
  expect(problems).toEqual([]);
});
