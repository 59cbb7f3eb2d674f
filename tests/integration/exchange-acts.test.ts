/**
 * Issue 18, item 3: the other acts of a day as CSVs for the billing system — agreements with their
 * schedule and state changes, work-order results, charges added at the office, contact data with its
 * authorisation, PQR decisions that change a bill — each header equal to its sample in
 * resources/samples/ (the CSV and the column table of its .md), each act once, and the console's
 * `export <kind>`. One back office: a day at the office, then its files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_KINDS, type ActKind } from '../../shared/contract';
import { addMonths, todayIn } from '../../shared/dates';
import { ACT_EXPORTERS, actHeader } from '../../electron/core/modules/exchange/acts/index';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, createCoordinator, openCashierDesk, pay, payCash, paymentKey, type InitializedBackOffice } from '../helpers/cashier';
import { runCliHere, REPO_ROOT } from '../helpers/cli';
import { filePqr } from '../helpers/pqr';

let t: InitializedBackOffice;
let coordinator: string;
let today: string;
const ids: Record<string, number> = {};
let granted: { radicado: string; answer: string };

const SAMPLES: Record<ActKind, [string, string]> = {
  novedades: ['NOVEDADES.md', 'novedades-v1.csv'],
  acuerdos: ['ACUERDOS.md', 'acuerdos-v1.csv'],
  ordenes: ['ORDENES.md', 'ordenes-v1.csv'],
  cobros: ['COBROS.md', 'cobros-v1.csv'],
  contactos: ['CONTACTOS.md', 'contactos-v1.csv'],
  'pqr-ajustes': ['PQR-AJUSTES.md', 'pqr-ajustes-v2.csv'],
};
const sample = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'resources/samples', name), 'utf8');
const rowsOf = (base64: string) =>
  Buffer.from(base64, 'base64')
    .toString('utf8')
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(','));
/** the rows of a file as objects by column name (no cell of these days has a comma) */
function records(base64: string): Record<string, string>[] {
  const [header, ...rows] = rowsOf(base64);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  today = todayIn('America/Bogota');
  await t.ok('chargeItems.save', { code: 'RECONEXION', name: 'Reconexión del servicio', amount: 85_000, active: true }, t.adminToken);
  await t.ok('chargeItems.save', { code: 'DUP', name: 'Duplicado de factura', amount: 3_500, active: true }, t.adminToken);
  const desk = await openCashierDesk(t);
  ({ token: coordinator } = await createCoordinator(t));
  const gestor = await loginAs(t, 'gestor');
  const clerk = await loginAs(t, 'auxiliar');

  // a suspension executed, the debt paid, the reconnection executed: its charge of $ 85.000
  const a = await accountWithInvoices(t, '600001', [50_000, 40_000]);
  const suspension = await t.ok('workOrders.create', { accountId: a.accountId, type: 'suspension', reason: 'Aviso vencido' }, coordinator);
  await t.ok('workOrders.recordResult', { orderId: suspension.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Cuadrilla 2', meterReading: 15_234, sealNumber: 'S-0001' }, coordinator);
  await payCash(t, desk.token, a.accountId, 90_000);
  const reconnection = await t.app.db('work_orders').where({ account_id: a.accountId, type: 'reconexion' }).first('id');
  await t.ok('workOrders.recordResult', { orderId: reconnection.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Cuadrilla 2', meterReading: 15_240 }, coordinator);
  ids.suspension = suspension.id;
  ids.reconnection = Number(reconnection.id);

  // a duplicate of the invoice added at the counter and paid on the same receipt
  const dup = await t.app.db('charge_items').where({ code: 'DUP' }).first('id');
  const c = await accountWithInvoices(t, '600003', [30_000]);
  await pay(t, desk.token, { accountId: c.accountId, picked: [], newCharges: [{ chargeItemId: Number(dup.id), quantity: 2 }], tenders: [{ method: 'efectivo', amount: 7_000, received: 7_000 }] });

  // an agreement: $ 30.000 down, 3 installments; its down payment paid: activated
  const b = await accountWithInvoices(t, '600002', [100_000, 80_000]);
  const firstDue = `${addMonths(today, 1).slice(0, 8)}15`;
  const agreement = await t.ok(
    'agreements.create',
    { accountId: b.accountId, debts: b.invoiceIds.map((id) => ({ kind: 'invoice' as const, id })), downPaymentAmount: 30_000, installments: 3, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: paymentKey(), channel: 'presencial', signerName: 'TITULAR 600002', signerIdNumber: '1600002', signerRelation: 'titular' },
    gestor,
  );
  ids.agreement = agreement.id;
  const down = (await t.ok('cashier.account', { accountId: b.accountId }, desk.token)).openCharges.find((x) => x.concept === `Cuota inicial acuerdo ${agreement.number}`);
  await pay(t, desk.token, { accountId: b.accountId, picked: [{ kind: 'charge', id: down!.id }], tenders: [{ method: 'efectivo', amount: 30_000, received: 30_000 }] });

  // contact data: a phone with its authorisation (collections), the card's e-mail changed by a clerk
  await t.ok(
    'collections.saveContactPoint',
    { accountId: b.accountId, kind: 'telefono', value: '3104567890', relation: 'titular', holderName: 'TITULAR 600002', source: 'ventanilla', authorisation: { on: today, via: 'escrito', purposes: ['cobranza', 'notificaciones'], channels: ['llamada', 'sms'] } },
    coordinator,
  );
  await t.ok('accounts.updateContact', { accountId: a.accountId, phone: '', email: 'titular600001@example.com', noticeAddress: '' }, clerk);

  // a reclamo about an invoice, granted: the bill changes
  const d = await accountWithInvoices(t, '600004', [154_300]);
  const { pqr } = await filePqr(t, clerk, { type: 'reclamo', accountId: d.accountId, invoiceId: d.invoiceIds[0] });
  await t.ok('pqr.take', { pqrId: pqr.id }, clerk);
  await t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede_parcialmente', decisionText: 'Se verificó una lectura errada: se reliquida el consumo.', grantedAmount: 61_720 }, clerk);
  const approved = await t.ok('pqr.approveAnswer', { pqrId: pqr.id }, coordinator);
  granted = { radicado: pqr.radicado, answer: approved.pqr.answer?.outgoingRadicado ?? '' };
});
afterAll(() => t.close());

describe('the headers are the samples’', () => {
  it.each(ACT_KINDS)('%s: the exporter’s header is the sample CSV’s first line and the column table of its description', (kind) => {
    const [doc, csv] = SAMPLES[kind];
    const header = actHeader(ACT_EXPORTERS[kind]);
    expect(sample(csv).split(/\r?\n/)[0]).toBe(header.join(','));
    // the .md's table: | n | `column` | … |, in order
    const documented = [...sample(doc).matchAll(/^\| (\d+) \| `([a-z_]+)` \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(documented).toEqual(header.map((h, i) => [i + 1, h]));
    expect(sample(doc)).toContain(`versión ${ACT_EXPORTERS[kind].version}`);
    // every sample row has the header's width
    for (const line of sample(csv).split(/\r?\n/).filter(Boolean)) expect(line.split(',')).toHaveLength(header.length);
  });
});

describe('the day’s acts', () => {
  it('agreements: signed with one CUOTA row per installment of its schedule, then ACTIVADO when the down payment came', async () => {
    const file = await t.ok('exchange.exportAct', { kind: 'acuerdos', date: today }, coordinator);
    const rows = records(file.file.base64);
    const schedule: { number: number; due_date: string; total: number | string }[] = await t.app.db('payment_agreement_installments').where({ agreement_id: ids.agreement }).orderBy('number');
    expect(schedule).toHaveLength(3);
    expect(rows.map((r) => r.evento)).toEqual(['FIRMADO', 'CUOTA', 'CUOTA', 'CUOTA', 'ACTIVADO']);
    expect(rows[0]).toMatchObject({ cuenta: '600002', oficina: 'GAR', deuda_total: '180000', cuota_inicial: '30000', financiado: '150000', cuotas: '3', cuota: '' });
    expect(rows.slice(1, 4).map((r) => [r.cuota, r.vence, r.valor_cuota])).toEqual(schedule.map((s) => [String(s.number), s.due_date, String(s.total)]));
    expect(rows.slice(1, 4).every((r) => r.referencia_pago !== '')).toBe(true);
    expect(rows[4].estado).toBe('activo');
    // the log's total is what the billing system will bill: the installments
    expect(file.export).toMatchObject({ kind: 'acuerdos', records: 5, total: schedule.reduce((s, x) => s + Number(x.total), 0) });
  });

  it('work orders: the suspension and the reconnection executed today, with readings and the reconnection charge', async () => {
    const file = await t.ok('exchange.exportAct', { kind: 'ordenes', date: today }, coordinator);
    const rows = records(file.file.base64);
    expect(rows.map((r) => [r.tipo, r.cuenta, r.resultado, r.ejecutada_por, r.lectura, r.sello, r.valor_cobro])).toEqual([
      ['suspension', '600001', 'ejecutada', 'Cuadrilla 2', '15234', 'S-0001', ''],
      ['reconexion', '600001', 'ejecutada', 'Cuadrilla 2', '15240', '', '85000'],
    ]);
    expect(rows[0].ejecutada_en).toMatch(new RegExp(`^${today} \\d\\d:\\d\\d$`));
    expect(file.export.total).toBe(85_000);
  });

  it('charges: the reconnection charge and the duplicate added at the counter, not the agreement’s installments', async () => {
    const file = await t.ok('exchange.exportAct', { kind: 'cobros', date: today }, coordinator);
    const rows = records(file.file.base64);
    const reconnection = await t.app.db('work_orders').where({ id: ids.reconnection }).first('number');
    expect(rows.map((r) => [r.cuenta, r.codigo, r.cantidad, r.valor, r.orden_trabajo])).toEqual([
      ['600001', 'RECONEXION', '1', '85000', reconnection.number],
      ['600003', 'DUP', '2', '7000', ''],
    ]);
    // 85.000 + 2 × 3.500
    expect(file.export).toMatchObject({ records: 2, total: 92_000 });
  });

  it('contacts: the phone with its authorisation, and the card’s e-mail with the value before', async () => {
    const file = await t.ok('exchange.exportAct', { kind: 'contactos', date: today }, coordinator);
    const rows = records(file.file.base64);
    expect(rows.map((r) => [r.cuenta, r.origen, r.tipo, r.valor, r.autorizado, r.autorizado_el, r.autorizado_por, r.finalidades, r.canales])).toEqual([
      ['600002', 'cobranza', 'telefono', '3104567890', 'SI', today, 'escrito', 'cobranza|notificaciones', 'llamada|sms'],
      ['600001', 'ficha', 'correo', 'titular600001@example.com', '', '', '', '', ''],
    ]);
    expect(rows[1].valor_anterior).toBe('');
    expect(rows[0].oficina).toBe('GAR');
  });

  it('PQR (version 2): the reclamo granted in part, with account, invoice, its amount, the answer’s radicado and the amount the answer recognised', async () => {
    const file = await t.ok('exchange.exportAct', { kind: 'pqr-ajustes', date: today }, coordinator);
    const rows = records(file.file.base64);
    expect(granted.answer).toMatch(/^\d{4}-GAR-S-\d{6}$/);
    expect(rows).toEqual([
      expect.objectContaining({
        version: '2',
        radicado: granted.radicado,
        tipo: 'reclamo',
        cuenta: '600004',
        factura: '600004-01',
        valor_factura: '154300',
        decision: 'accede_parcialmente',
        radicado_respuesta: granted.answer,
        fecha_respuesta: today,
        valor_reconocido: '61720',
      }),
    ]);
    // the log's total is what the file adjusts: the amount recognised, not the invoice's value
    expect(file.export.total).toBe(61_720);
  });

  it('PQR: the version 1 sample is kept, the version 2 header without its last column', () => {
    const v1 = sample('pqr-ajustes-v1.csv').split(/\r?\n/)[0].split(',');
    expect(v1).toEqual(actHeader(ACT_EXPORTERS['pqr-ajustes']).slice(0, -1));
    expect(sample('pqr-ajustes-v1.csv').split(/\r?\n/)[1].startsWith('1,')).toBe(true);
  });

  it('each act once: a repeat writes the same bytes; the console writes the same file and says so', async () => {
    const before = Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n);
    const again = await t.ok('exchange.exportAct', { kind: 'cobros', date: today }, coordinator);
    expect(again.created).toBe(false);
    const out = path.join(t.dir, 'cobros.csv');
    const run = await runCliHere(['export', 'cobros', '--date', today, '--office', 'GAR', '--out', out], t.target);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Nada nuevo: la misma exportación n.º ${again.export.number} de los cobros de la oficina`);
    expect(fs.readFileSync(out).toString('base64')).toBe(again.file.base64);
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('parcial'))).toEqual([]);
    expect(Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n)).toBe(before);
    const unknown = await runCliHere(['export', 'facturas', '--date', today, '--out', out], t.target);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('Error: Comando desconocido: export facturas. Use --help para ver los comandos.\n');
  });
});
