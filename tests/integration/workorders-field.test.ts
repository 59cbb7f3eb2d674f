/**
 * Issue 17: suspension orders from the expired suspension notices with who is left out and why, the
 * crew's CSV of results (the whole file or nothing), the route sheet and the export of assigned
 * orders, the board and the indicators. Through the handlers, on SQLite and PostgreSQL.
 *
 * Each account owes two invoices due 20 January and 20 February 2026 (two overdue periods on the
 * real clock of the run); a round of suspension notices is generated for them and then their
 * suspension date is moved to yesterday (the notice's term has passed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/dates';
import { COMPANY, createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, payCash, type CashierDesk } from '../helpers/cashier';
import { pdfText } from '../helpers/pdf';
import { filePqr } from '../helpers/pqr';
import { expectRefusal } from '../helpers/refusal';
import { zbarimg } from '../helpers/tools';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let coord: string;
let aux: string;
let desk: CashierDesk;
const today = () => todayIn(COMPANY.timeZone);

beforeEach(async () => {
  t = await createInitializedBackOffice();
  coord = await loginAs(t, 'coordinador', 'coord1');
  aux = await loginAs(t, 'auxiliar', 'aux1');
  desk = await openCashierDesk(t);
});
afterEach(async () => t.close());

/** accounts with two overdue invoices, in route `route` at `sequence`; their notices generated and expired */
async function expiredNoticeAccounts(specs: { number: string; route?: string; sequence?: number }[]): Promise<Record<string, { accountId: number; invoiceIds: number[]; noticeId: number }>> {
  const out: Record<string, { accountId: number; invoiceIds: number[]; noticeId: number }> = {};
  for (const s of specs) {
    const a = await accountWithInvoices(t, s.number, [50_000, 40_000]);
    await t.app.db('accounts').where({ id: a.accountId }).update({ route: s.route ?? '01', route_sequence: s.sequence ?? 1 });
    out[s.number] = { ...a, noticeId: 0 };
  }
  const round = await t.ok('notices.generate', { kind: 'suspension', accountIds: Object.values(out).map((a) => a.accountId) }, coord);
  for (const n of round.notices) out[n.accountNumber].noticeId = n.id;
  await t.app.db('notices').update({ suspension_date: addDays(today(), -1) });
  return out;
}

const count = async (table: string) => Number((await t.app.db(table).count({ n: '*' }))[0].n);

