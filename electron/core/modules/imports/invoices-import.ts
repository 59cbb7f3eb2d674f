/**
 * Invoices from the billing system: ONE ROW PER CHARGE LINE, the invoice's own columns repeated on
 * each of its lines, the lines of one invoice consecutive. An invoice is accepted when its lines
 * agree with its first line, add up to its total and its account exists in the database. A changed
 * invoice replaces its header and lines, unless it already has payments (balance ≠ total).
 */
import type { Knex } from 'knex';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { checkWidth, FieldReader, type ErrorLog } from './fields';
import { countStates, rejectRepeatedKeys, type ImportKindSpec, type RowSink, type StageContext } from './kind';
import type { CsvRecord } from './csv-reader';
import { createStagingTable, insertStates, selectRows, StagingWriter, stagingTable, writeAsFirstLoad } from './staging';

/** The invoice's own columns: the same on every line of one invoice. */
const HEADER_COLUMNS = [
  'numero_factura',
  'cuenta',
  'periodo',
  'fecha_expedicion',
  'fecha_vencimiento',
  'fecha_suspension',
  'lectura_anterior',
  'lectura_actual',
  'consumo_m3',
  'referencia_pago',
] as const;
const LINE_COLUMNS = ['concepto', 'cantidad', 'valor_unitario', 'valor'] as const;
export const INVOICE_COLUMNS = [...HEADER_COLUMNS, ...LINE_COLUMNS, 'total_factura'] as const;
/** compared line by line with the invoice's first line */
const REPEATED_COLUMNS = [...HEADER_COLUMNS, 'total_factura'] as const;

const INVOICE_DATA = [
  'account_id',
  'period',
  'issue_date',
  'due_date',
  'suspension_date',
  'previous_reading',
  'current_reading',
  'consumption_m3',
  'payment_reference',
  'total',
] as const;
const STAGED_INVOICE = [
  'seq',
  'line',
  'number',
  'account_number',
  'period',
  'issue_date',
  'due_date',
  'suspension_date',
  'previous_reading',
  'current_reading',
  'consumption_m3',
  'payment_reference',
  'total',
  'line_count',
] as const;
const LINE_DATA = ['concept', 'quantity', 'unit_value', 'amount'] as const;
const STAGED_LINE = ['seq', 'line_no', ...LINE_DATA] as const;

const MAX_READING = 999_999_999;
/** more lines than this is not an invoice (and would hold memory until its end) */
const MAX_LINES_PER_INVOICE = 500;
const QUANTITY = /^\d{1,9}(\.\d{1,6})?$/;

interface OpenInvoice {
  number: string;
  /** the line of its first row */
  line: number;
  /** its first row's values of REPEATED_COLUMNS, to compare the next rows with (null if unreadable) */
  repeated: string[] | null;
  /** the staged header without seq and line_count, or null when its first row was wrong */
  header: unknown[] | null;
  total: number;
  lines: unknown[][];
  sum: number;
  bad: boolean;
}

class InvoiceSink implements RowSink {
  private readonly headers: StagingWriter;
  private readonly lines: StagingWriter;
  private readonly f: FieldReader;
  private current: OpenInvoice | null = null;
  private seq = 0;

  constructor(private readonly ctx: StageContext) {
    this.headers = new StagingWriter(ctx.conn, 'import_invoices', STAGED_INVOICE);
    this.lines = new StagingWriter(ctx.conn, 'import_lines', STAGED_LINE);
    this.f = new FieldReader(ctx.map, ctx.log, ctx.currency);
  }

