/**
 * Bank collection files (Asobancaria 2001) through the dispatcher, on real SQLite files: the three
 * real files on the demo database, refused files that write nothing, a file that pays invoices,
 * the por-identificar queue, and a file committing while counters take payments.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client as PgClient } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/core/db/audit';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { sideConnection, waitsForLock as waitsForLock_ } from '../helpers/pgLocks';
import type { BankFilePreview } from '../../shared/contract';
import { COMPANY, createInitializedBackOffice, createTestBackOffice, loginAs, onPostgres, type TestBackOffice } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { accountWithInvoices, openCashierDesk, payCash, paymentKey } from '../helpers/cashier';
import { REAL_FIXTURES, fileControl, fileLines, joinLines, readRealFixture, splitLines, type DetailSpec } from '../fixtures/asobancaria/build';
import { addMonths, todayIn } from '../../shared/dates';

type Initialized = TestBackOffice & { adminToken: string; officeId: number };
let open: TestBackOffice[] = [];
afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

/** the tables a bank file may write */
const TABLES = ['bank_files', 'unidentified_payments', 'payments', 'payment_tenders', 'payment_allocations', 'invoices', 'accounts', 'account_charges', 'audit_log'];

async function snapshot(t: TestBackOffice): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TABLES) parts.push(await t.app.db(table).orderBy('id'));
  return JSON.stringify(parts);
}

async function upload(t: TestBackOffice, token: string, name: string, bytes: Buffer | string): Promise<string> {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  const { uploadId } = await t.ok('imports.begin', { kind: 'asobancaria', fileName: name, size: data.length }, token);
  if (data.length > 0) await t.ok('imports.chunk', { uploadId, offset: 0, dataBase64: data.toString('base64') }, token);
  return uploadId;
}

const count = async (t: TestBackOffice, table: string, where: Record<string, unknown> = {}) => Number((await t.app.db(table).where(where).count({ n: '*' }))[0].n);

async function demoWithCoordinator(): Promise<{ t: TestBackOffice; token: string }> {
  const t = await createTestBackOffice();
  open.push(t);
  const { users } = await t.ok('setup.loadDemo', { accounts: 60 });
  const coordinator = users.find((u) => u.role === 'coordinador')!;
  const { token } = await t.ok('auth.login', { username: coordinator.username, password: coordinator.password });
  return { t, token };
}

describe('the three real bank files on the demo database', () => {
  it('preview and import: every payment lands in por identificar with the totals of the file’s 09 control', async () => {
    const { t, token } = await demoWithCoordinator();
    const paymentsBefore = await count(t, 'payments');
    for (const name of REAL_FIXTURES) {
      const bytes = readRealFixture(name);
      const control = fileControl(bytes); // read straight from positions 3-11 and 12-29 of the 09 record
      const expectedTotal = Number(control.total / 100n);

      const preview = await t.ok('bankFiles.preview', { uploadId: await upload(t, token, name, bytes) }, token);
      expect(preview.ok).toBe(true);
      if (!preview.ok) return;
      expect(preview.summary).toMatchObject({
        fileName: name,
        records: control.count,
        total: expectedTotal,
        matchedCount: 0,
        matchedAmount: 0,
        unidentifiedCount: control.count,
        unidentifiedAmount: expectedTotal,
        duplicate: false,
        billerNitMatches: false,
        currency: 'COP',
      });

      const uploadId = await upload(t, token, name, bytes);
      const result = await t.ok('bankFiles.commit', { uploadId }, token);
      expect(result.summary).toEqual(preview.summary);
      const rows = await t.app.db('unidentified_payments').where({ bank_file_id: result.bankFileId });
      expect(rows).toHaveLength(control.count);
      expect(rows.reduce((s, r) => s + Number(r.amount), 0)).toBe(expectedTotal);
      expect(rows.every((r) => r.status === 'pendiente')).toBe(true);
      // one row per 06 record, by its line
      const detailLines = splitLines(bytes).flatMap((l, i) => (l.startsWith('06') ? [i + 1] : []));
      expect(rows.map((r) => r.line).sort((a, b) => a - b)).toEqual(detailLines);
      const file = await t.app.db('bank_files').where({ id: result.bankFileId }).first();
      expect(file).toMatchObject({ file_name: name, records: control.count, total: expectedTotal, applied_count: 0, unidentified_count: control.count });
      const audit = await t.app.db('audit_log').where({ action: 'bankFile.import', entity_id: String(result.bankFileId) });
      expect(audit).toHaveLength(1);
    }
    expect(await count(t, 'payments')).toBe(paymentsBefore);
    const queue = await t.ok('unidentified.list', {}, token);
    expect(queue).toHaveLength(17 + 77 + 22);
    expect(queue[0]).toMatchObject({ fileName: '11JULIO.TXT', line: 3, amount: 18_000, bankName: 'Banco Agrario', status: 'pendiente', collectionDate: '2024-07-11' });
    const files = await t.ok('bankFiles.list', {}, token);
    expect(files.map((f) => [f.fileName, f.records, f.unidentifiedCount])).toEqual([
      ['26AGOSTO.TXT', 22, 22],
      ['24JULIO.TXT', 77, 77],
      ['11JULIO.TXT', 17, 17],
    ]);
  });

  it('the same file twice is refused with when and by whom, and writes nothing', async () => {
    const { t, token } = await demoWithCoordinator();
    const bytes = readRealFixture('24JULIO.TXT');
    await t.ok('bankFiles.commit', { uploadId: await upload(t, token, '24JULIO.TXT', bytes) }, token);
    const before = await snapshot(t);
    const preview = await t.ok('bankFiles.preview', { uploadId: await upload(t, token, 'otro-nombre.txt', bytes) }, token);
    expect(preview.ok && preview.summary.duplicate).toBe(true);
    const twice = /^Este archivo ya fue importado el \d\d\/\d\d\/\d{4} \d\d:\d\d por Jorge Enrique Camargo Vargas \(archivo n\.º 1\): no se aplicó de nuevo\.$/;
    await expectRefusal(t.call('bankFiles.commit', { uploadId: await upload(t, token, 'otro-nombre.txt', bytes) }, token), 'CONFLICT', twice);
    expect(await snapshot(t)).toBe(before);
    // the same records saved again with LF line ends and trailing spaces cut: the same file
    const resaved = joinLines(splitLines(bytes).map((l) => l.trimEnd()), '\n');
    await expectRefusal(t.call('bankFiles.commit', { uploadId: await upload(t, token, '24JULIO-lf.txt', resaved) }, token), 'CONFLICT', twice);
    expect(await snapshot(t)).toBe(before);
  });
});