describe('suspension orders from expired notices', () => {
  it('previews who is left out and why, and generates the orders of the rest in route order', async () => {
    const a = await expiredNoticeAccounts([
      { number: '200001', route: '02', sequence: 5 },
      { number: '200002', route: '01', sequence: 9 },
      { number: '200003' }, // pays everything after the notice
      { number: '200004' }, // pays January and claims February (art. 155)
      { number: '200005' }, // a hospital
      { number: '200006' }, // already suspended
      { number: '200007' }, // already has an open suspension order
      { number: '200008' }, // retired
    ]);
    await payCash(t, desk.token, a['200003'].accountId, 90_000);
    await payCash(t, desk.token, a['200004'].accountId, 50_000);
    const reclamo = (await filePqr(t, aux, { type: 'reclamo', accountId: a['200004'].accountId, invoiceId: a['200004'].invoiceIds[1] })).pqr;
    await t.app.db('accounts').where({ id: a['200005'].accountId }).update({ use: 'especial' });
    await t.app.db('accounts').where({ id: a['200006'].accountId }).update({ status: 'suspendido' });
    const open = await t.ok('workOrders.create', { accountId: a['200007'].accountId, type: 'suspension', reason: 'Orden manual previa' }, coord);
    await t.app.db('accounts').where({ id: a['200008'].accountId }).update({ status: 'retirado' });

    const preview = await t.ok('workOrders.suspensionPreview', {}, coord);
    const byAccount = Object.fromEntries(preview.candidates.map((c) => [c.accountNumber, [c.eligible, c.exclusion, c.reason]]));
    const yesterday = addDays(today(), -1);
    const shown = `${yesterday.slice(8, 10)}/${yesterday.slice(5, 7)}/${yesterday.slice(0, 4)}`;
    expect(byAccount).toEqual({
      '200001': [true, null, `Aviso vencido el ${shown}`],
      '200002': [true, null, `Aviso vencido el ${shown}`],
      '200003': [false, 'pago', 'Pagó desde el aviso: no debe nada vencido'],
      '200004': [false, 'reclamo', `Tiene un reclamo o recurso pendiente y pagó lo no reclamado (Ley 142 de 1994, art. 155): ${reclamo.radicado} sobre la factura 200004-02`],
      '200005': [false, 'uso_protegido', 'Uso especial: uso de protección especial (hospitales, colegios…): sigue su propio procedimiento'],
      '200006': [false, 'ya_suspendida', 'Ya está suspendida'],
      '200007': [false, 'orden_abierta', 'Ya tiene una orden de suspensión abierta'],
      '200008': [false, 'retirada', 'La cuenta está retirada'],
    });
    expect(preview.eligibleCount).toBe(2);
    expect(preview.excluded).toEqual({ pago: 1, reclamo: 1, uso_protegido: 1, ya_suspendida: 1, orden_abierta: 1, retirada: 1 });

    // an excluded notice refuses the whole round, nothing written
    const hospital = preview.candidates.find((c) => c.accountNumber === '200005');
    const before = await count('work_orders');
    await expectRefusal(
      t.call('workOrders.generateSuspensions', { noticeIds: [a['200001'].noticeId, a['200005'].noticeId] }, coord),
      'RULE',
      `No se generó ninguna orden: un aviso no cumple (${hospital?.noticeNumber} (cuenta 200005): Uso especial: uso de protección especial (hospitales, colegios…): sigue su propio procedimiento).`,
    );
    expect(await count('work_orders')).toBe(before);

    const generated = await t.ok('workOrders.generateSuspensions', { noticeIds: [a['200001'].noticeId, a['200002'].noticeId] }, coord);
    const year = today().slice(0, 4);
    // OT-…-000001 was the manual order of 200007; the round takes 000002 and 000003 in route order (route 01 before 02)
    expect(generated.orders.map((o) => [o.number, o.accountNumber, o.type, o.state, o.origin])).toEqual([
      [`OT-${year}-000002`, '200002', 'suspension', 'pendiente', 'aviso'],
      [`OT-${year}-000003`, '200001', 'suspension', 'pendiente', 'aviso'],
    ]);
    expect(generated.orders[0].originRef).toMatch(/^Aviso de suspensión AS-\d{4}-00000\d$/);
    expect(open.number).toBe(`OT-${year}-000001`);
    // generated again: both now have an open order
    await expectRefusal(t.call('workOrders.generateSuspensions', { noticeIds: [a['200001'].noticeId] }, coord), 'RULE', /Ya tiene una orden de suspensión abierta\)\.$/);
  });
});

/**
 * `count` accounts (numbers from 600001), each owing two invoices due 20 January and 20 February of
 * this year, with a suspension notice whose term ended yesterday: written in bulk (a round of more
 * than 1,000 notices through notices.generate would cost this file seconds it does not need).
 */
