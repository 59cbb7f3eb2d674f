/**
 * Printing a period's invoices by route: route order and page count, one file per route, skipped
 * invoices with their reason, cancel leaves no file, DUPLICADO on a reprint and never in a batch.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { pdfInfo, pdfText } from '../helpers/pdf';
import { seedRoutes, type SeededInvoice } from '../helpers/invoices-fixture';
import { batchDir, waitForBatch } from '../../electron/core/modules/invoicing/batch';
import type { BatchFileChunk, InvoiceBatchStatus } from '../../shared/contract';

type T = TestBackOffice & { adminToken: string; officeId: number };

let t: T;
let coordinator: string;
let seeded: SeededInvoice[];

beforeEach(async () => {
  t = await createInitializedBackOffice();
  coordinator = await loginAs(t, 'coordinador');
  seeded = await seedRoutes(t.app.db, '2026-09', [
    { cycle: '02', route: '0201', accounts: 3 },
    { cycle: '01', route: '0102', accounts: 4 },
    { cycle: '01', route: '0101', accounts: 5 },
  ]);
});

afterEach(async () => {
  await t.close();
});

/** downloads a finished batch file through the chunk handler, as the screen does */
async function download(batchId: number, fileIndex: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: BatchFileChunk = await t.ok('invoicing.batchFileChunk', { batchId, fileIndex, offset }, coordinator);
    parts.push(Buffer.from(chunk.base64, 'base64'));
    offset = chunk.nextOffset;
  }
  return Buffer.concat(parts);
}

/** the account numbers in the order their pages come (the "Cuenta" value of each page) */
function accountsInOrder(pdf: Buffer): string[] {
  return pdfText(pdf)
    .split('\f')
    .filter((page) => page.trim() !== '')
    .map((page) => /Cuenta\s+(\d+)/.exec(page)?.[1] ?? '?');
}

async function printAndWait(args: Parameters<T['ok']>[1] extends never ? never : Record<string, unknown>): Promise<InvoiceBatchStatus> {
  const started = await t.ok('invoicing.startBatch', args as never, coordinator);
  expect(started.state).toBe('running');
  return waitForBatch(t.app, started.id);
}