describe('broken files are refused whole, naming the line, and nothing is written', () => {
  const real = () => splitLines(readRealFixture('11JULIO.TXT'));
  const variants: [string, () => string, number, string][] = [
    ['a cut file', () => joinLines(real().slice(0, 12)), 12, 'el archivo termina en esta línea sin el control del lote 0001'],
    [
      'a wrong lot control total',
      () => {
        const l = real();
        l[19] = `${l[19].slice(0, 11)}000000000029900000${l[19].slice(29)}`;
        return joinLines(l);
      },
      20,
      'el control del lote 0001 dice un total de $ 299.000 y sus registros suman $ 300.000',
    ],
    [
      'a wrong file control count',
      () => {
        const l = real();
        l[20] = `09000000016${l[20].slice(11)}`;
        return joinLines(l);
      },
      21,
      'el control del archivo dice 16 registros de detalle y el archivo tiene 17',
    ],
    [
      'a 06 before a 05',
      () => {
        const l = real();
        [l[1], l[2]] = [l[2], l[1]];
        return joinLines(l);
      },
      2,
      'se encontró un registro de detalle (06) y se esperaba un encabezado de lote (05)',
    ],
    ['a CSV file', () => fs.readFileSync(path.resolve(__dirname, '../../resources/samples/cuentas.csv')).toString('latin1'), 1, 'no es un archivo Asobancaria 2001'],
    [
      'a lot number mismatch',
      () => {
        const l = real();
        l[19] = `${l[19].slice(0, 29)}0007`;
        return joinLines(l);
      },
      20,
      'el control dice que es del lote 0007 y cierra el lote 0001',
    ],
  ];

  it.each(variants)('%s', async (_name, build, line, text) => {
    const { t, token } = await demoWithCoordinator();
    const before = await snapshot(t);
    const bytes = build();
    const preview: BankFilePreview = await t.ok('bankFiles.preview', { uploadId: await upload(t, token, 'roto.txt', bytes) }, token);
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.problem.line).toBe(line);
    expect(preview.problem.message).toContain(text);
    await expectRefusal(t.call('bankFiles.commit', { uploadId: await upload(t, token, 'roto.txt', bytes) }, token), 'RULE', `Línea ${line}: ${preview.problem.message}. No se importó nada.`);
    expect(await snapshot(t)).toBe(before);
  });
});