async function manyExpiredNotices(count: number): Promise<number[]> {
  const db = t.app.db;
  const year = today().slice(0, 4);
  const now = new Date().toISOString();
  const numbers = Array.from({ length: count }, (_, i) => String(600_001 + i));
  const insert = async (table: string, rows: Record<string, unknown>[]) => {
    for (let i = 0; i < rows.length; i += 300) await db(table).insert(rows.slice(i, i + 300));
  };
  await insert(
    'accounts',
    numbers.map((number, i) => ({
      number, holder_name: `TITULAR ${number}`, id_type: 'CC', id_number: `7${number}`, address: `Calle ${i % 90} # 1-2`, neighborhood: 'Centro', city_dane: '15299',
      estrato: 2, use: 'residencial', status: 'activo', cycle: '1', route: '05', route_sequence: i, search_name: `titular ${number}`, search_address: 'calle', created_at: now, updated_at: now,
    })),
  );
  const accounts: { id: number; number: string }[] = await db('accounts').whereIn('number', numbers).orderBy('id').select('id', 'number');
  await insert(
    'invoices',
    accounts.flatMap((a) =>
      ['01', '02'].map((m) => ({
        number: `${a.number}-${m}`, account_id: a.id, period: `${year}-${m}`, issue_date: `${year}-${m}-01`, due_date: `${year}-${m}-20`, suspension_date: `${year}-${m}-28`,
        consumption_m3: 18, payment_reference: `R${a.number}${m}`, total: 25_000, balance: 25_000, created_at: now, updated_at: now,
      })),
    ),
  );
  const template: { id: number } = await db('letter_templates').orderBy('id').first('id');
  const [batch] = await db('notice_batches')
    .insert({ kind: 'suspension', office_id: t.officeId, template_id: template.id, count, first_number: 'AS-X-1', last_number: 'AS-X-2', created_at: now, created_by_name: 'prueba' })
    .returning('id');
  await insert(
    'notices',
    accounts.map((a, i) => ({
      number: `AS-${year}-${String(i + 1).padStart(6, '0')}`, kind: 'suspension', batch_id: Number(typeof batch === 'object' ? batch.id : batch), account_id: a.id,
      letter_date: addDays(today(), -10), debt: 50_000, unpaid_periods: 2, oldest_due_date: `${year}-01-20`, suspension_date: addDays(today(), -1), days_past_due: 30,
      recipient_name: 'X', recipient_lines_json: '[]', city: 'Garagoa', subject: 'Aviso', body: 'Aviso', signer_name: 'X', signer_title: 'X', footer: '', state: 'entregado',
      generated_at: now, generated_by: 'prueba',
    })),
  );
  return accounts.map((a) => Number(a.id));
}

