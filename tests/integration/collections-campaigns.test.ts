/**
 * Cartera por edades and campaigns on a real database (SQLite, and PostgreSQL with
 * VENTANILLA_TEST_PG_URL): the buckets counted by hand, the criteria, every exclusion with its reason,
 * the sharing among gestores, and who sees what. Today is Monday 9 March 2026 (tests/helpers/collections.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CampaignPreview } from '../../shared/contract';
import { distribute } from '../../electron/core/modules/collections/campaigns';
import { OFFICE, createUserReady, loginAs } from '../helpers/backoffice';
import { openCashierDesk, payCash } from '../helpers/cashier';
import { filePqr } from '../helpers/pqr';
import { call, collectionCounts, debtor, key, launch, refusal, telecobroOffice, type Telecobro } from '../helpers/collections';

let w: Telecobro;
const ids: Record<string, number> = {};

beforeAll(async () => {
  w = await telecobroOffice();
  // days past due counted by hand from the oldest unpaid due date to 9 March 2026
  ids.a = (await debtor(w, '100001', [{ due: '2026-02-20', total: 80_000 }], { phone: '3104000001', cycle: '1', route: '01' })).accountId; // 17 days: 1–30
  ids.b = (await debtor(w, '100002', [{ due: '2026-01-20', total: 60_000 }, { due: '2026-02-20', total: 50_000 }], { phone: '3104000002', cycle: '1', route: '02' })).accountId; // 48 days: 31–60, 110.000
  ids.c = (await debtor(w, '100003', [{ due: '2025-12-20', total: 90_000 }], { phone: '3104000003', cycle: '2', route: '01', estrato: 3 })).accountId; // 79 days: 61–90
  ids.d = (await debtor(w, '100004', [{ due: '2025-10-20', total: 200_000 }], { phone: '3104000004', cycle: '2', route: '01', use: 'comercial', estrato: null })).accountId; // 140 days: 91–180
  ids.e = (await debtor(w, '100005', [{ due: '2026-03-20', total: 40_000 }], { phone: '3104000005' })).accountId; // not due yet: al día
  ids.f = (await debtor(w, '100006', [{ due: '2025-03-01', total: 300_000 }], { phone: '3104000006', cycle: '3' })).accountId; // 373 days: más de 360
  await debtor(w, '100007', [{ due: '2026-01-20', total: 70_000, balance: 0 }], { phone: '3104000007' }); // paid: not in the portfolio
});
afterAll(async () => {
  await w.close();
  vi.useRealTimers();
});

describe('cartera por edades', () => {
  it('counts accounts and amounts per bucket, as counted by hand', async () => {
    const p = await w.ok('collections.portfolio', { dimension: 'total' }, w.coordinator);
    expect(p.today).toBe('2026-03-09');
    expect(p.totals).toEqual({
      al_dia: { accounts: 1, amount: 40_000 },
      d1_30: { accounts: 1, amount: 80_000 },
      d31_60: { accounts: 1, amount: 110_000 },
      d61_90: { accounts: 1, amount: 90_000 },
      d91_180: { accounts: 1, amount: 200_000 },
      d181_360: { accounts: 0, amount: 0 },
      mas_360: { accounts: 1, amount: 300_000 },
    });
    // 40 + 80 + 110 + 90 + 200 + 300 thousand
    expect(p.amount).toBe(820_000);
    expect(p.accounts).toBe(6);
    expect(p.overdueAmount).toBe(780_000);
  });

  it('groups by cycle, route, use, estrato and office', async () => {
    const byCycle = await w.ok('collections.portfolio', { dimension: 'ciclo' }, w.coordinator);
    expect(byCycle.groups.map((g) => [g.label, g.accounts, g.amount])).toEqual([
      ['Ciclo 1', 3, 230_000], // a, b, e
      ['Ciclo 2', 2, 290_000], // c, d
      ['Ciclo 3', 1, 300_000], // f
    ]);
    const byEstrato = await w.ok('collections.portfolio', { dimension: 'estrato' }, w.coordinator);
    expect(byEstrato.groups.map((g) => [g.label, g.accounts])).toEqual([
      ['Sin estrato', 1],
      ['Estrato 2', 4],
      ['Estrato 3', 1],
    ]);
    const byUse = await w.ok('collections.portfolio', { dimension: 'uso' }, w.coordinator);
    expect(byUse.groups.find((g) => g.key === 'comercial')?.buckets.d91_180).toEqual({ accounts: 1, amount: 200_000 });
    // every account of the fixture is in Garagoa (15299), the test office's municipality
    const byOffice = await w.ok('collections.portfolio', { dimension: 'oficina' }, w.coordinator);
    expect(byOffice.groups.map((g) => [g.label, g.amount])).toEqual([[`${OFFICE.code} · ${OFFICE.name}`, 820_000]]);
  });

  it('drills down to the accounts of a cell, oldest first', async () => {
    const cell = await w.ok('collections.portfolioAccounts', { dimension: 'ciclo', key: '2' }, w.coordinator);
    expect(cell.total).toBe(2);
    expect(cell.rows.map((r) => [r.accountNumber, r.daysPastDue, r.bucket, r.debt])).toEqual([
      ['100004', 140, 'd91_180', 200_000],
      ['100003', 79, 'd61_90', 90_000],
    ]);
    const bucket = await w.ok('collections.portfolioAccounts', { dimension: 'total', bucket: 'd31_60' }, w.coordinator);
    expect(bucket.rows.map((r) => r.accountNumber)).toEqual(['100002']);
  });

  it('downloads the CSV (Excel in Spanish) and the PDF', async () => {
    const file = await w.ok('collections.portfolioFile', { dimension: 'ciclo', format: 'csv' }, w.coordinator);
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0].split(';').slice(0, 3)).toEqual(['Grupo', 'Al día (valor)', 'Al día (cuentas)']);
    expect(lines.at(-1)).toBe('TOTAL;40000;1;80000;1;110000;1;90000;1;200000;1;0;0;300000;1;820000;6');
    const pdf = await w.ok('collections.portfolioFile', { dimension: 'total', format: 'pdf' }, w.coordinator);
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is the coordinators’: a gestor is refused', async () => {
    expect(refusal(await w.call('collections.portfolio', { dimension: 'total' }, w.gestorA))).toEqual({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });
  });
});

describe('campaigns: criteria, exclusions and sharing', () => {
  let preview: CampaignPreview;
  const more: Record<string, number> = {};

  beforeAll(async () => {
    // 31–60 days, one account per exclusion (all due 2026-01-20: 48 days)
    const due = [{ due: '2026-01-20', total: 60_000 }];
    more.protected = (await debtor(w, '200001', due, { phone: '3105000001', use: 'especial' })).accountId;
    more.reclamo = (await debtor(w, '200002', due, { phone: '3105000002' })).accountId;
    more.promise = (await debtor(w, '200003', due, { phone: '3105000003' })).accountId;
    more.paid = (await debtor(w, '200004', [{ due: '2026-01-20', total: 60_000 }, { due: '2026-02-20', total: 60_000 }], { phone: '3105000004' })).accountId;
    more.elsewhere = (await debtor(w, '200005', due, { phone: '3105000005', cycle: '9' })).accountId;
    more.noChannel = (await debtor(w, '200006', due, {})).accountId;
    more.reference = (await debtor(w, '200007', due, {})).accountId;

    const clerk = await (await import('../helpers/backoffice')).loginAs(w, 'auxiliar', 'auxiliar.pqr');
    await filePqr(w, clerk, { type: 'reclamo', channel: 'telefono', accountId: more.reclamo });
    // a commitment made by the coordinator outside any campaign, due Friday 13 March
    await call(w, w.coordinator, more.promise, 'compromiso_de_pago', { commitment: { amount: 30_000, date: '2026-03-13' } });
    // 20.000 paid at the counter today: the account still owes 100.000 but paid days ago is left out
    const desk = await openCashierDesk(w);
    await payCash(w, desk.token, more.paid, 20_000);
    await launch(w, { buckets: ['d31_60'], cycle: '9' }, [w.gestorBId], 'Ciclo 9');
    await w.ok(
      'collections.saveContactPoint',
      {
        accountId: more.reference,
        kind: 'telefono',
        value: '3115550007',
        relation: 'referencia',
        holderName: 'Vecina',
        source: 'llamada',
        authorisation: { on: '2026-03-02', via: 'llamada_grabada', purposes: ['cobranza'], channels: ['llamada'] },
      },
      w.coordinator,
    );
    preview = await w.ok('collections.campaignPreview', { criteria: { buckets: ['d31_60'] } }, w.coordinator);
  });

  it('says how many qualify and why each other one is left out', () => {
    // 31–60: 100002 plus the seven of this block
    expect(preview.matching).toBe(8);
    expect(preview.qualifying).toBe(1);
    expect(preview.sample.map((s) => s.accountNumber)).toEqual(['100002']);
    expect(preview.excluded.filter((e) => e.count > 0).map((e) => [e.reason, e.count])).toEqual([
      ['uso_protegido', 1],
      ['reclamo_abierto', 1],
      ['compromiso_vigente', 1],
      ['pago_reciente', 1],
      ['otra_campana', 1],
      ['sin_canal_autorizado', 1],
      ['reglas_contacto', 1],
    ]);
    const why = Object.fromEntries(preview.excludedSample.map((s) => [s.accountNumber, s.reasonText]));
    expect(why['200001']).toBe('Uso especial: protección especial (política de cobranza)');
    expect(why['200002']).toMatch(/^Reclamo o recurso 2026-GAR-P-\d{6} abierto$/);
    expect(why['200003']).toBe('Compromiso de pago para el 13/03/2026');
    expect(why['200004']).toBe('Pagó $ 20.000 el 09/03/2026');
    expect(why['200005']).toBe('Está en la campaña «Ciclo 9»');
    expect(why['200006']).toBe('Sin teléfono ni correo autorizados para cobranza (Ley 1581 de 2012)');
    expect(why['200007']).toBe('Solo tiene datos autorizados de referencias o terceros: se contacta solo al deudor');
  });

  it('to another office, the same exclusions name neither this office’s radicado nor its campaign', async () => {
    const office = await w.ok('offices.create', { ...OFFICE, code: 'SOM', name: 'Oficina Somondoco', city: 'Somondoco', cityDane: '15761' }, w.adminToken);
    const other = await createUserReady(w, { fullName: 'Coordinadora Somondoco', username: 'coord.somondoco', officeId: office.id, role: 'coordinador', password: 'clave-de-prueba' });
    const seen = await w.ok('collections.campaignPreview', { criteria: { buckets: ['d31_60'] } }, other);
    const why = Object.fromEntries(seen.excludedSample.map((s) => [s.accountNumber, s.reasonText]));
    expect(why['200002']).toBe('Reclamo o recurso abierto en otra oficina');
    expect(why['200005']).toBe('Está en una campaña de otra oficina');
    // the account is still left out: the exclusion holds for the whole company
    expect(seen.qualifying).toBe(preview.qualifying);
  });

  it('filters by minimum debt, cycle, use, estrato, notice stage and channel', async () => {
    const criteria = async (c: object) => (await w.ok('collections.campaignPreview', { criteria: c }, w.coordinator)).sample.map((s) => s.accountNumber).sort();
    // no bucket: every overdue account that qualifies (al día is never included)
    expect(await criteria({})).toEqual(['100001', '100002', '100003', '100004', '100006']);
    expect(await criteria({ minDebt: 100_000 })).toEqual(['100002', '100004', '100006']);
    expect(await criteria({ cycle: '2' })).toEqual(['100003', '100004']);
    expect(await criteria({ use: 'comercial' })).toEqual(['100004']);
    expect(await criteria({ estrato: 3 })).toEqual(['100003']);
    expect(await criteria({ buckets: ['d61_90', 'mas_360'] })).toEqual(['100003', '100006']);
    expect(await criteria({ noticeStage: 'suspension' })).toEqual([]);
    expect(await criteria({ noticeStage: 'ninguno', buckets: ['d1_30'] })).toEqual(['100001']);
    expect(await criteria({ channel: 'correo' })).toEqual([]);
  });

  it('refuses a campaign with no accounts, in Spanish, and writes nothing', async () => {
    const before = await collectionCounts(w);
    const r = await w.call('collections.launchCampaign', { idempotencyKey: key(), name: 'Vacía', criteria: { buckets: ['d181_360'] }, gestorIds: [w.gestorAId], distribution: 'deuda' }, w.coordinator);
    expect(refusal(r)).toEqual({ code: 'RULE', message: 'La campaña no tiene cuentas: ninguna cuenta con deuda cumple los criterios. Amplíe los criterios.' });
    const excludedOnly = await w.call('collections.launchCampaign', { idempotencyKey: key(), name: 'Excluidas', criteria: { buckets: ['d31_60'], use: 'especial' }, gestorIds: [w.gestorAId], distribution: 'deuda' }, w.coordinator);
    expect(refusal(excludedOnly)).toEqual({ code: 'RULE', message: 'La campaña no tiene cuentas: la única cuenta que cumple los criterios queda excluida (vea el motivo en la vista previa).' });
    expect(await collectionCounts(w)).toEqual(before);
  });

  it('shares the accounts evenly by debt, and a double click launches once', async () => {
    const idempotencyKey = key();
    const input = { idempotencyKey, name: 'Marzo vencida', criteria: {}, gestorIds: [w.gestorAId, w.gestorBId], distribution: 'deuda' as const };
    const campaign = await w.ok('collections.launchCampaign', input, w.coordinator);
    const again = await w.ok('collections.launchCampaign', input, w.coordinator);
    expect(again.id).toBe(campaign.id);
    // largest first to the lightest: 300 → Ana, 200 → Beto, 110 → Beto (200 < 300), 90 → Ana (300 < 310), 80 → Beto (310 < 390)
    expect(campaign.gestores.map((g) => [g.gestorId, g.accounts, g.debt]).sort()).toEqual(
      [
        [w.gestorAId, 2, 390_000],
        [w.gestorBId, 3, 390_000],
      ].sort(),
    );
    const rows: { account_id: number; gestor_id: number }[] = await w.app.db('collection_assignments').where({ campaign_id: campaign.id }).select('account_id', 'gestor_id');
    const mine = (g: number) => rows.filter((r) => r.gestor_id === g).map((r) => r.account_id).sort((x, y) => x - y);
    expect(mine(w.gestorAId)).toEqual([ids.c, ids.f].sort((x, y) => x - y));
    expect(mine(w.gestorBId)).toEqual([ids.a, ids.b, ids.d].sort((x, y) => x - y));
    // what the launch wrote for the queue (computed in SQL): the days counted by hand above, the
    // bucket, and priority = bucket index (1–30 is 1 … más de 360 is 6) × 10¹² + debt
    const written: { number: string; days_past_due: number; bucket: string; priority: number | string; debt: number | string }[] = await w.app
      .db('collection_assignments as x')
      .join('accounts as a', 'a.id', 'x.account_id')
      .where('x.campaign_id', campaign.id)
      .orderBy('a.number')
      .select('a.number', 'x.days_past_due', 'x.bucket', 'x.priority', 'x.debt');
    expect(written.map((r) => [r.number, Number(r.days_past_due), r.bucket, Number(r.priority), Number(r.debt)])).toEqual([
      ['100001', 17, 'd1_30', 1_000_000_080_000, 80_000],
      ['100002', 48, 'd31_60', 2_000_000_110_000, 110_000],
      ['100003', 79, 'd61_90', 3_000_000_090_000, 90_000],
      ['100004', 140, 'd91_180', 4_000_000_200_000, 200_000],
      ['100006', 373, 'mas_360', 6_000_000_300_000, 300_000],
    ]);
    expect(campaign.accounts).toBe(5);
    expect(campaign.debt).toBe(780_000);
    expect(campaign.criteriaText).toEqual(['Edades: toda la cartera vencida']);
    const audits = await w.app.db('audit_log').where({ action: 'collections.campaign.launch', entity_id: String(campaign.id) }).select('after_json');
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0].after_json as string)).toMatchObject({ accounts: 5, totalDebt: 780_000, matching: 12 });
  });

  it('by route keeps whole routes together', () => {
    const accounts = [
      { id: 1, debt: 100, cycle: '1', route: '01' },
      { id: 2, debt: 50, cycle: '1', route: '01' },
      { id: 3, debt: 120, cycle: '1', route: '02' },
      { id: 4, debt: 10, cycle: '2', route: '01' },
    ];
    const share = distribute(accounts, [7, 8], 'ruta');
    // routes by debt: 1-01 (150) → 7, 1-02 (120) → 8, 2-01 (10) → 8 (120 < 150)
    expect(share.get(7)?.map((a) => a.id)).toEqual([1, 2]);
    expect(share.get(8)?.map((a) => a.id)).toEqual([3, 4]);
  });
});

describe('who sees what', () => {
  it('gives each gestor only the accounts of their campaigns (another answers not found)', async () => {
    const notMine = await w.call('collections.desk', { accountId: ids.a }, w.gestorA);
    expect(refusal(notMine)).toEqual({ code: 'NOT_FOUND', message: 'Esa cuenta no está en sus campañas.' });
    const mine = await w.ok('collections.desk', { accountId: ids.c }, w.gestorA);
    expect(mine.accountNumber).toBe('100003');
    expect(mine.assignment?.campaignName).toBe('Marzo vencida');
    const outside = await w.call('collections.recordContact', { idempotencyKey: key(), accountId: ids.e, channel: 'llamada', direction: 'entrante', outcome: 'contacto_efectivo', notes: '' }, w.gestorA);
    expect(refusal(outside)).toEqual({ code: 'NOT_FOUND', message: 'Esa cuenta no está en sus campañas.' });
    const campaigns = await w.ok('collections.campaigns', {}, w.gestorA);
    expect(campaigns.map((c) => c.name)).toEqual(['Marzo vencida']);
  });

  it('keeps another office out: its coordinator gets not found for this office’s campaign and its accounts in campaign', async () => {
    const office = await w.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, w.adminToken);
    const other = await createUserReady(w, { fullName: 'Coordinador Tenza', username: 'coord.tenza', officeId: office.id, role: 'coordinador', password: 'clave-de-prueba' });
    const [campaign] = await w.ok('collections.campaigns', { state: 'activa' }, w.coordinator);
    expect(refusal(await w.call('collections.campaign', { campaignId: campaign.id }, other))).toEqual({ code: 'NOT_FOUND', message: 'La campaña no existe' });
    expect(refusal(await w.call('collections.closeCampaign', { campaignId: campaign.id, note: 'No es mía' }, other))).toEqual({ code: 'NOT_FOUND', message: 'La campaña no existe' });
    expect(refusal(await w.call('collections.desk', { accountId: ids.c }, other))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await w.ok('collections.campaigns', {}, other)).toEqual([]);
    // the gestores of this office cannot be given to a campaign of the other one
    const r = await w.call('collections.launchCampaign', { idempotencyKey: key(), name: 'Ajena', criteria: {}, gestorIds: [w.gestorAId], distribution: 'deuda' }, other);
    expect(refusal(r)).toEqual({ code: 'NOT_FOUND', message: `El gestor con id ${w.gestorAId} en esta oficina no existe` });
    // an administrator works for the whole company: sees every office's gestores, and a campaign is of one office
    await createUserReady(w, { fullName: 'Gestor Tenza', username: 'gestor.tenza', officeId: office.id, role: 'gestor', password: 'clave-de-prueba' });
    const admin = await createUserReady(w, { fullName: 'Administradora Tenza', username: 'admin.tenza', officeId: office.id, role: 'administrador', password: 'clave-de-prueba' });
    const gestores = await w.ok('collections.gestores', {}, admin);
    expect(gestores.map((g) => [g.username, g.officeCode]).sort()).toEqual([
      ['gestor.beto', 'GAR'],
      ['gestor.tenza', 'TEN'],
      ['gestora.ana', 'GAR'],
    ]);
    const tenza = gestores.find((g) => g.username === 'gestor.tenza')?.id as number;
    const before = await collectionCounts(w);
    const mixed = await w.call('collections.launchCampaign', { idempotencyKey: key(), name: 'Mezclada', criteria: {}, gestorIds: [w.gestorAId, tenza], distribution: 'deuda' }, admin);
    expect(refusal(mixed)).toEqual({ code: 'RULE', message: 'Los gestores de una campaña son de una misma oficina: elija gestores de una sola oficina.' });
    expect(await collectionCounts(w)).toEqual(before);
  });

  it('lists a campaign’s own accounts in queue order, paged and as CSV; a gestor sees only theirs', async () => {
    const [campaign] = await w.ok('collections.campaigns', { state: 'activa' }, w.coordinator);
    expect(campaign.name).toBe('Marzo vencida');
    await call(w, w.gestorA, ids.c, 'no_contesta');
    const all = await w.ok('collections.campaignAccounts', { campaignId: campaign.id }, w.coordinator);
    // queue order: older bucket first, then larger debt — 373, 140, 79, 48 and 17 days (counted above)
    expect(all.total).toBe(5);
    expect(all.rows.map((r) => [r.accountNumber, r.gestorId, r.debt, r.daysPastDue, r.state])).toEqual([
      ['100006', w.gestorAId, 300_000, 373, 'pendiente'],
      ['100004', w.gestorBId, 200_000, 140, 'pendiente'],
      ['100003', w.gestorAId, 90_000, 79, 'gestionada'],
      ['100002', w.gestorBId, 110_000, 48, 'pendiente'],
      ['100001', w.gestorBId, 80_000, 17, 'pendiente'],
    ]);
    expect(all.rows[2]).toMatchObject({ lastOutcome: 'No contesta', contacts: 1, bucket: 'd61_90', debtAtLaunch: 90_000 });
    expect(all.rows[2].lastContactAt).not.toBeNull();
    expect(all.rows[0]).toMatchObject({ lastOutcome: null, lastContactAt: null, contacts: 0 });

    const page = await w.ok('collections.campaignAccounts', { campaignId: campaign.id, offset: 2, limit: 2 }, w.coordinator);
    expect([page.total, page.rows.map((r) => r.accountNumber)]).toEqual([5, ['100003', '100002']]);
    const done = await w.ok('collections.campaignAccounts', { campaignId: campaign.id, state: 'gestionada' }, w.coordinator);
    expect(done.rows.map((r) => r.accountNumber)).toEqual(['100003']);

    // Ana sees her two accounts only, whatever gestor she asks for
    const hers = await w.ok('collections.campaignAccounts', { campaignId: campaign.id }, w.gestorA);
    expect(hers.rows.map((r) => r.accountNumber)).toEqual(['100006', '100003']);
    expect((await w.ok('collections.campaignAccounts', { campaignId: campaign.id, gestorId: w.gestorBId }, w.gestorA)).total).toBe(0);
    // a campaign not assigned to her (Beto's «Ciclo 9»), and this office's campaign to another office: not found
    const [cycle9] = (await w.ok('collections.campaigns', {}, w.coordinator)).filter((c) => c.name === 'Ciclo 9');
    expect(refusal(await w.call('collections.campaignAccounts', { campaignId: cycle9.id }, w.gestorA))).toEqual({ code: 'NOT_FOUND', message: 'La campaña no existe' });
    const { token: tenza } = await w.ok('auth.login', { username: 'coord.tenza', password: 'clave-de-prueba' });
    expect(refusal(await w.call('collections.campaignAccountsFile', { campaignId: campaign.id }, tenza))).toEqual({ code: 'NOT_FOUND', message: 'La campaña no existe' });
    expect(refusal(await w.call('collections.campaignAccounts', { campaignId: campaign.id }, await loginAs(w, 'cajero', 'cajero.cartera')))).toEqual({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });

    const file = await w.ok('collections.campaignAccountsFile', { campaignId: campaign.id, gestorId: w.gestorAId }, w.coordinator);
    expect(file.fileName).toBe('campana-marzo-vencida-cuentas-2026-03-09.csv');
    const lines = Buffer.from(file.base64, 'base64').toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Cuenta;Suscriptor;Gestor;Deuda hoy;Días de mora;Estado en la cola;Compromiso incumplido;Gestiones;Último resultado;Último contacto;Deuda al lanzar');
    expect(lines.slice(1).map((l) => l.split(';').filter((_, i) => i !== 9))).toEqual([
      ['100006', 'TITULAR 100006', 'Usuario gestor', '300000', '373', 'Por llamar', 'No', '0', '', '300000'],
      ['100003', 'TITULAR 100003', 'Usuario gestor', '90000', '79', 'Gestionada', 'No', '1', 'No contesta', '90000'],
    ]);
    expect(lines[2].split(';')[9]).toBe('09/03/2026 10:00');
  });

  it('closes a campaign: its accounts leave the queues', async () => {
    const [campaign] = await w.ok('collections.campaigns', { state: 'activa' }, w.coordinator);
    const closed = await w.ok('collections.closeCampaign', { campaignId: campaign.id, note: 'Fin de la prueba' }, w.coordinator);
    expect(closed.state).toBe('cerrada');
    expect(await w.ok('collections.next', {}, w.gestorA)).toBeNull();
    expect(refusal(await w.call('collections.desk', { accountId: ids.c }, w.gestorA))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