/** An initialized back office (company NIT 900123456-8) with accounts and invoices a bank file can pay. */
async function withDebts(): Promise<{ t: Initialized; token: string; ids: Record<string, number> }> {
  const t = await createInitializedBackOffice();
  open.push(t);
  const token = await loginAs(t, 'coordinador');
  const db = t.app.db;
  const a1 = await insertAccount(db, { number: '100201', holderName: 'PÉREZ RUIZ JOSÉ' });
  const a2 = await insertAccount(db, { number: '100202', holderName: 'ÑUSTES CAMILA' });
  const a3 = await insertAccount(db, { number: '100203', holderName: 'GÓMEZ ANA' });
  const ids = {
    a1,
    a2,
    a3,
    // account 1: two open invoices; the bank pays the newer one by its reference
    i1old: await insertInvoice(db, a1, { number: 'FV2609-00001', period: '2026-09', dueDate: '2026-10-18', total: 30_000 }),
    i1new: await insertInvoice(db, a1, { number: 'FV2610-00001', period: '2026-10', dueDate: '2026-11-18', total: 35_000 }),
    // account 2: one open invoice, paid by account number with more than it owes
    i2: await insertInvoice(db, a2, { number: 'FV2610-00002', period: '2026-10', dueDate: '2026-11-18', total: 20_000 }),
    i3: await insertInvoice(db, a3, { number: 'FV2610-00003', period: '2026-10', dueDate: '2026-11-18', total: 50_000 }),
  };
  return { t, token, ids };
}

const nit = COMPANY.nit.replace(/\D/g, '');