describe('a suspension round of more than 1,000 notices is one act', () => {
  it('a fault late in the round writes nothing (orders, audit, notices, counter); the next round numbers on from the last order handed out', async () => {
    const year = today().slice(0, 4);
    await manyExpiredNotices(1_200);
    // the counter hands out OT-…-000001 to a manual order: the round starts at 000002
    const manual = await t.ok('workOrders.create', { accountId: (await t.app.db('accounts').where({ number: '600001' }).first('id')).id, type: 'revision', reason: 'Revisión previa' }, coord);
    expect(manual.number).toBe(`OT-${year}-000001`);
    // 600002 signed a payment agreement that is active while its invoices are still overdue: left out (judged in SQL, as the round judges it)
    const signed: { id: number } = await t.app.db('accounts').where({ number: '600002' }).first('id');
    await t.app.db('payment_agreements').insert({
      office_id: t.officeId, account_id: signed.id, number: `AP-${year}-000001`, state: 'activo', channel: 'presencial', signer_name: 'TITULAR 600002', signer_id_number: '7600002',
      signer_relation: 'titular', debt_total: 50_000, down_payment: 10_000, financed: 40_000, annual_rate_bp: 0, usury_rate_bp: 0, installments: 4, first_due_date: addDays(today(), 30),
      day_of_month: 5, total_interest: 0, down_payment_deadline: addDays(today(), 5), business_date: today(), created_at: new Date().toISOString(), idempotency_key: 'acuerdo-600002',
    });
    const preview = await t.ok('workOrders.suspensionPreview', {}, coord);
    expect([preview.candidates.length, preview.eligibleCount, preview.excluded]).toEqual([1_200, 1_199, { acuerdo: 1 }]);
    const left = preview.candidates.find((c) => !c.eligible);
    expect([left?.accountNumber, left?.reason]).toEqual(['600002', 'Tiene un acuerdo de pago activo']);
    await expectRefusal(
      t.call('workOrders.generateSuspensions', { noticeIds: preview.candidates.map((c) => c.noticeId) }, coord),
      'RULE',
      `No se generó ninguna orden: un aviso no cumple (${left?.noticeNumber} (cuenta 600002): Tiene un acuerdo de pago activo).`,
    );
    const noticeIds = preview.candidates.filter((c) => c.eligible).map((c) => c.noticeId);

    // a real fault the round can meet: a number already in the table (a restored order, a counter set back).
    // 000002 + 1,099 = 001101 is the 1,100th order of the round, past the screen's old blocks of 1,000.
    const planted = { ...(await t.app.db('work_orders').where({ number: manual.number }).first()), number: `OT-${year}-001101` };
    delete planted.id;
    await t.app.db('work_orders').insert(planted);
    const snapshot = async () => ({
      orders: await count('work_orders'),
      audit: await count('audit_log'),
      roundAudit: Number((await t.app.db('audit_log').where({ action: 'workOrders.suspensions' }).count({ n: '*' }))[0].n),
      notices: await t.app.db('notices').orderBy('id').select('id', 'state'),
      counter: await t.app.db('counters').where('key', 'like', 'workorder:%').select('key', 'value'),
    });
    const before = await snapshot();
    await expectRefusal(t.call('workOrders.generateSuspensions', { noticeIds }, coord), 'INTERNAL', 'Error interno del sistema. La operación no se realizó; intente de nuevo o avise al administrador.');
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(before.orders).toBe(2); // the manual order and the planted one: none of the 1,099 before the fault
    expect(before.roundAudit).toBe(0);

    // the planted row removed, the same round goes through whole: 1,199 orders, 000002 … 001200, one audit row
    await t.app.db('work_orders').where({ number: planted.number }).del();
    const generated = await t.ok('workOrders.generateSuspensions', { noticeIds }, coord);
    expect([generated.count, generated.firstNumber, generated.lastNumber]).toEqual([1_199, `OT-${year}-000002`, `OT-${year}-001200`]);
    expect(generated.orders).toHaveLength(1_000); // the screen gets the first 1,000
    expect(generated.orders[0]).toMatchObject({ number: `OT-${year}-000002`, accountNumber: '600001', type: 'suspension', state: 'pendiente', origin: 'aviso' });
    const written: { notice_id: number }[] = await t.app.db('work_orders').where({ type: 'suspension', origin: 'aviso' }).select('notice_id');
    expect(written.map((w) => Number(w.notice_id)).sort((x, y) => x - y)).toEqual([...noticeIds].sort((x, y) => x - y)); // the preview's eligible, each once
    expect(Number((await t.app.db('audit_log').where({ action: 'workOrders.suspensions' }).count({ n: '*' }))[0].n)).toBe(1);
    // and the preview now leaves every one out: an open suspension order
    const again = await t.ok('workOrders.suspensionPreview', {}, coord);
    expect([again.eligibleCount, again.excluded]).toEqual([0, { orden_abierta: 1_199, acuerdo: 1 }]);
  });
});

/** two suspension orders assigned to crew C1, and a reconnection order of a third account */
async function assignedRound(): Promise<{ numbers: string[]; accounts: number[]; crewId: number }> {
  const a = await expiredNoticeAccounts([
    { number: '300001', route: '01', sequence: 20 },
    { number: '300002', route: '01', sequence: 10 },
  ]);
  const generated = await t.ok('workOrders.generateSuspensions', { noticeIds: [a['300001'].noticeId, a['300002'].noticeId] }, coord);
  const crew = await t.ok('workOrders.saveCrew', { code: 'C1', name: 'Cuadrilla norte', members: 'Pedro Gil, Luis Soto', active: true }, coord);
  await t.ok('workOrders.assign', { orderIds: generated.orders.map((o) => o.id), crewId: crew.id }, coord);
  // generated two hours ago: the crew's results of the last hour come after them
  await t.app.db('work_orders').whereIn('id', generated.orders.map((o) => o.id)).update({ created_at: new Date(Date.now() - 2 * 3_600_000).toISOString() });
  return { numbers: generated.orders.map((o) => o.number), accounts: generated.orders.map((o) => o.accountId), crewId: crew.id };
}

/** 'YYYY-MM-DD HH:MM' on Bogotá's clock, `minutesAgo` before now */
function localMinutesAgo(minutesAgo: number): string {
  const at = new Date(Date.now() - minutesAgo * 60_000 - 5 * 3_600_000).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}