  add(record: CsvRecord): void {
    const { log, map } = this.ctx;
    const f = this.f.start(record);
    const number = f.code('numero_factura', 20);
    if (!f.ok) {
      log.rejected++;
      return;
    }
    if (this.current && this.current.number !== number) this.closeCurrent();
    if (!checkWidth(record, map, log)) {
      if (this.current) this.current.bad = true;
      else this.current = { number, line: record.line, repeated: null, header: null, total: 0, lines: [], sum: 0, bad: true };
      return;
    }
    let invoice = this.current;
    if (!invoice) {
      invoice = this.current = this.open(record, number);
    } else if (invoice.repeated) {
      const { line, repeated } = invoice;
      REPEATED_COLUMNS.forEach((column, i) => {
        if (f.raw(column) !== repeated[i]) {
          f.fail(column, `Debe repetir el valor de la primera línea de la factura «${number}» (línea ${line}: «${repeated[i]}»)`);
        }
      });
    }
    const concept = f.text('concepto', 80);
    const quantityText = f.raw('cantidad').replace(',', '.');
    if (!QUANTITY.test(quantityText)) {
      f.fail('cantidad', f.raw('cantidad') === '' ? 'Falta la cantidad (es obligatoria)' : `«${f.raw('cantidad')}» no es una cantidad válida`);
    }
    const unitValue = f.amount('valor_unitario');
    const amount = f.amount('valor');
    if (!f.ok) invoice.bad = true;
    if (invoice.bad) return;
    if (invoice.lines.length === MAX_LINES_PER_INVOICE) {
      f.fail('numero_factura', `La factura «${number}» tiene más de ${MAX_LINES_PER_INVOICE} líneas`);
      invoice.bad = true;
      invoice.lines = [];
      return;
    }
    invoice.lines.push([invoice.lines.length + 1, concept, quantityText, unitValue, amount]);
    invoice.sum += amount;
  }

  /** Reads the invoice's own columns from its first row. */
  private open(record: CsvRecord, number: string): OpenInvoice {
    const f = this.f;
    const accountNumber = f.code('cuenta', 20);
    const period = f.period('periodo');
    const issueDate = f.date('fecha_expedicion');
    const dueDate = f.date('fecha_vencimiento');
    const suspensionDate = f.date('fecha_suspension', false);
    if (issueDate && dueDate && dueDate < issueDate) {
      f.fail('fecha_vencimiento', `La fecha de vencimiento (${dueDate}) es anterior a la de expedición (${issueDate})`);
    }
    if (dueDate && suspensionDate && suspensionDate < dueDate) {
      f.fail('fecha_suspension', `La fecha de suspensión (${suspensionDate}) es anterior a la de vencimiento (${dueDate})`);
    }
    const previousReading = f.integer('lectura_anterior', { min: 0, max: MAX_READING, required: false });
    const currentReading = f.integer('lectura_actual', { min: 0, max: MAX_READING, required: false });
    const consumption = f.integer('consumo_m3', { min: 0, max: MAX_READING, required: true });
    const reference = f.code('referencia_pago', 25);
    const total = f.amount('total_factura');
    if (total < 0) f.fail('total_factura', `El total de la factura no puede ser negativo (${formatMoney(total, this.ctx.currency)})`);
    const ok = f.ok;
    return {
      number,
      line: record.line,
      repeated: REPEATED_COLUMNS.map((c) => f.raw(c)),
      header: ok
        ? [number, accountNumber, period, issueDate, dueDate, suspensionDate, previousReading, currentReading, consumption, reference, total]
        : null,
      total,
      lines: [],
      sum: 0,
      bad: !ok,
    };
  }

  /** The invoice is complete: checks its total and stages it, or counts it rejected. */
  private closeCurrent(): void {
    const invoice = this.current;
    this.current = null;
    if (!invoice) return;
    if (!invoice.bad && invoice.sum !== invoice.total) {
      const { currency } = this.ctx;
      this.ctx.log.add(
        invoice.line,
        this.ctx.map.label.total_factura,
        `El total de la factura «${invoice.number}» (${formatMoney(invoice.total, currency)}) no es igual a la suma de sus líneas (${formatMoney(invoice.sum, currency)})`,
      );
      invoice.bad = true;
    }
    if (invoice.bad || !invoice.header) {
      this.ctx.log.rejected++;
      return;
    }
    const seq = ++this.seq;
    this.headers.push([seq, invoice.line, ...invoice.header, invoice.lines.length]);
    for (const line of invoice.lines) this.lines.push([seq, ...line]);
  }

  async pump(): Promise<void> {
    await this.headers.pump();
    await this.lines.pump();
  }

  async finish(): Promise<void> {
    this.closeCurrent();
    await this.headers.finish();
    await this.lines.finish();
  }