describe('a file whose references match invoices and accounts', () => {
  const details: DetailSpec[] = [
    { reference: 'REFFV2610-00001', amount: 4_000_000 }, // 40.000 to account 1: invoice FV2610-00001 first (35.000), then 5.000 to the older one
    { reference: '100202', amount: 2_500_000 }, // account 2 by number, zero-padded: 20.000 owed, 5.000 to credit
    { reference: '999999', amount: 1_234_500 }, // nobody
  ];
  const second: DetailSpec[] = [{ reference: 'REFFV2610-00003', amount: 1_000_000 }]; // account 3: 10.000 of 50.000

  it('applies the matched payments (balances down, overpayment to credit) and queues the rest', async () => {
    const { t, token, ids } = await withDebts();
    const bytes = joinLines(fileLines({ nit, lots: [details, second] }));
    const preview = await t.ok('bankFiles.preview', { uploadId: await upload(t, token, 'bancolombia.txt', bytes) }, token);
    expect(preview.ok && preview.summary).toMatchObject({ records: 4, total: 87_345, matchedCount: 3, matchedAmount: 75_000, unidentifiedCount: 1, unidentifiedAmount: 12_345, billerNitMatches: true, bankName: 'Bancolombia' });
    const auditBefore = await count(t, 'audit_log');

    const { bankFileId } = await t.ok('bankFiles.commit', { uploadId: await upload(t, token, 'bancolombia.txt', bytes) }, token);
    const balance = async (id: number) => Number((await t.app.db('invoices').where({ id }).first('balance')).balance);
    expect(await balance(ids.i1new)).toBe(0);
    expect(await balance(ids.i1old)).toBe(25_000);
    expect(await balance(ids.i2)).toBe(0);
    expect(await balance(ids.i3)).toBe(40_000);
    const credit = async (id: number) => Number((await t.app.db('accounts').where({ id }).first('credit_balance')).credit_balance);
    expect(await credit(ids.a2)).toBe(5_000);
    expect(await credit(ids.a1)).toBe(0);

    const payments = await t.app.db('payments').where({ bank_file_id: bankFileId }).orderBy('idempotency_key');
    expect(payments.map((p) => [p.idempotency_key, p.account_id, Number(p.amount), Number(p.credit_added), Number(p.balance_after)])).toEqual([
      [`bank:${bankFileId}:3`, ids.a1, 40_000, 0, 25_000],
      [`bank:${bankFileId}:4`, ids.a2, 25_000, 5_000, 0],
      [`bank:${bankFileId}:8`, ids.a3, 10_000, 0, 40_000],
    ]);
    for (const p of payments) {
      expect(p).toMatchObject({ source: 'banco', session_id: null, receipt_number: null, cashier_id: null, status: 'vigente', business_date: '2026-11-10', office_id: t.officeId });
      expect(p.verification_code).toMatch(/^[0-9A-Z]{8}$/);
    }
    const tenders = await t.app.db('payment_tenders').whereIn('payment_id', payments.map((p) => p.id)).orderBy('payment_id');
    expect(tenders.map((x) => [x.method, Number(x.amount), x.bank, x.reference])).toEqual([
      ['banco', 40_000, 'Bancolombia', 'suc 0001 op 000000 sec 0000001'],
      ['banco', 25_000, 'Bancolombia', 'suc 0001 op 000000 sec 0000002'],
      ['banco', 10_000, 'Bancolombia', 'suc 0001 op 000000 sec 0000004'],
    ]);
    const allocations = await t.app.db('payment_allocations').where({ payment_id: payments[0].id }).orderBy('id');
    expect(allocations.map((a) => [a.invoice_id, Number(a.amount)])).toEqual([
      [ids.i1new, 35_000],
      [ids.i1old, 5_000],
    ]);
    const queue = await t.ok('unidentified.list', { status: 'pendiente' }, token);
    expect(queue.map((q) => [q.line, q.amount, q.reference.replace(/^0+/, '')])).toEqual([[5, 12_345, '999999']]);
    // one audit row for the file
    expect(await count(t, 'audit_log')).toBe(auditBefore + 1);
  });

  it('several payments of one account in one file are allocated one after the other', async () => {
    const { t, token, ids } = await withDebts();
    const bytes = joinLines(fileLines({ nit, lots: [[{ reference: 'REFFV2610-00001', amount: 4_000_000 }], [{ reference: '0000100201', amount: 3_000_000 }]] }));
    const { bankFileId } = await t.ok('bankFiles.commit', { uploadId: await upload(t, token, 'dos.txt', bytes) }, token);
    const payments = await t.app.db('payments').where({ bank_file_id: bankFileId }).orderBy('id');
    // 40.000: 35.000 to the named invoice, 5.000 to the older one; 30.000: the older one's 25.000, 5.000 to credit
    expect(payments.map((p) => [Number(p.amount), Number(p.credit_added), Number(p.balance_after)])).toEqual([
      [40_000, 0, 25_000],
      [30_000, 5_000, 0],
    ]);
    expect((await t.app.db('invoices').whereIn('id', [ids.i1old, ids.i1new]).pluck('balance')).map(Number)).toEqual([0, 0]);
    expect(Number((await t.app.db('accounts').where({ id: ids.a1 }).first('credit_balance')).credit_balance)).toBe(5_000);
  });

  it('a commit that fails at its last step writes nothing; importing again applies it exactly once', async () => {
    const { t, token, ids } = await withDebts();
    const bytes = joinLines(fileLines({ nit, lots: [details, second] }));
    const before = await snapshot(t);
    // the database itself refuses the queue rows, after the payments were written in the same transaction
    if (onPostgres) {
      await t.app.db.raw(`CREATE FUNCTION fail_queue() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disco lleno'; END $$ LANGUAGE plpgsql`);
      await t.app.db.raw('CREATE TRIGGER fail_queue BEFORE INSERT ON unidentified_payments FOR EACH ROW EXECUTE FUNCTION fail_queue()');
    } else {
      await t.app.db.raw(`CREATE TRIGGER fail_queue BEFORE INSERT ON unidentified_payments BEGIN SELECT RAISE(ABORT, 'disco lleno'); END`);
    }
    await expectRefusal(t.call('bankFiles.commit', { uploadId: await upload(t, token, 'x.txt', bytes) }, token), 'INTERNAL', 'Error interno del sistema. La operación no se realizó; intente de nuevo o avise al administrador.');
    expect(await snapshot(t)).toBe(before);
    await t.app.db.raw(onPostgres ? 'DROP TRIGGER fail_queue ON unidentified_payments' : 'DROP TRIGGER fail_queue');
    await t.ok('bankFiles.commit', { uploadId: await upload(t, token, 'x.txt', bytes) }, token);
    expect(await count(t, 'payments')).toBe(3);
    expect(Number((await t.app.db('invoices').where({ id: ids.i3 }).first('balance')).balance)).toBe(40_000);
    await expectRefusal(
      t.call('bankFiles.commit', { uploadId: await upload(t, token, 'x.txt', bytes) }, token),
      'CONFLICT',
      /^Este archivo ya fue importado el \d\d\/\d\d\/\d{4} \d\d:\d\d por Usuario coordinador \(archivo n\.º \d+\): no se aplicó de nuevo\.$/, // on PostgreSQL the failed commit used up id 1
    );
    expect(await count(t, 'payments')).toBe(3);
  });

  it('a file for another NIT applies nothing, even when its references match', async () => {
    const { t, token } = await withDebts();
    const bytes = joinLines(fileLines({ nit: '8001234567', lots: [details] }));
    const result = await t.ok('bankFiles.commit', { uploadId: await upload(t, token, 'otro-nit.txt', bytes) }, token);
    expect(result.summary).toMatchObject({ billerNitMatches: false, matchedCount: 0, unidentifiedCount: 3 });
    expect(await count(t, 'payments')).toBe(0);
  });

  it('the por-identificar queue: assign to an account (a payment, audited) or return (audited); each only once', async () => {
    const { t, token, ids } = await withDebts();
    const bytes = joinLines(fileLines({ nit, lots: [[{ reference: 'DESCONOCIDA-1', amount: 6_000_000 }, { reference: 'DESCONOCIDA-2', amount: 700_000 }]] }));
    await t.ok('bankFiles.commit', { uploadId: await upload(t, token, 'queue.txt', bytes) }, token);
    const [first, second] = await t.ok('unidentified.list', {}, token);

    const assigned = await t.ok('unidentified.assign', { unidentifiedId: first.id, accountId: ids.a1, note: 'El suscriptor trajo el soporte' }, token);
    expect(assigned).toMatchObject({ status: 'asignado', accountNumber: '100201', note: 'El suscriptor trajo el soporte', resolvedBy: 'Usuario coordinador' });
    const payment = await t.app.db('payments').where({ id: assigned.paymentId }).first();
    // 60.000 over 30.000 + 35.000 owed: oldest first
    expect(payment).toMatchObject({ source: 'banco', session_id: null, receipt_number: null, idempotency_key: `unidentified:${first.id}`, business_date: '2026-11-10' });
    expect(Number(payment.amount)).toBe(60_000);
    expect(Number(payment.balance_after)).toBe(5_000);
    const balances = await t.app.db('invoices').whereIn('id', [ids.i1old, ids.i1new]).orderBy('id').pluck('balance');
    expect(balances.map(Number)).toEqual([0, 5_000]);
    expect(await t.app.db('audit_log').where({ action: 'unidentified.assign', entity_id: String(first.id) })).toHaveLength(1);

    const before = await snapshot(t);
    await expectRefusal(t.call('unidentified.assign', { unidentifiedId: first.id, accountId: ids.a2 }, token), 'RULE', 'Este pago ya fue asignado a una cuenta: solo se resuelven los pagos pendientes.');
    await expectRefusal(t.call('unidentified.assign', { unidentifiedId: second.id, accountId: 99_999 }, token), 'NOT_FOUND', 'La cuenta no existe');
    expect(await snapshot(t)).toBe(before);

    const returned = await t.ok('unidentified.return', { unidentifiedId: second.id, note: 'Consignación de otra empresa; se devuelve por el banco' }, token);
    expect(returned).toMatchObject({ status: 'devuelto', paymentId: null });
    expect(await t.app.db('audit_log').where({ action: 'unidentified.return', entity_id: String(second.id) })).toHaveLength(1);
    await expectRefusal(t.call('unidentified.return', { unidentifiedId: second.id, note: 'otra vez' }, token), 'RULE', 'Este pago ya fue devuelto: solo se resuelven los pagos pendientes.');
    expect((await t.ok('unidentified.list', { status: 'todos' }, token)).map((q) => q.status)).toEqual(['asignado', 'devuelto']);
    expect(await t.ok('unidentified.list', {}, token)).toEqual([]);
  });
});