describe('a batch of invoices', () => {
  it('prints every invoice of the period in route order, one page each, in one PDF', async () => {
    const done = await printAndWait({ period: '2026-09' });
    expect(done.state).toBe('done');
    expect(done.printed).toBe(12);
    expect(done.skipped).toBe(0);
    expect(done.files).toHaveLength(1);
    const pdf = await download(done.id, 0);
    expect(pdfInfo(pdf)).toMatchObject({ pages: 12, width: 612, height: 792 });
    const expected = [...seeded].sort((a, b) => a.cycle.localeCompare(b.cycle) || a.route.localeCompare(b.route) || a.sequence - b.sequence).map((s) => s.accountNumber);
    expect(accountsInOrder(pdf)).toEqual(expected);
    expect(pdfText(pdf)).not.toContain('DUPLICADO');
  });

  it('a batch larger than the drawing thread\'s 1 MB write block and its 250-page tree nodes is one whole PDF: every page in route order, every object where the cross-reference table says', async () => {
    const big = await seedRoutes(t.app.db, '2026-09', [{ cycle: '03', route: '0301', accounts: 320 }]);
    const done = await printAndWait({ period: '2026-09' });
    expect(done.printed).toBe(332);
    const pdf = await download(done.id, 0);
    expect(pdf.length).toBeGreaterThan(1024 * 1024);
    expect(pdfInfo(pdf).pages).toBe(332);
    const accounts = accountsInOrder(pdf);
    expect(accounts.slice(-320)).toEqual(big.map((s) => s.accountNumber).sort());
    expect(accounts.at(-1)).toBe('030301320');
    // the file's bytes went through the block in order: each offset of the table starts its object
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(pdf.toString('latin1'))?.[1]);
    const table = pdf.toString('latin1', startxref).split('\n');
    expect(table[0]).toBe('xref');
    const count = Number(table[1].split(' ')[1]);
    expect(count).toBeGreaterThan(332 * 3);
    for (let id = 1; id < count; id++) {
      const offset = Number(table[2 + id].slice(0, 10));
      expect(pdf.toString('latin1', offset, offset + 20)).toMatch(new RegExp(`^${id} 0 obj`));
    }
  });

  it('writes one file per route with the route in its name, and half-letter when asked', async () => {
    const done = await printAndWait({ period: '2026-09', cycle: '01', split: 'perRoute', paper: 'halfLetter' });
    expect(done.files.map((f) => [f.fileName, f.pages])).toEqual([
      ['facturas-2026-09-ciclo-01-ruta-0101.pdf', 5],
      ['facturas-2026-09-ciclo-01-ruta-0102.pdf', 4],
    ]);
    const second = await download(done.id, 1);
    expect(pdfInfo(second)).toMatchObject({ pages: 4, width: 396, height: 612 });
    expect(accountsInOrder(second)).toEqual(['010102001', '010102002', '010102003', '010102004']);
  });

  it('skips paid invoices, invoices without lines or with zero total, and retired accounts, saying why', async () => {
    const [paid, noLines, zero, retired] = seeded.filter((s) => s.route === '0101');
    await t.app.db('invoices').where({ id: paid.invoiceId }).update({ balance: 0 });
    await t.app.db('invoice_lines').where({ invoice_id: noLines.invoiceId }).delete();
    await t.app.db('invoices').where({ id: zero.invoiceId }).update({ total: 0 });
    await t.app.db('accounts').where({ number: retired.accountNumber }).update({ status: 'retirado' });
    const routes = await t.ok('invoicing.routes', { period: '2026-09' }, coordinator);
    expect(routes.find((r) => r.route === '0101')).toEqual({ cycle: '01', route: '0101', invoices: 5, toSkip: 4 });

    const done = await printAndWait({ period: '2026-09', route: '0101' });
    expect(done.printed).toBe(1);
    expect(done.skippedInvoices.map((s) => [s.accountNumber, s.reason, s.reasonText])).toEqual(
      expect.arrayContaining([
        [paid.accountNumber, 'pagada', 'La factura ya está pagada'],
        [noLines.accountNumber, 'sinLineas', 'La factura no tiene conceptos'],
        [zero.accountNumber, 'totalCero', 'El total de la factura es cero o negativo'],
        [retired.accountNumber, 'cuentaRetirada', 'La cuenta está retirada'],
      ]),
    );
    expect(pdfInfo(await download(done.id, 0)).pages).toBe(1);
    // the summary stays after the fact
    const again = await t.ok('invoicing.batchStatus', { batchId: done.id }, coordinator);
    expect(again).toMatchObject({ state: 'done', printed: 1, skipped: 4 });
  });

  it('cancel stops the batch and leaves no file, not even a partial one', async () => {
    await seedRoutes(t.app.db, '2026-09', [{ cycle: '03', route: '0301', accounts: 60 }]);
    const started = await t.ok('invoicing.startBatch', { period: '2026-09', split: 'perRoute' }, coordinator);
    const cancelled = await t.ok('invoicing.cancelBatch', { batchId: started.id }, coordinator);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.files).toEqual([]);
    expect(cancelled.message).toContain('no quedó ningún archivo');
    expect(fs.existsSync(batchDir(t.app, started.id))).toBe(false);
    await expectRefusal(t.call('invoicing.batchFileChunk', { batchId: started.id, fileIndex: 0, offset: 0 }, coordinator), 'RULE', 'Esta impresión no dejó archivos (fue cancelada o falló).');
    const audit = await t.app.db('audit_log').where({ entity: 'invoice_print_batch', entity_id: String(started.id) }).orderBy('id').pluck('action');
    expect(audit).toEqual(['invoices.printBatch.start', 'invoices.printBatch.cancelled']);
  });

  it('refuses a period without invoices and writes nothing', async () => {
    const before = await t.app.db('audit_log').count({ n: '*' }).first();
    await expectRefusal(t.call('invoicing.startBatch', { period: '2025-01' }, coordinator), 'RULE', 'No hay facturas del periodo 01/2025.');
    expect(Number((await t.app.db('invoice_print_batches').count({ n: '*' }).first())?.n)).toBe(0);
    expect(await t.app.db('audit_log').count({ n: '*' }).first()).toEqual(before);
  });

  it('a batch left running by a closed application shows as interrupted; one alive elsewhere stays running', async () => {
    // started by this office's coordinator at another counter (a batch belongs to the office of who started it)
    const { user } = await t.ok('auth.me', {}, coordinator);
    const row = (minutesAgo: number) => {
      const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
      return { period: '2026-09', paper: 'letter', split: 'single', state: 'running', selected: 12, started_at: at, heartbeat_at: at, user_id: user.id };
    };
    const [dead] = await t.app.db('invoice_print_batches').insert(row(5)).returning('id');
    const [alive] = await t.app.db('invoice_print_batches').insert(row(0)).returning('id');
    const idOf = (r: number | { id: number }) => (typeof r === 'object' ? r.id : r);
    const interrupted = await t.ok('invoicing.batchStatus', { batchId: idOf(dead) }, coordinator);
    expect(interrupted.state).toBe('failed');
    expect(interrupted.message).toBe('La impresión se interrumpió (la aplicación se cerró): vuelva a imprimir.');
    expect((await t.app.db('invoice_print_batches').where({ id: idOf(dead) }).first('state')).state).toBe('failed');
    expect((await t.ok('invoicing.batchStatus', { batchId: idOf(alive) }, coordinator)).state).toBe('running');
  });

  it('a cashier may not print batches', async () => {
    const cashier = await loginAs(t, 'cajero');
    await expectForbidden(t.call('invoicing.startBatch', { period: '2026-09' }, cashier));
  });
});

describe('a reprint from the account screen', () => {
  it('says DUPLICADO, is counted per invoice and audited, paid or not', async () => {
    const invoice = seeded[0];
    await t.app.db('invoices').where({ id: invoice.invoiceId }).update({ balance: 0 });
    const cashier = await loginAs(t, 'cajero');
    const first = await t.ok('invoicing.reprint', { invoiceId: invoice.invoiceId }, cashier);
    const second = await t.ok('invoicing.reprint', { invoiceId: invoice.invoiceId }, cashier);
    expect([first.copyNumber, second.copyNumber]).toEqual([1, 2]);
    const pdf = Buffer.from(second.file.base64, 'base64');
    expect(pdfText(pdf)).toContain('DUPLICADO');
    expect(pdfText(pdf)).toContain(invoice.number);
    expect(second.file.fileName).toBe(`factura-${invoice.number}-duplicado-2.pdf`);
    const audit = await t.app.db('audit_log').where({ action: 'invoices.reprint', entity_id: String(invoice.invoiceId) }).count({ n: '*' }).first();
    expect(Number(audit?.n)).toBe(2);
  });

  it('a missing invoice is a clear error and records nothing', async () => {
    await expectRefusal(t.call('invoicing.reprint', { invoiceId: 999_999 }, coordinator), 'NOT_FOUND', 'La factura no existe');
    expect(Number((await t.app.db('invoice_reprints').count({ n: '*' }).first())?.n)).toBe(0);
  });
});