describe("the crew's CSV of results", () => {
  it('refuses the whole file with the line and reason of each problem, and writes nothing', async () => {
    const { numbers, accounts } = await assignedRound();
    const csv = [
      'orden;resultado;fecha_ejecucion;ejecutada_por;lectura;sello;causa;observaciones',
      `${numbers[0]};ejecutada;${localMinutesAgo(1)};Pedro Gil;1234;S-100;;Suspendido en el registro`,
      `OT-2020-999999;ejecutada;${localMinutesAgo(1)};Pedro Gil;;;;`,
      `${numbers[1]};ejecutada;2099-01-01 08:00;Pedro Gil;;;;`,
      `${numbers[0]};fallida;${localMinutesAgo(1)};Pedro Gil;;;predio_cerrado;`,
    ].join('\n');
    const before = { orders: await t.app.db('work_orders').orderBy('id'), accounts: await t.app.db('accounts').whereIn('id', accounts).orderBy('id'), audit: await count('audit_log') };
    await expectRefusal(
      t.call('workOrders.importResults', { csv }, coord),
      'RULE',
      `No se registró ningún resultado: una línea tiene problemas (línea 5: la orden ${numbers[0]} ya viene en la línea 2).`,
    );
    const withoutDuplicate = csv.split('\n').slice(0, 4).join('\n');
    await expectRefusal(
      t.call('workOrders.importResults', { csv: withoutDuplicate }, coord),
      'RULE',
      /^No se registró ningún resultado: 2 líneas tienen problemas \(línea 3: la orden OT-2020-999999 no existe; línea 4: La fecha de ejecución \(01\/01\/2099 08:00\) es posterior a este momento\)\.$/,
    );
    expect(await t.app.db('work_orders').orderBy('id')).toEqual(before.orders);
    expect(await t.app.db('accounts').whereIn('id', accounts).orderBy('id')).toEqual(before.accounts);
    expect(await count('audit_log')).toBe(before.audit);
  });

  it('applies a good file: executed suspensions suspend the accounts, failed visits keep their cause', async () => {
    const { numbers, accounts } = await assignedRound();
    const sample = fs.readFileSync(path.join(__dirname, '../../resources/samples/resultados-cuadrilla.csv'), 'utf8');
    // the sample's header and layout, with this round's orders and times
    const [header] = sample.split(/\r?\n/);
    const csv = [header, `${numbers[0]};ejecutada;${localMinutesAgo(30)};Pedro Gil;1234;S-100;;Suspendido en el registro`, `${numbers[1]};fallida;${localMinutesAgo(10)};Pedro Gil;;;predio_cerrado;Nadie en casa`].join('\r\n');
    const summary = await t.ok('workOrders.importResults', { csv }, coord);
    expect(summary).toEqual({ lines: 2, executed: 1, failed: 1, reconnectionCharges: 0 });
    const rows = await t.app.db('work_orders').whereIn('number', numbers).orderBy('number').select('number', 'state', 'meter_reading', 'seal_number', 'failure_cause', 'executed_by');
    expect(rows).toEqual([
      { number: numbers[0], state: 'ejecutada', meter_reading: 1234, seal_number: 'S-100', failure_cause: null, executed_by: 'Pedro Gil' },
      { number: numbers[1], state: 'fallida', meter_reading: null, seal_number: '', failure_cause: 'predio_cerrado', executed_by: 'Pedro Gil' },
    ].sort((x, y) => x.number.localeCompare(y.number)));
    const statuses = await t.app.db('accounts').whereIn('id', accounts).orderBy('id').select('number', 'status');
    expect(Object.fromEntries(statuses.map((s) => [s.number, s.status]))).toEqual({ '300002': 'suspendido', '300001': 'activo' }); // numbers[0] is 300002's (route order)
  });
});