  async close(): Promise<void> {
    await this.headers.close();
    await this.lines.close();
  }
}

// the account is the one of the staged number (a.id), found in the same statement
const headerDiffers = INVOICE_DATA.map((c) => `i.${c} IS DISTINCT FROM ${c === 'account_id' ? 'a.id' : `s.${c}`}`).join(' OR ');
const lineDiffers = LINE_DATA.map((c) => `il.${c} IS DISTINCT FROM l.${c}`).join(' OR ');

/** Lists the first 1,000 rows of a query as errors (the rows are counted as rejected by their state). */
async function rejectRows<T extends { line: number }>(
  trx: Knex.Transaction,
  log: ErrorLog,
  query: string,
  toError: (row: T) => { column: string; message: string },
): Promise<void> {
  const rows = await selectRows<T>(trx, `${query} ORDER BY s.line LIMIT 1000`);
  for (const row of rows) {
    const { column, message } = toError(row);
    log.add(row.line, column, message);
  }
}

/**
 * The classification of every staged invoice in one `INSERT … SELECT` (no UPDATE of the staging
 * tables, no correlated subquery): each invoice joined once with its account and its existing
 * invoice, and with `same`, one row per staged invoice that exists: how many lines it has in the
 * database and how many of them equal the staged line of the same number (a hash aggregate over
 * the existing lines of the file's invoices). The lines are the same when both counts equal the
 * staged line count (line numbers are unique on both sides). States: 'rejected' (unknown
 * account), 'new', 'changed', 'paid' (changed but already paid: refused), 'unchanged'.
 */
function classification(si: string, sl: string): string {
  const same = `SELECT s.seq, COUNT(*) AS existing_lines,
      SUM(CASE WHEN l.seq IS NULL OR ${lineDiffers} THEN 0 ELSE 1 END) AS same_lines
    FROM ${si} AS s JOIN invoices AS i ON i.number = s.number
    JOIN invoice_lines AS il ON il.invoice_id = i.id
    LEFT JOIN ${sl} AS l ON l.seq = s.seq AND l.line_no = il.line_no
    GROUP BY s.seq`;
  return `SELECT s.seq, a.id, i.id,
      CASE WHEN a.id IS NULL THEN 'rejected'
        WHEN i.id IS NULL THEN 'new'
        WHEN ${headerDiffers} OR d.seq IS NULL OR d.existing_lines <> s.line_count OR d.same_lines <> s.line_count
          THEN CASE WHEN i.balance <> i.total THEN 'paid' ELSE 'changed' END
        ELSE 'unchanged' END
    FROM ${si} AS s
    LEFT JOIN accounts AS a ON a.number = s.account_number
    LEFT JOIN invoices AS i ON i.number = s.number
    LEFT JOIN (${same}) AS d ON d.seq = s.seq`;
}

