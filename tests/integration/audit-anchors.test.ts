/**
 * Issue 12, item 9: an audit that cannot be rewritten from inside the file. The chain is anchored
 * outside it (closing acts, recaudo reports, copies' manifests, the anchors file in the data
 * folder) and `audit verify` names the anchor a rewritten log breaks; the reconciliation names the
 * business row that no longer agrees with its payments and its audit rows.
 *
 * What does not need a SQLite file runs on both engines; copies and restores are SQLite only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRowHash, GENESIS_HASH, verifyAuditChain, type AuditContent } from '../../electron/core/db/audit';
import { readAnchorsFile, registeredAnchors } from '../../electron/core/db/anchors';
import { backupsDir } from '../../electron/core/db/backup';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { auditTargetOf, checkAudit } from '../../electron/core/modules/audit/verify';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { createInitializedBackOffice, onPostgres, sqliteFile } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, openCashierDesk, payCash, type InitializedBackOffice } from '../helpers/cashier';
import { pdfTextFlat } from '../helpers/pdf';

const open: InitializedBackOffice[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
async function backOffice(): Promise<InitializedBackOffice> {
  const t = await createInitializedBackOffice();
  open.push(t);
  return t;
}

const anchorsFile = (t: InitializedBackOffice) => registeredAnchors(t.app.db)!.anchorsFile;
const anchorsOf = (t: InitializedBackOffice) => readAnchorsFile(anchorsFile(t)).anchors;

/**
 * What someone who can write the file does to hide a deletion: deletes the row and recomputes every
 * hash after it, the head and (optionally) the closing acts' anchors inside the file.
 */
async function deleteAndRechain(db: Knex, id: number, alsoClosingRecords: boolean): Promise<void> {
  await db('audit_log').where({ id }).del();
  let prev = GENESIS_HASH;
  let rows = 0;
  let lastId: number | null = null;
  const all: (AuditContent & { id: number })[] = await db('audit_log').orderBy('id').select('id', 'at', 'user_id', 'actor', 'office_id', 'action', 'entity', 'entity_id', 'before_json', 'after_json');
  for (const row of all) {
    const hash = auditRowHash(prev, row);
    await db('audit_log').where({ id: row.id }).update({ prev_hash: prev, hash });
    prev = hash;
    rows += 1;
    lastId = Number(row.id);
  }
  await db('audit_head').where({ id: 1 }).update({ last_id: lastId, last_hash: prev, row_count: rows });
  if (alsoClosingRecords) {
    for (const s of await db('cash_sessions').whereNotNull('audit_last_id').select('id', 'audit_last_id')) {
      const row = await db('audit_log').where({ id: s.audit_last_id }).first('hash');
      await db('cash_sessions').where({ id: s.id }).update({ audit_hash: row.hash, audit_rows: rows });
    }
  }
}

/** A cashier's day: an account, a cash payment of 50.000 on a float of 200.000, and the close. */
async function closedDay(t: InitializedBackOffice) {
  const desk = await openCashierDesk(t);
  const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 40_000]);
  const receipt = await payCash(t, desk.token, accountId, 50_000, { received: 60_000 });
  // expected cash: 200.000 of float + 50.000 received net of change = 250.000
  const report = await t.ok('cashier.close', { count: copCount(250_000), note: '' }, desk.token);
  return { desk, accountId, invoiceIds, receipt, report };
}