describe('the route sheet, the export, the board and the indicators', () => {
  it('prints the crew\'s orders in route order with each order\'s barcode, and exports them to CSV', async () => {
    const { numbers, crewId } = await assignedRound();
    const sheet = await t.ok('workOrders.routeSheet', { crewId }, coord);
    const text = pdfText(Buffer.from(sheet.base64, 'base64')).replace(/\s+/g, ' ');
    expect(text).toContain('HOJA DE RUTA — Cuadrilla C1 Cuadrilla norte');
    expect(text).toContain('2 órdenes asignadas en orden de ruta');
    // 300002 (sequence 10) before 300001 (sequence 20)
    const first = text.indexOf('Cuenta 300002');
    const second = text.indexOf('Cuenta 300001');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);

    const csv = await t.ok('workOrders.exportAssigned', { crewId }, coord);
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('orden;tipo;prioridad;cuadrilla;cuenta;titular;direccion;ciclo;ruta;secuencia;creada;vence;origen');
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 5))).toEqual([
      [numbers[0], 'suspension', 'normal', 'Cuadrilla norte', '300002'],
      [numbers[1], 'suspension', 'normal', 'Cuadrilla norte', '300001'],
    ]);
  });

  it.runIf(zbarimg.run)("zbarimg reads each order's number from the route sheet's barcodes", async () => {
    zbarimg.require();
    const { numbers, crewId } = await assignedRound();
    const sheet = await t.ok('workOrders.routeSheet', { crewId }, coord);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-zbar-'));
    try {
      fs.writeFileSync(path.join(dir, 'hoja.pdf'), Buffer.from(sheet.base64, 'base64'));
      execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', path.join(dir, 'hoja.pdf'), path.join(dir, 'hoja')]);
      const out = execFileSync('zbarimg', ['--quiet', '--raw', path.join(dir, 'hoja.png')], { encoding: 'utf8' });
      expect(new Set(out.trim().split('\n'))).toEqual(new Set(numbers));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('indicators: reconnections within 24 hours, average hours, suspensions executed vs ordered', async () => {
    const { numbers, accounts } = await assignedRound();
    await t.ok('chargeItems.save', { code: 'RECONEXION', name: 'Reconexión del servicio', amount: 85_000, active: true }, t.adminToken);
    // one suspension executed, then the customer pays and the reconnection is executed 90 minutes after the payment
    await t.ok('workOrders.importResults', { csv: `orden;resultado;fecha_ejecucion;ejecutada_por\n${numbers[0]};ejecutada;${localMinutesAgo(5)};Pedro Gil` }, coord);
    await payCash(t, desk.token, accounts[0], 90_000);
    const reconnection = await t.app.db('work_orders').where({ account_id: accounts[0], type: 'reconexion' }).first('id', 'created_at');
    await t.app.db('work_orders').where({ id: reconnection.id }).update({ created_at: new Date(Date.now() - 90 * 60_000).toISOString() });
    await t.ok('workOrders.recordResult', { orderId: reconnection.id, outcome: 'ejecutada', executedAt: localMinutesAgo(0), executedBy: 'Luis Soto' }, coord);

    const board = await t.ok('workOrders.board', { type: 'reconexion' }, coord);
    expect(board.rows.map((r) => [r.state, r.late, Math.round(r.hours ?? 0)])).toEqual([['ejecutada', false, 2]]);

    const range = { from: addDays(today(), -1), to: today() };
    const numbersOf = await t.ok('workOrders.indicators', range, coord);
    expect(numbersOf).toMatchObject({ reconnectionsExecuted: 1, reconnectionsWithinLimit: 1, reconnectionsWithinLimitPct: 100, reconnectionHours: 24, suspensionsOrdered: 2, suspensionsExecuted: 1, openLateReconnections: 0 });
    expect(numbersOf.averageHoursToReconnect).toBeCloseTo(1.5, 1);

    // the account page lists its orders, newest first
    const ofAccount = await t.ok('workOrders.ofAccount', { accountId: accounts[0] }, desk.token);
    expect(ofAccount.map((o) => [o.type, o.state])).toEqual([
      ['reconexion', 'ejecutada'],
      ['suspension', 'ejecutada'],
    ]);
  });
});