export const invoicesImport: ImportKindSpec = {
  kind: 'invoices',
  columns: INVOICE_COLUMNS,

  async createStagingTables(db) {
    // amounts are BIGINT like the real columns (the same INTEGER affinity on SQLite)
    await createStagingTable(
      db,
      'import_invoices',
      `seq INTEGER NOT NULL, line INTEGER NOT NULL, number TEXT NOT NULL, account_number TEXT NOT NULL,
      period TEXT NOT NULL, issue_date TEXT NOT NULL, due_date TEXT NOT NULL, suspension_date TEXT,
      previous_reading INTEGER, current_reading INTEGER, consumption_m3 INTEGER NOT NULL,
      payment_reference TEXT NOT NULL, total BIGINT NOT NULL, line_count INTEGER NOT NULL`,
      { primaryKey: ['seq'] },
    );
    await createStagingTable(
      db,
      'import_lines',
      `seq INTEGER NOT NULL, line_no INTEGER NOT NULL, concept TEXT NOT NULL, quantity TEXT NOT NULL,
      unit_value BIGINT NOT NULL, amount BIGINT NOT NULL`,
      { primaryKey: ['seq', 'line_no'], withoutRowid: true },
    );
    // the classification of each staged invoice (by seq): written once, never UPDATEd
    await createStagingTable(db, 'import_invoice_states', 'seq INTEGER NOT NULL, account_id INTEGER, existing_id INTEGER, state TEXT NOT NULL', {
      primaryKey: ['seq'],
    });
  },

  createSink: (ctx) => new InvoiceSink(ctx),

  async checkFile(db, log) {
    await rejectRepeatedKeys(db, log, {
      table: 'import_invoices',
      key: 'number',
      column: 'numero_factura',
      message: (number, first) => `Las líneas de la factura «${number}» deben ir seguidas: la factura ya apareció en la línea ${first}`,
    });
  },

  async classify(trx: Knex.Transaction, log: ErrorLog, currency: CurrencyCode) {
    const si = stagingTable(trx, 'import_invoices');
    const st = stagingTable(trx, 'import_invoice_states');
    await insertStates(trx, 'import_invoice_states', ['seq', 'account_id', 'existing_id', 'state'], classification(si, stagingTable(trx, 'import_lines')));
    await rejectRows<{ line: number; account_number: string }>(
      trx,
      log,
      `SELECT s.line, s.account_number FROM ${si} AS s JOIN ${st} AS st ON st.seq = s.seq WHERE st.account_id IS NULL`,
      (r) => ({ column: 'cuenta', message: `La cuenta «${r.account_number}» no existe: importe primero el archivo de cuentas` }),
    );
    const paid = `SELECT s.line, s.number, i.total, i.balance FROM ${si} AS s JOIN ${st} AS st ON st.seq = s.seq
      JOIN invoices AS i ON i.id = st.existing_id WHERE st.state = 'paid'`;
    await rejectRows<{ line: number; number: string; total: number; balance: number }>(trx, log, paid, (r) => ({
      column: 'numero_factura',
      message: `La factura «${r.number}» ya tiene pagos (saldo ${formatMoney(Number(r.balance), currency)} de ${formatMoney(Number(r.total), currency)}): no se puede reemplazar`,
    }));
    const counts = await countStates(trx, 'import_invoice_states');
    log.rejected += counts.rejected;
    return counts;
  },

  async apply(trx: Knex.Transaction, now: string) {
    await writeAsFirstLoad(trx, 'invoices', ['invoices', 'invoice_lines'], () => writeInvoices(trx, now));
  },
};

/** The new and changed invoices, and their lines. */
async function writeInvoices(trx: Knex.Transaction, now: string): Promise<void> {
  const staged = `${stagingTable(trx, 'import_invoices')} AS s JOIN ${stagingTable(trx, 'import_invoice_states')} AS st ON st.seq = s.seq`;
  const values = INVOICE_DATA.map((c) => (c === 'account_id' ? 'st.account_id' : `s.${c}`));
  // a replaced invoice had no payments (balance = total), so its new balance is its new total
  // (and so is what it owed when it came in: opening_balance, which the reconciliation reads)
  await trx.raw(
    `UPDATE invoices AS i SET ${INVOICE_DATA.map((c, k) => `${c} = ${values[k]}`).join(', ')}, balance = s.total, opening_balance = s.total, updated_at = ?
     FROM ${staged} WHERE st.state = 'changed' AND i.id = st.existing_id`,
    [now],
  );
  await trx.raw(`DELETE FROM invoice_lines WHERE invoice_id IN (SELECT existing_id FROM ${stagingTable(trx, 'import_invoice_states')} WHERE state = 'changed')`);
  await trx.raw(
    `INSERT INTO invoices (number, ${INVOICE_DATA.join(', ')}, balance, created_at, updated_at)
     SELECT s.number, ${values.join(', ')}, s.total, ?, ? FROM ${staged} WHERE st.state = 'new' ORDER BY s.seq`,
    [now, now],
  );
  // new and replaced invoices alike found by their number (unique), with no UPDATE of the staging tables
  await trx.raw(
    `INSERT INTO invoice_lines (invoice_id, line_no, ${LINE_DATA.join(', ')})
     SELECT i.id, l.line_no, ${LINE_DATA.map((c) => `l.${c}`).join(', ')}
     FROM ${staged} JOIN invoices AS i ON i.number = s.number JOIN ${stagingTable(trx, 'import_lines')} AS l ON l.seq = s.seq
     WHERE st.state IN ('new', 'changed')`,
  );
}
