/**
 * The day's payments of one export written in its format, line by line into a sink: Asobancaria
 * 2001 (the office as collecting entity), CSV (the product's one CSV writer, one row per
 * allocation) or JSON (every payment with its tenders and allocations). The writer counts and sums
 * what it wrote so the service can check it against the database's own sums.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Knex } from 'knex';
import tenderCodes from '../../../../resources/tables/asobancaria-medios.json';
import type { ExportFormat, TenderMethod } from '../../../../shared/contract';
import { CURRENCIES, type CurrencyCode } from '../../../../shared/money';
import { csvText } from '../../documents/csv';
import { detailRecord, fileControlRecord, fileHeaderRecord, lastDigits, lotControlRecord, lotHeaderRecord } from './asobancariaRecords';
import { writePages, type ExportedPayment, type ExportedTender } from './payments';

/** What a file was written with, recorded with the export so a re-export writes the same bytes. */
export interface ExportLayout {
  billerNit: string;
  bankCode: string;
  accountNumber: string;
  accountType: string;
  serviceCode: string;
  reference: 'factura' | 'cuenta';
  /** office code → branch code */
  branches: Record<string, string>;
  currency: CurrencyCode;
}

export interface ExportHead {
  id: number;
  number: number;
  format: ExportFormat;
  businessDate: string;
  modifier: string;
  fileDate: string;
  fileTime: string;
}

/** Bytes out, hashed and counted as they go; `flush` hands full chunks to the output. */
export class HashingSink {
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;
  bytes = 0;