describe('anchors of the audit chain (SQLite and PostgreSQL)', () => {
  it('the closing act anchors the chain: on its record, on its PDF and in the anchors file', async () => {
    const t = await backOffice();
    const { desk, report } = await closedDay(t);

    const close = await t.app.db('audit_log').where({ action: 'cashSession.close' }).first('id', 'hash');
    const rows = Number((await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n);
    expect(report.auditAnchor).toEqual({ lastId: Number(close.id), hash: close.hash, rows });
    expect(await t.app.db('cash_sessions').where({ id: desk.sessionId }).first('audit_last_id', 'audit_hash', 'audit_rows')).toEqual({
      audit_last_id: Number(close.id),
      audit_hash: close.hash,
      audit_rows: rows,
    });
    expect(anchorsOf(t)).toEqual([expect.objectContaining({ kind: 'cierre', ref: `turno ${desk.sessionId}`, lastId: Number(close.id), hash: close.hash, rows })]);
    if (process.platform !== 'win32') expect(fs.statSync(anchorsFile(t)).mode & 0o777).toBe(0o600);

    const pdf = await t.ok('cashier.sessionReportPdf', { sessionId: desk.sessionId }, desk.token);
    const text = pdfTextFlat(Buffer.from(pdf.base64, 'base64'));
    expect(text).toContain('Ancla de la auditoría al cierre');
    expect(text).toContain(`La auditoría tenía ${rows} filas; la última, la ${close.id}, con el sello:`);
    expect(text.replace(/\s/g, '')).toContain(close.hash);

    const check = await checkAudit(auditTargetOf(t.app));
    expect(check.problems).toEqual([]);
    expect(check.anchors).toMatchObject({ checked: 1, held: 1, broken: [] });
    expect(check.anchors.latest?.sources).toEqual(['archivo de anclas', 'registro del cierre']);
  });

  it('a chain recomputed after a deletion fails audit verify against the closing act’s anchor, even with the records in the file redone', async () => {
    const t = await backOffice();
    const { desk } = await closedDay(t);
    const payment = await t.app.db('audit_log').where({ action: 'payment.post' }).first('id');
    const close = await t.app.db('audit_log').where({ action: 'cashSession.close' }).first('id');

    await deleteAndRechain(t.app.db, Number(payment.id), true);
    // the chain inside the file verifies again: that is the attack
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
    const rowsAfter = Number((await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n);

    const result = await t.ok('backups.verifyAudit', {}, t.adminToken);
    expect(result.ok).toBe(false);
    expect(result.anchors.broken).toHaveLength(1);
    expect(result.anchors.broken[0]).toMatchObject({ reason: 'reescrita', anchor: { kind: 'cierre', ref: `turno ${desk.sessionId}`, sources: ['archivo de anclas'] } });
    expect(result.problems[0]).toMatch(
      new RegExp(
        `^La fila ${close.id} de la auditoría no tiene el sello que registró el cierre de caja del turno ${desk.sessionId} \\(\\d{2}/\\d{2}/\\d{4} .+\\): ` +
          'la cadena fue rehecha desde esa fila o antes \\(filas cambiadas o borradas y los sellos calculados de nuevo\\)\\. ' +
          `La auditoría tiene ${rowsAfter} filas y el ancla registró ${rowsAfter + 1}: se borraron filas\\.$`,
      ),
    );
    // and the payment whose audit row went missing is named by the reconciliation
    expect(result.problems).toContain(`El recibo GAR-000001 no tiene su fila de auditoría (payment.post): fue escrito por fuera de la aplicación.`);
  });

  it('the recaudo report prints the anchor and writes it to the anchors file; the CSV does not', async () => {
    const t = await backOffice();
    await closedDay(t);
    const today = await businessToday(t.app.db);
    const coordinator = await createCoordinator(t);
    const before = anchorsOf(t).length;
    await t.ok('reports.recaudoFile', { from: today, to: today, format: 'csv' }, coordinator.token);
    expect(anchorsOf(t)).toHaveLength(before);

    const pdf = await t.ok('reports.recaudoFile', { from: today, to: today, format: 'pdf' }, coordinator.token);
    const anchors = anchorsOf(t);
    expect(anchors).toHaveLength(before + 1);
    const anchor = anchors[anchors.length - 1];
    const [d, m, y] = [today.slice(8), today.slice(5, 7), today.slice(0, 4)];
    expect(anchor).toMatchObject({ kind: 'recaudo', ref: `del ${d}/${m}/${y} al ${d}/${m}/${y} (GAR)` });
    const head = await t.app.db('audit_head').first('last_id', 'last_hash', 'row_count');
    expect(anchor).toMatchObject({ lastId: Number(head.last_id), hash: head.last_hash, rows: Number(head.row_count) });
    const text = pdfTextFlat(Buffer.from(pdf.base64, 'base64'));
    expect(text).toContain('Ancla de la auditoría al generar el informe');
    expect(text.replace(/\s/g, '')).toContain(head.last_hash);
    expect((await t.ok('backups.verifyAudit', {}, t.adminToken)).problems).toEqual([]);
  });

  it('an emptied audit log fails audit verify against the closing act’s anchor', async () => {
    const t = await backOffice();
    const { desk } = await closedDay(t);
    const anchor = anchorsOf(t)[0];
    await t.app.db('audit_log').del();
    await t.app.db('audit_head').update({ last_id: null, last_hash: GENESIS_HASH, row_count: 0 });
    await t.app.db('cash_sessions').update({ audit_last_id: null, audit_hash: null, audit_rows: null });

    const result = await t.ok('backups.verifyAudit', {}, t.adminToken);
    expect(result.chain).toMatchObject({ ok: true, rows: 0 });
    expect(result.ok).toBe(false);
    expect(result.anchors.broken[0]).toMatchObject({ reason: 'vaciada', anchor: { kind: 'cierre', ref: `turno ${desk.sessionId}` } });
    expect(result.problems[0]).toMatch(
      new RegExp(`^La auditoría está vacía, pero el cierre de caja del turno ${desk.sessionId} \\(.+\\) registró ${anchor.rows} filas, hasta la fila ${anchor.lastId}: la vaciaron por fuera de la aplicación\\.$`),
    );
    expect(result.summary[0]).toBe('La cadena dentro del archivo no tiene rupturas (0 filas), pero no cumple sus anclas de fuera del archivo.');
  });
});

describe('the reconciliation (SQLite and PostgreSQL)', () => {
  it('a day of payments, a void, cash movements and a close reconciles clean', async () => {
    const t = await backOffice();
    const desk = await openCashierDesk(t);
    const coordinator = await createCoordinator(t);
    const { accountId } = await accountWithInvoices(t, '100234', [50_000, 40_000]);
    await payCash(t, desk.token, accountId, 30_000);
    const voided = await payCash(t, desk.token, accountId, 20_000);
    await t.ok('cashier.void', { paymentId: voided.paymentId, reason: 'Pago aplicado a la cuenta equivocada', approval: coordinator.approval }, desk.token);
    await t.ok('cashier.movement', { kind: 'entrada', amount: 10_000, reason: 'fondo_de_cambio', note: '' }, desk.token);
    // 200.000 + 30.000 + 20.000 − 20.000 returned + 10.000 in = 240.000
    await t.ok('cashier.close', { count: copCount(240_000), note: '' }, desk.token);

    const result = await reconcile(t.app.db);
    expect(result).toEqual({ ok: true, checked: { invoices: 2, charges: 0, payments: 2, sessions: 1, movements: 1, bankFiles: 0 }, issues: [], more: 0 });
  });

  it('an edited business table is named by the reconciliation: an invoice balance, a payment, a movement and a till', async () => {
    const t = await backOffice();
    const { desk, invoiceIds } = await closedDay(t);
    const db = t.app.db;
    // someone with the file erases a debt, shrinks a payment, and tidies the till to match
    await db('invoices').where({ id: invoiceIds[1] }).update({ balance: 0 });
    const payment = await db('payments').first('id');
    await db('payments').where({ id: payment.id }).update({ amount: 5_000 });
    await db('cash_sessions').where({ id: desk.sessionId }).update({ expected_cash: 205_000, difference: 45_000 });

    const before = await fileState(t);
    const result = await t.ok('backups.verifyAudit', {}, t.adminToken);
    expect(result.chain.ok).toBe(true); // the audit rows themselves were not touched
    expect(result.reconciliation.issues.map((i) => [i.entity, i.message])).toEqual([
      ['factura', 'La factura 100234-02 (cuenta 100234) tiene saldo $ 0, pero lo que debía al ingresar ($ 40.000) menos los pagos vigentes aplicados ($ 0) da $ 40.000.'],
      ['pago', 'El recibo GAR-000001 dice valor $ 5.000 y la auditoría registró $ 50.000.'],
      ['turno', expect.stringMatching(/^El turno \d+ \(Caja C1, \d{2}\/\d{2}\/\d{4}\) registró efectivo esperado \$ 205\.000, pero sus pagos, movimientos y anulaciones dan \$ 250\.000\.$/)],
      ['turno', expect.stringMatching(/^El turno \d+ \(Caja C1, .+\) dice esperado \$ 205\.000 y la auditoría registró \$ 250\.000; diferencia \$ 45\.000 y la auditoría registró \$ 0\.$/)],
    ]);
    expect(result.ok).toBe(false);
    expect(result.summary[2]).toBe('Conciliación: 4 diferencias en 2 facturas, 0 cobros, 1 pagos, 1 turnos de caja, 0 movimientos de efectivo y 0 archivos del banco.');
    // checking wrote nothing
    expect(await fileState(t)).toEqual(before);
  });
});

/** what the check must never change: the audit and the money tables' row counts and the head */
async function fileState(t: InitializedBackOffice): Promise<unknown> {
  const counts: Record<string, number> = {};
  for (const table of ['audit_log', 'payments', 'invoices', 'cash_sessions', 'counters']) counts[table] = Number((await t.app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);
  return { counts, head: await t.app.db('audit_head').first(), anchors: fs.existsSync(anchorsFile(t)) ? fs.readFileSync(anchorsFile(t), 'utf8') : '' };
}

describe.skipIf(onPostgres)('copies carry their anchor (SQLite)', () => {
  it('an emptied audit log fails audit verify against the last backup’s anchor', async () => {
    const t = await backOffice();
    const copy = await t.ok('backups.create', {}, t.adminToken);
    const manifestFile = path.join(backupsDir(sqliteFile(t.app)), `${copy.file}.manifiesto.json`);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    expect(manifest).toMatchObject({ kind: 'copia', ref: copy.file, database: 'ventanilla.sqlite', bytes: copy.bytes, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // the copy's anchor is the head of the copy itself: every row before its own backup.create row
    const backupRow = await t.app.db('audit_log').where({ action: 'backup.create' }).first('id');
    const last = await t.app.db('audit_log').where('id', '<', backupRow.id).orderBy('id', 'desc').first('id', 'hash');
    expect(manifest).toMatchObject({ lastId: Number(last.id), hash: last.hash, rows: Number(last.id) });
    expect(anchorsOf(t)).toEqual([expect.objectContaining({ kind: 'copia', ref: copy.file, lastId: Number(last.id), hash: last.hash })]);

    await t.app.db('audit_log').del();
    await t.app.db('audit_head').update({ last_id: null, last_hash: GENESIS_HASH, row_count: 0 });

    const result = await t.ok('backups.verifyAudit', {}, t.adminToken);
    expect(result.ok).toBe(false);
    expect(result.anchors.broken[0]).toMatchObject({ reason: 'vaciada', anchor: { kind: 'copia', ref: copy.file, sources: ['archivo de anclas', 'manifiesto de la copia'] } });
    expect(result.problems).toEqual([
      expect.stringMatching(
        new RegExp(`^La auditoría está vacía, pero la copia de seguridad «${copy.file.replace(/\./g, '\\.')}» \\(.+\\) registró ${last.id} filas, hasta la fila ${last.id}: la vaciaron por fuera de la aplicación\\.$`),
      ),
    ]);

    // the anchors file alone is enough: without the manifest the copy's anchor still breaks
    fs.rmSync(manifestFile);
    expect((await t.ok('backups.verifyAudit', {}, t.adminToken)).anchors.broken[0]).toMatchObject({ reason: 'vaciada', anchor: { sources: ['archivo de anclas'] } });
  });

  it('a log that shrank (its newest rows deleted and the head moved back) is named as such', async () => {
    const t = await backOffice();
    await t.ok('backups.create', {}, t.adminToken);
    const rows = Number((await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n);
    const keep: { id: number; hash: string } = await t.app.db('audit_log').where('id', '<=', 2).orderBy('id', 'desc').first('id', 'hash');
    await t.app.db('audit_log').where('id', '>', keep.id).del();
    await t.app.db('audit_head').update({ last_id: keep.id, last_hash: keep.hash, row_count: 2 });
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true, rows: 2 });

    const result = await t.ok('backups.verifyAudit', {}, t.adminToken);
    expect(result.anchors.broken[0]).toMatchObject({ reason: 'encogida' });
    expect(result.problems[0]).toMatch(new RegExp(`^La auditoría tiene 2 filas, pero la copia de seguridad «manual-.+» \\(.+\\) registró ${rows - 1} filas, hasta la fila ${rows - 1}: se borraron filas por fuera de la aplicación\\.$`));
  });
});