describe('who may, and which upload goes where', () => {
  it('a cashier cannot; a CSV upload is refused by bankFiles.*, a bank file by imports.*', async () => {
    const t = await createInitializedBackOffice();
    open.push(t);
    const cashier = await loginAs(t, 'cajero');
    const coordinator = await loginAs(t, 'coordinador');
    const bank = readRealFixture('26AGOSTO.TXT');
    await expectForbidden(t.call('bankFiles.preview', { uploadId: 'a'.repeat(32) }, cashier));
    await expectForbidden(t.call('unidentified.list', {}, cashier));

    const bankUpload = await upload(t, coordinator, '26AGOSTO.TXT', bank);
    await expectRefusal(t.call('imports.preview', { uploadId: bankUpload }, coordinator), 'RULE', 'Este es un archivo de recaudo del banco (Asobancaria): véalo y aplíquelo desde «Archivos del banco» (bankFiles.preview y bankFiles.commit), no desde la importación de cuentas o facturas.');
    const { uploadId: csvUpload } = await t.ok('imports.begin', { kind: 'accounts', fileName: 'c.csv', size: 3 }, coordinator);
    await t.ok('imports.chunk', { uploadId: csvUpload, offset: 0, dataBase64: Buffer.from('a;b').toString('base64') }, coordinator);
    await expectRefusal(t.call('bankFiles.preview', { uploadId: csvUpload }, coordinator), 'RULE', 'Esta carga es un archivo CSV de cuentas o facturas, no un archivo del banco: revíselo desde «Importar datos».');
  });
});