  constructor(private readonly output: (chunk: Buffer) => Promise<void>) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 256 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await this.output(chunk);
  }

  async end(): Promise<{ sha256: string; bytes: number }> {
    await this.flush();
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** A sink's output into a file (waits when the stream asks to). */
export function fileOutput(stream: fs.WriteStream): (chunk: Buffer) => Promise<void> {
  return (chunk) =>
    new Promise((resolve, reject) => {
      stream.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
}

/** A sink's output into memory. */
export function memoryOutput(chunks: Buffer[]): (chunk: Buffer) => Promise<void> {
  return (chunk) => {
    chunks.push(chunk);
    return Promise.resolve();
  };
}

export interface Written {
  records: number;
  /** minor units */
  total: number;
}

const CODES = tenderCodes as unknown as Record<TenderMethod, { procedencia: string; medio: string }>;

/**
 * The user reference of the 06 record: the invoice's payment reference when the payment went to that
 * one invoice (setting 'factura'), else the account number.
 */
export function userReference(p: { accountNumber: string; allocations: readonly { paymentReference: string | null }[] }, mode: ExportLayout['reference']): string {
  const only = p.allocations.length === 1 ? p.allocations[0].paymentReference : null;
  return mode === 'factura' && only ? only : p.accountNumber;
}

/** The tender whose codes the 06 record carries: the largest, the first of equals (null: none). */
export function mainTender(p: Pick<ExportedPayment, 'tenders'>): ExportedTender | null {
  let main: ExportedTender | null = null;
  for (const t of p.tenders) if (!main || t.amount > main.amount) main = t;
  return main;
}

export function toHundredths(minor: number, currency: CurrencyCode): bigint {
  return CURRENCIES[currency].decimals === 2 ? BigInt(minor) : BigInt(minor) * 100n;
}

async function writeAsobancaria(db: Knex, head: ExportHead, layout: ExportLayout, sink: HashingSink): Promise<Written> {
  const CRLF = '\r\n';
  await sink.write(
    fileHeaderRecord({
      billerNit: layout.billerNit,
      collectionDate: head.businessDate,
      bankCode: layout.bankCode,
      accountNumber: layout.accountNumber,
      fileDate: head.fileDate,
      fileTime: head.fileTime,
      modifier: head.modifier,
      accountType: layout.accountType,
    }) + CRLF,
  );
  // one service code for the company: one lot
  const lot = 1;
  await sink.write(lotHeaderRecord(layout.serviceCode, lot) + CRLF);
  let records = 0;
  let total = 0;
  let hundredths = 0n;
  await writePages(db, head.id, sink, (page) => {
    const lines: string[] = [];
    for (const p of page) {
      const tender = mainTender(p);
      const codes = CODES[tender?.method ?? 'efectivo'];
      const card = tender?.method === 'tarjeta_debito' || tender?.method === 'tarjeta_credito';
      const amount = toHundredths(p.amount, layout.currency);
      records++;
      total += p.amount;
      hundredths += amount;
      lines.push(
        detailRecord({
          reference: userReference(p, layout.reference),
          amountHundredths: amount,
          procedencia: codes.procedencia,
          medio: codes.medio,
          operation: lastDigits(p.receiptNumber, 6),
          authorization: card ? lastDigits(tender.reference, 6) : '',
          bankCode: layout.bankCode,
          branch: layout.branches[p.officeCode] ?? lastDigits(p.officeId, 4),
          sequence: records,
        }) + CRLF,
      );
    }
    return lines.join('');
  });
  await sink.write(lotControlRecord(records, hundredths, lot) + CRLF);
  await sink.write(fileControlRecord(records, hundredths) + CRLF);
  return { records, total };
}

/** The CSV's header, version 1 (documented in resources/samples/RECAUDO-DETALLE.md). */
export const RECAUDO_CSV_HEADER = [
  'version',
  'exportacion',
  'fecha_recaudo',
  'oficina',
  'recibo',
  'origen',
  'cajero',
  'cuenta',
  'valor_pago',
  'medios',
  'factura',
  'referencia_pago',
  'periodo',
  'cobro',
  'concepto',
  'valor_aplicado',
] as const;
const CSV_NUMERIC = [0, 1, 4, 8, 13, 15];

async function writeCsv(db: Knex, head: ExportHead, sink: HashingSink): Promise<Written> {
  await sink.write(csvText([], { separator: ',', bom: false, header: RECAUDO_CSV_HEADER }));
  let records = 0;
  let total = 0;
  await writePages(db, head.id, sink, (page) => {
    const rows: (string | number | null)[][] = [];
    for (const p of page) {
      records++;
      total += p.amount;
      const tenders = p.tenders.map((t) => `${t.method}:${t.amount}${t.reference ? `:${t.reference}` : ''}`).join('|');
      const base = [1, head.number, p.businessDate, p.officeCode, p.receiptNumber, p.source, p.cashier ?? '', p.accountNumber, p.amount, tenders];
      const allocated = p.allocations.reduce((s, a) => s + a.amount, 0);
      for (const a of p.allocations) rows.push([...base, a.invoiceNumber ?? '', a.paymentReference ?? '', a.period ?? '', a.chargeId, a.chargeConcept ?? '', a.amount]);
      if (allocated < p.amount || p.allocations.length === 0) rows.push([...base, '', '', '', null, 'SALDO A FAVOR', p.amount - allocated]);
    }
    return csvText(rows, { separator: ',', bom: false, columnNames: RECAUDO_CSV_HEADER, numeric: CSV_NUMERIC });
  });
  return { records, total };
}

async function writeJson(db: Knex, head: ExportHead, layout: ExportLayout, sink: HashingSink): Promise<Written> {
  await sink.write(`{"version":1,"exportacion":${head.number},"fechaRecaudo":"${head.businessDate}","moneda":"${layout.currency}","pagos":[`);
  let records = 0;
  let total = 0;
  await writePages(db, head.id, sink, (page) => {
    const parts: string[] = [];
    for (const p of page) {
      parts.push((records === 0 ? '\n' : ',\n') + JSON.stringify(p));
      records++;
      total += p.amount;
    }
    return parts.join('');
  });
  await sink.write('\n]}\n');
  return { records, total };
}

export function writeExport(db: Knex, head: ExportHead, layout: ExportLayout, sink: HashingSink): Promise<Written> {
  if (head.format === 'asobancaria') return writeAsobancaria(db, head, layout, sink);
  if (head.format === 'csv') return writeCsv(db, head, sink);
  return writeJson(db, head, layout, sink);
}

export function exportFileName(head: Pick<ExportHead, 'format' | 'businessDate' | 'modifier' | 'number'>, officeCode: string | null): string {
  const ext = head.format === 'asobancaria' ? 'txt' : head.format;
  return `recaudo-${head.businessDate.replace(/-/g, '')}-${officeCode ?? 'TODAS'}-${head.modifier}-${String(head.number).padStart(6, '0')}.${ext}`;
}