/**
 * A bank file commits while counters take payments (issue 20, item 3). PostgreSQL: the file locks
 * only the rows of the accounts it pays (and their debts), and writes its audit rows at its end, so a
 * counter paying another account goes on while the file's transaction is open; a counter and the file
 * paying the same invoice at the same moment wait for each other in a line, and whoever comes second
 * is judged on the balances the first one left. The file is held open by a barrier the test owns: a
 * lock of its own, from its own connection, on a table the file writes after its payments (or on the
 * counter's receipt number). SQLite keeps one writer: the same races run one after the other there.
 */
describe('a bank file and the counters at the same moment', () => {
  let t: Initialized;
  let coordinator: string;
  let cashier: string;
  let gestor: string;
  let side: PgClient | null = null;
  let seq = 0;
  beforeAll(async () => {
    t = await createInitializedBackOffice();
    coordinator = await loginAs(t, 'coordinador');
    cashier = (await openCashierDesk(t)).token;
    gestor = await loginAs(t, 'gestor');
    // agreements with no down payment, so that signing one moves the balances at once (the rate for residential accounts is 0 %)
    const policy = await t.ok('agreements.policy', {}, coordinator);
    await t.ok('agreements.savePolicy', { ...policy, minDownPaymentBpByEstrato: [0, 0, 0, 0, 0, 0], minDownPaymentBpOther: 0 }, t.adminToken);
    side = await sideConnection(t.target);
  });
  afterAll(async () => {
    await side?.end();
    await t?.close();
  });

  /** an account with two invoices (older 30.000, newer 35.000, which the file names) and a file paying 40.000 by the newer one's reference */
  async function scene(): Promise<{ accountId: number; older: number; newer: number; bytes: string }> {
    seq += 1;
    const number = `3003${String(seq).padStart(2, '0')}`;
    const { accountId, invoiceIds } = await accountWithInvoices(t, number, [30_000, 35_000]);
    // a file is refused as a duplicate by its content: each scene's file names its own invoice and an unknown reference
    const bytes = joinLines(fileLines({ nit, lots: [[{ reference: `REF${number}-02`, amount: 4_000_000 }, { reference: `DESCONOCIDA-${seq}`, amount: 100_000 }]] }));
    return { accountId, older: invoiceIds[0], newer: invoiceIds[1], bytes };
  }

  /**
   * the barrier: the side connection holds the queue's table, so the file's commit stops at its queue rows,
   * after every payment and balance of it is written (released by `side.query('COMMIT')`)
   */
  async function fileStoppedAtItsQueue(uploadId: string) {
    await side!.query('BEGIN');
    await side!.query('LOCK TABLE unidentified_payments IN SHARE MODE');
    const committing = t.call('bankFiles.commit', { uploadId }, coordinator);
    await waitsForLock(/INSERT INTO unidentified_payments/, committing);
    // in an object: an async function returning the promise itself would wait for the commit
    return { committing };
  }

  const waitsForLock = (pattern: RegExp, watched?: Promise<unknown>) => waitsForLock_(side!, pattern, watched);

  const balances = async (ids: number[]) => (await t.app.db('invoices').whereIn('id', ids).orderBy('id').pluck('balance')).map(Number);
  const credit = async (id: number) => Number((await t.app.db('accounts').where({ id }).first('credit_balance')).credit_balance);
  async function reconciled(): Promise<void> {
    expect((await reconcile(t.app.db)).issues).toEqual([]);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
    expect(Number((await t.app.db('invoices').min({ m: 'balance' }))[0].m)).toBeGreaterThanOrEqual(0);
  }

  it.skipIf(!onPostgres)('PostgreSQL: a counter paying another account is not held up by a file whose commit is open, and the file audits at its end', async () => {
    const { accountId, older, newer, bytes } = await scene();
    const other = await accountWithInvoices(t, '300399', [22_000]);
    const uploadId = await upload(t, coordinator, 'abierto.txt', bytes);
    const { committing } = await fileStoppedAtItsQueue(uploadId);

    const receipt = await payCash(t, cashier, other.accountId, 22_000);
    expect(receipt.amount).toBe(22_000);
    expect(await balances(other.invoiceIds)).toEqual([0]);
    // the file is still open: its payment is not visible yet, and it still waits at the barrier
    expect(await balances([older, newer])).toEqual([30_000, 35_000]);
    await waitsForLock(/INSERT INTO unidentified_payments/);

    await side!.query('COMMIT');
    const result = await committing;
    expect(result.ok).toBe(true);
    expect(await balances([older, newer])).toEqual([25_000, 0]);
    expect(await credit(accountId)).toBe(0);
    // the file began before the counter's payment, but its audit row comes after it: written at the file's end
    const rows = await t.app.db('audit_log').whereIn('action', ['payment.post', 'bankFile.import']).orderBy('id').select('action', 'entity_id');
    expect(rows.slice(-2).map((r) => r.action)).toEqual(['payment.post', 'bankFile.import']);
    await reconciled();
  });

  it('the file pays an invoice first: a counter paying the same invoice at that moment is refused in Spanish and writes nothing', async () => {
    const { accountId, older, newer, bytes } = await scene();
    const uploadId = await upload(t, coordinator, 'primero-el-banco.txt', bytes);
    const key = paymentKey();
    const counterPays = () => t.call('cashier.pay', { idempotencyKey: key, accountId, picked: [{ kind: 'invoice', id: newer }], newCharges: [], tenders: [{ method: 'efectivo', amount: 35_000, received: 35_000, reference: '', bank: '' }] }, cashier);
    let refused: ReturnType<typeof counterPays>;
    if (onPostgres) {
      const { committing } = await fileStoppedAtItsQueue(uploadId);
      // the counter reads the account while the file holds it: it waits for the file, in a line
      const paying = counterPays();
      // the counter's first read (the account FOR NO KEY UPDATE OF a, with its debts): pg_stat_activity keeps only the
      // first 1,024 bytes of a statement, so it is known by its beginning
      await waitsForLock(/^SELECT a\.id, a\.number, a\.credit_balance/, paying);
      await side!.query('COMMIT');
      expect((await committing).ok).toBe(true);
      refused = paying;
    } else {
      await t.ok('bankFiles.commit', { uploadId }, coordinator);
      refused = counterPays();
    }
    await expectRefusal(refused, 'RULE', 'Una factura elegida ya no tiene saldo o no es de esta cuenta: recargue la cuenta.');
    expect(await t.app.db('payments').where({ idempotency_key: key })).toEqual([]);
    // the file's 40.000: 35.000 to the invoice it names, 5.000 to the older one
    expect(await balances([older, newer])).toEqual([25_000, 0]);
    expect(await credit(accountId)).toBe(0);
    await reconciled();
  });

  it('the counter pays the invoice first: the file’s record for it goes to the account’s other debts and its credit, once', async () => {
    const { accountId, older, newer, bytes } = await scene();
    const uploadId = await upload(t, coordinator, 'primero-la-caja.txt', bytes);
    const counterPays = () => payCash(t, cashier, accountId, 35_000, { picked: [{ kind: 'invoice', id: newer }] });
    let bankFileId: number;
    if (onPostgres) {
      // the barrier: the counter's receipt number (the counter has its account row by then)
      await payCash(t, cashier, (await accountWithInvoices(t, `3004${String(seq).padStart(2, '0')}`, [1_000])).accountId, 1_000);
      await side!.query('BEGIN');
      await side!.query(`SELECT value FROM counters WHERE key = $1 FOR UPDATE`, [`receipt:${t.officeId}`]);
      const paying = counterPays();
      await waitsForLock(/counters/, paying);
      // the file reaches the same account and waits for the counter, in a line
      const committing = t.call('bankFiles.commit', { uploadId }, coordinator);
      await waitsForLock(/FOR NO KEY UPDATE\) AS locked/, committing);
      await side!.query('COMMIT');
      await paying;
      const result = await committing;
      if (!result.ok) throw new Error(result.error.message);
      bankFileId = result.data.bankFileId;
    } else {
      await counterPays();
      bankFileId = (await t.ok('bankFiles.commit', { uploadId }, coordinator)).bankFileId;
    }
    // the counter's 35.000 paid the newer invoice; the file's 40.000 found it paid: 30.000 to the older one, 10.000 to credit
    expect(await balances([older, newer])).toEqual([0, 0]);
    expect(await credit(accountId)).toBe(10_000);
    const [filePayment] = await t.app.db('payments').where({ bank_file_id: bankFileId, account_id: accountId });
    expect([Number(filePayment.amount), Number(filePayment.credit_added), Number(filePayment.balance_after)]).toEqual([40_000, 10_000, 0]);
    const allocations = await t.app.db('payment_allocations').where({ payment_id: filePayment.id }).select('invoice_id', 'amount');
    expect(allocations.map((a) => [a.invoice_id, Number(a.amount)])).toEqual([[older, 30_000]]);
    await reconciled();
  });
  /**
   * An agreement's signing with no down payment activates it in the same transaction: the included
   * invoice goes to zero through the agreement and the two installments become debts of the account.
   * It takes the account's row first (agreements/create.ts), as the counter and the file do, so the
   * signing and the file wait for each other in a line, whichever comes first.
   */
  const firstDue = `${addMonths(todayIn('America/Bogota'), 1).slice(0, 8)}15`;
  const sign = (accountId: number, invoiceId: number) =>
    t.call(
      'agreements.create',
      { accountId, debts: [{ kind: 'invoice', id: invoiceId }], downPaymentAmount: 0, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: paymentKey(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' },
      gestor,
    );
  const installments = async (accountId: number) => (await t.app.db('account_charges').where({ account_id: accountId, agreement_part: 'cuota' }).orderBy('id').pluck('balance')).map(Number);

  it('the file holds the account: an agreement signed at that moment waits for it, then finances what the file left', async () => {
    const { accountId, older, newer, bytes } = await scene();
    const uploadId = await upload(t, coordinator, 'banco-antes-del-acuerdo.txt', bytes);
    let signing: ReturnType<typeof sign>;
    if (onPostgres) {
      const { committing } = await fileStoppedAtItsQueue(uploadId);
      // the signing asks for the account's row while the file holds it: it waits, before reading any balance
      signing = sign(accountId, older);
      await waitsForLock(/FOR NO KEY UPDATE\) AS locked_accounts/, signing);
      await side!.query('COMMIT');
      expect((await committing).ok).toBe(true);
    } else {
      await t.ok('bankFiles.commit', { uploadId }, coordinator);
      signing = sign(accountId, older);
    }
    const result = await signing;
    if (!result.ok) throw new Error(result.error.message);
    // the file's 40.000: 35.000 to the newer invoice it names, 5.000 to the older one (30.000 → 25.000);
    // the agreement then finances the 25.000 left, in two installments of 12.500 at 0 %
    expect([result.data.state, result.data.debtTotal, result.data.debts.map((d) => d.balance)]).toEqual(['activo', 25_000, [25_000]]);
    expect(await balances([older, newer])).toEqual([0, 0]);
    expect(await installments(accountId)).toEqual([12_500, 12_500]);
    expect(await credit(accountId)).toBe(0);
    await reconciled();
  });

  it('the agreement holds the account: a file paying it at that moment waits for the signing, then pays the debts it left', async () => {
    const { accountId, older, newer, bytes } = await scene();
    const uploadId = await upload(t, coordinator, 'acuerdo-antes-del-banco.txt', bytes);
    let committed: { ok: boolean };
    if (onPostgres) {
      // the barrier: the agreement's number (the signing has the account's row by then)
      const first = await accountWithInvoices(t, `3005${String(seq).padStart(2, '0')}`, [20_000]);
      expect((await sign(first.accountId, first.invoiceIds[0])).ok).toBe(true);
      await side!.query('BEGIN');
      await side!.query('SELECT value FROM counters WHERE key = $1 FOR UPDATE', [`agreement:${t.officeId}:${todayIn('America/Bogota').slice(0, 4)}`]);
      const signing = sign(accountId, older);
      await waitsForLock(/counters/, signing);
      // the file reaches the same account and waits for the signing, in a line
      const committing = t.call('bankFiles.commit', { uploadId }, coordinator);
      await waitsForLock(/FOR NO KEY UPDATE\) AS locked\b/, committing);
      await side!.query('COMMIT');
      expect((await signing).ok).toBe(true);
      committed = await committing;
    } else {
      expect((await sign(accountId, older)).ok).toBe(true);
      committed = await t.call('bankFiles.commit', { uploadId }, coordinator);
    }
    expect(committed.ok).toBe(true);
    // the agreement took the older invoice at 30.000 (two installments of 15.000); the file's 40.000:
    // 35.000 to the newer invoice it names, the 5.000 left to the oldest open debt, the first installment
    expect(await balances([older, newer])).toEqual([0, 0]);
    expect(await installments(accountId)).toEqual([10_000, 15_000]);
    expect(await credit(accountId)).toBe(0);
    await reconciled();
  });
});
