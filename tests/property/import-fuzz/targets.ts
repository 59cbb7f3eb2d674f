/**
 * The importers under fuzzing. A target says which sample files to start from, how to run its
 * importer, which tables it may write, and, after a commit, how to check that the database holds
 * exactly what the file says (an oracle that reads the file with another CSV parser).
 *
 * To fuzz the Asobancaria 2001 bank-file importer (issue 3) add a target here: its samples are
 * ../shared/fixtures/asobancaria-2001/*.TXT, its layout gives the fixed-width column ranges of each
 * record type (01, 05, 06, 08, 09) instead of splitting on a separator, and its oracle compares the
 * payments written with the 06 records. The runs and the checks in run.ts and checks.ts are the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { ImportKind } from '../../../shared/contract';
import type { Actor } from '../../../electron/core/db/audit';
import { importFile } from '../../../electron/core/modules/imports/service';
import { commitBankFile, previewBankFile } from '../../../electron/core/modules/bankfiles/service';
import { AppError } from '../../../electron/core/errors';
import { insertAccount, insertInvoice } from '../../helpers/accounts';
import { REAL_FIXTURES, readRealFixture } from '../../fixtures/asobancaria/build';
import type { TestBackOffice } from '../../helpers/backoffice';
import { forgetConfiguration } from '../../../electron/core/db/configCache';
import type { ImportOutcome } from './checks';
import { csvLayout, type ColumnEdit, type FileLayout } from './mutations';

export interface FuzzEnv {
  t: TestBackOffice & { adminToken: string; officeId: number };
  actor: Actor;
}

export interface Sample {
  name: string;
  bytes: Buffer;
}

/** key (account or invoice number) → the record as stored, without timestamps and row ids */
export type Rows = Map<string, string>;

export interface ImportTarget {
  name: string;
  samples: Sample[];
  layoutOf(bytes: Buffer): FileLayout;
  /** plausible values per column, so that some mutated files are valid and change records */
  edits: ColumnEdit[];
  /** every table the importer may write: unchanged unless a file was committed */
  tables: readonly string[];
  /** the table that gains one row per committed file (default 'import_batches') */
  batchTable?: string;
  /** takes a fresh, initialized back office to the state the runs start from */
  prepare(env: FuzzEnv): Promise<void>;
  run(env: FuzzEnv, file: string, commit: boolean): Promise<ImportOutcome>;
  /** the records the importer manages, by key */
  rows(env: FuzzEnv): Promise<Rows>;
  /** after a commit: what is wrong if the database does not hold exactly what the file says */
  verifyCommitted(env: FuzzEnv, bytes: Buffer, outcome: ImportOutcome, before: Rows, after: Rows): string[];
}

const SAMPLES_DIR = path.resolve(__dirname, '../../../resources/samples');
const sample = (name: string): Sample => ({ name, bytes: fs.readFileSync(path.join(SAMPLES_DIR, name)) });

// --- the oracle's own reading of a CSV file ----------------------------------------------------

/** Text collapsed the way FORMATO.md promises: trimmed, repeated spaces inside made one. */
const collapse = (value: string) => (/\s\s|[\t\r\n]/.test(value) ? value.replace(/\s+/g, ' ') : value);
const normalized = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s\-.]+/g, '_');

/** 'AAAA-MM-DD' or 'D/M/AAAA' → 'AAAA-MM-DD' */
function isoDate(value: string): string | null {
  if (value === '') return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : value;
}

/**
 * The file as records of named fields, read with csv-parse (not the importer's reader): UTF-8
 * when the bytes are valid UTF-8, Windows-1252 otherwise; separator from the header line.
 */
export function oracleRecords(bytes: Buffer): Record<string, string>[] {
  const text = isUtf8(bytes) ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, 'win1252');
  const headerLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const delimiter = headerLine.split(';').length >= headerLine.split(',').length ? ';' : ',';
  const records = (parse(text, { delimiter, relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][])
    .map((r) => r.map((f) => f.trim()))
    .filter((r) => r.some((f) => f !== ''));
  const [header, ...data] = records;
  const names = header.map(normalized);
  return data.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
}

const stable = (row: Record<string, unknown>, drop: string[]) =>
  JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k))));

/**
 * Checks shared by both CSV kinds after a commit: records outside the file untouched, the counts
 * the importer reported equal to what changed, and a batch and an audit row only when something did.
 */
function verifyKeys(fileKeys: Set<string>, outcome: ImportOutcome, before: Rows, after: Rows): string[] {
  const problems: string[] = [];
  for (const [key, row] of before) if (!fileKeys.has(key) && after.get(key) !== row) problems.push(`«${key}» no está en el archivo y cambió`);
  for (const key of after.keys()) if (!before.has(key) && !fileKeys.has(key)) problems.push(`apareció «${key}», que no está en el archivo`);
  const added = [...fileKeys].filter((k) => !before.has(k)).length;
  const changed = [...fileKeys].filter((k) => before.has(k) && before.get(k) !== after.get(k)).length;
  if (fileKeys.size !== outcome.newCount + outcome.changedCount + outcome.unchangedCount) {
    problems.push(`el archivo trae ${fileKeys.size} registros y el resultado cuenta ${outcome.newCount}+${outcome.changedCount}+${outcome.unchangedCount}`);
  }
  if (added !== outcome.newCount) problems.push(`${added} registros nuevos en la base, el resultado dice ${outcome.newCount}`);
  if (changed !== outcome.changedCount) problems.push(`${changed} registros cambiaron en la base, el resultado dice ${outcome.changedCount}`);
  if (after.size !== before.size + added) problems.push(`la base pasó de ${before.size} a ${after.size} registros con ${added} nuevos`);
  return problems;
}

async function runImport(env: FuzzEnv, kind: ImportKind, file: string, commit: boolean): Promise<ImportOutcome> {
  return importFile(env.t.app, env.actor, kind, file, { commit });
}

// --- accounts -----------------------------------------------------------------------------------

export const accountsTarget: ImportTarget = {
  name: 'cuentas',
  samples: [sample('cuentas.csv')],
  layoutOf: (bytes) => csvLayout(bytes),
  edits: [
    { column: 'cuenta', values: ['100301', '100302', 'ABC-77', '200001'] },
    { column: 'titular', values: ['PÉREZ  RUIZ   JOSÉ', 'ÑUSTES CAMILA', 'O\'BRIEN PATRICK', 'INVERSIONES EL ÁGUILA S.A.S.'] },
    { column: 'telefono', values: ['', '3001234567', '(608) 750 1122', '+57 310 000 0000'] },
    { column: 'correo', values: ['', 'nuevo@correo.co', 'ana.lucia@empresa.com.co'] },
    { column: 'estado', values: ['activo', 'SUSPENDIDO', 'Cortado', 'retirado'] },
    { column: 'estrato', values: ['1', '2', '6'] },
    { column: 'barrio', values: ['', 'LA ESMERALDA', 'SAN JOSÉ'] },
    { column: 'secuencia_ruta', values: ['0', '15', '99999999'] },
    { column: 'numero_documento', values: ['1.023.456', '79555444', '52 384 117'] },
  ],
  tables: ['accounts', 'invoices', 'invoice_lines', 'import_batches', 'audit_log'],
  async prepare(env) {
    const result = await runImport(env, 'accounts', path.join(SAMPLES_DIR, 'cuentas.csv'), true);
    if (!result.committed) throw new Error('no se pudo importar cuentas.csv para empezar');
  },
  run: (env, file, commit) => runImport(env, 'accounts', file, commit),
  async rows(env) {
    const rows = await env.t.app.db('accounts').orderBy('id');
    return new Map(rows.map((r) => [r.number as string, stable(r, ['id', 'created_at', 'updated_at'])]));
  },
  verifyCommitted(_env, bytes, outcome, before, after) {
    const records = oracleRecords(bytes);
    const problems: string[] = [];
    const keys = new Set<string>();
    for (const r of records) {
      const number = collapse(r.cuenta);
      keys.add(number);
      const stored = after.get(number);
      if (!stored) {
        problems.push(`la cuenta «${number}» del archivo no está en la base`);
        continue;
      }
      const a = JSON.parse(stored) as Record<string, unknown>;
      const expected: Record<string, unknown> = {
        holder_name: collapse(r.titular),
        address: collapse(r.direccion),
        neighborhood: collapse(r.barrio),
        city_dane: r.municipio_dane,
        estrato: r.estrato === '' ? null : Number(r.estrato),
        cycle: collapse(r.ciclo),
        route: collapse(r.ruta),
        route_sequence: Number(r.secuencia_ruta),
        meter_number: collapse(r.medidor),
        phone: collapse(r.telefono),
        email: collapse(r.correo),
      };
      for (const [column, value] of Object.entries(expected)) {
        if (a[column] !== value) problems.push(`cuenta «${number}»: ${column} es ${JSON.stringify(a[column])} y el archivo dice ${JSON.stringify(value)}`);
      }
      for (const [column, field] of [['use', 'uso'], ['status', 'estado'], ['id_type', 'tipo_documento']] as const) {
        if (normalized(String(a[column])) !== normalized(r[field])) problems.push(`cuenta «${number}»: ${column} es «${a[column]}» y el archivo dice «${r[field]}»`);
      }
      if (String(a.id_number).toUpperCase() !== r.numero_documento.replace(/[.\s]/g, '').toUpperCase()) {
        problems.push(`cuenta «${number}»: documento «${a.id_number}» y el archivo dice «${r.numero_documento}»`);
      }
    }
    if (keys.size !== records.length) problems.push(`el archivo aplicado repite cuentas (${records.length} filas, ${keys.size} cuentas)`);
    return [...problems, ...verifyKeys(keys, outcome, before, after)];
  },
};

// --- invoices -----------------------------------------------------------------------------------

/** The invoice that has a payment (balance below its total): a file that changes it is refused. */
export const PAID_INVOICE = 'FV2610-00031';

export const invoicesTarget: ImportTarget = {
  name: 'facturas',
  samples: [sample('facturas.csv'), sample('facturas-con-errores.csv')],
  layoutOf: (bytes) => csvLayout(bytes, 'numero_factura'),
  edits: [
    { column: 'numero_factura', values: ['FV2612-00001', 'FV2612-00002', 'NC-1', 'FV2609-00001'] },
    { column: 'concepto', values: ['CARGO FIJO  ACUEDUCTO', 'SUBSIDIO ESTRATO 1', 'INTERESES DE MORA', 'RECONEXIÓN'] },
    { column: 'fecha_suspension', values: ['', '2026-12-31', '30/12/2026'] },
    { column: 'fecha_vencimiento', values: ['2026-11-20', '20/11/2026'] },
    { column: 'periodo', values: ['2026-11', '202611'] },
    { column: 'lectura_actual', values: ['', '0', '999999999'] },
    { column: 'consumo_m3', values: ['0', '17', '250'] },
    { column: 'referencia_pago', values: ['REF-1', '1002019999', 'X'.repeat(25)] },
    { column: 'cuenta', values: ['100201', '100230', '999999'] },
  ],
  tables: ['accounts', 'invoices', 'invoice_lines', 'import_batches', 'audit_log'],
  async prepare(env) {
    for (const [kind, name] of [['accounts', 'cuentas.csv'], ['invoices', 'facturas.csv']] as const) {
      const result = await runImport(env, kind, path.join(SAMPLES_DIR, name), true);
      if (!result.committed) throw new Error(`no se pudo importar ${name} para empezar`);
    }
    const paid = await env.t.app.db('invoices').where({ number: PAID_INVOICE }).update({ balance: env.t.app.db.raw('total - 10000') });
    if (paid !== 1) throw new Error(`falta la factura ${PAID_INVOICE} en facturas.csv`);
  },
  run: (env, file, commit) => runImport(env, 'invoices', file, commit),
  async rows(env) {
    const db = env.t.app.db;
    const invoices = await db('invoices as i').join('accounts as a', 'a.id', 'i.account_id').select('i.*', 'a.number as account_number').orderBy('i.id');
    const lines = await db('invoice_lines').orderBy(['invoice_id', 'line_no']);
    const byInvoice = new Map<number, unknown[]>();
    for (const l of lines) {
      const list = byInvoice.get(l.invoice_id) ?? [];
      list.push([l.line_no, l.concept, l.quantity, l.unit_value, l.amount]);
      byInvoice.set(l.invoice_id, list);
    }
    return new Map(
      invoices.map((i) => [
        i.number as string,
        JSON.stringify({ ...JSON.parse(stable(i, ['id', 'account_id', 'created_at', 'updated_at'])), lines: byInvoice.get(i.id) ?? [] }),
      ]),
    );
  },
  verifyCommitted(_env, bytes, outcome, before, after) {
    const problems: string[] = [];
    const groups = new Map<string, Record<string, string>[]>();
    for (const r of oracleRecords(bytes)) {
      const number = collapse(r.numero_factura);
      groups.set(number, [...(groups.get(number) ?? []), r]);
    }
    for (const [number, rows] of groups) {
      const stored = after.get(number);
      if (!stored) {
        problems.push(`la factura «${number}» del archivo no está en la base`);
        continue;
      }
      const i = JSON.parse(stored) as Record<string, unknown> & { lines: [number, string, string, number, number][] };
      const first = rows[0];
      const period = /^\d{6}$/.test(first.periodo) ? `${first.periodo.slice(0, 4)}-${first.periodo.slice(4)}` : first.periodo;
      const expected: Record<string, unknown> = {
        account_number: collapse(first.cuenta),
        period,
        issue_date: isoDate(first.fecha_expedicion),
        due_date: isoDate(first.fecha_vencimiento),
        suspension_date: isoDate(first.fecha_suspension),
        consumption_m3: Number(first.consumo_m3),
        payment_reference: collapse(first.referencia_pago),
        total: Number(first.total_factura),
        balance: number === PAID_INVOICE ? i.balance : Number(first.total_factura),
      };
      for (const [column, value] of Object.entries(expected)) {
        if (i[column] !== value) problems.push(`factura «${number}»: ${column} es ${JSON.stringify(i[column])} y el archivo dice ${JSON.stringify(value)}`);
      }
      const lines = rows.map((r, k) => [k + 1, collapse(r.concepto), r.cantidad.replace(',', '.'), Number(r.valor_unitario), Number(r.valor)]);
      if (JSON.stringify(i.lines) !== JSON.stringify(lines)) problems.push(`factura «${number}»: líneas ${JSON.stringify(i.lines)} y el archivo dice ${JSON.stringify(lines)}`);
      const sum = lines.reduce((s, l) => s + Number(l[4]), 0);
      if (sum !== i.total) problems.push(`factura «${number}»: sus líneas suman ${sum} y su total es ${i.total}`);
    }
    return [...problems, ...verifyKeys(new Set(groups.keys()), outcome, before, after)];
  },
};

export const CSV_TARGETS = [accountsTarget, invoicesTarget];

// --- Asobancaria 2001 bank files ---------------------------------------------------------------

/** Field ranges [start, end) of each record type (positions of DOMAIN.md, from 0 here). */
const ASOBANCARIA_FIELDS: Record<string, [number, number][]> = {
  '01': [[0, 2], [2, 12], [12, 20], [20, 23], [23, 40], [40, 48], [48, 52], [52, 53], [53, 55]],
  '05': [[0, 2], [2, 15], [15, 19]],
  '06': [[0, 2], [2, 50], [50, 64], [64, 66], [66, 68], [68, 74], [74, 80], [80, 83], [83, 87], [87, 94], [94, 97]],
  '08': [[0, 2], [2, 11], [11, 29], [29, 33]],
  '09': [[0, 2], [2, 11], [11, 29]],
};

export const asobancariaLayout: FileLayout = {
  separator: null,
  groupBy: null,
  columnOf: (name) => (name === 'referencia' ? 1 : name === 'valor' ? 2 : null),
  fields: (line) => ASOBANCARIA_FIELDS[line.slice(0, 2)] ?? [[0, line.length]],
};

/** Accounts of the fuzz database whose numbers are references of 11JULIO.TXT: their payments apply. */
const BANK_ACCOUNTS = ['1055909', '1055907', '1047632', '1056389'];
/** The company takes the NIT of the real files' biller, so that their references can match. */
const BANK_COMPANY_NIT = '900649119-9';

/** The oracle's own reading of the 06 records: line, amount in pesos, the account it must go to (or null). */
function oracleBankDetails(bytes: Buffer): { line: number; amount: number; account: string | null }[] {
  const lines = bytes.toString('latin1').split('\n').map((l) => l.replace(/\r$/, ''));
  const nit = lines[0].slice(2, 12).replace(/^0+/, '');
  const ours = nit === '9006491199' || nit === '900649119';
  return lines.flatMap((l, i) => {
    if (!l.startsWith('06')) return [];
    const reference = l.slice(2, 50).trim();
    const short = reference.replace(/^0+/, '');
    const cause = l.slice(94, 97).trim();
    const returned = cause !== '' && cause !== '000';
    const account = ours && !returned ? (BANK_ACCOUNTS.find((a) => a === reference || a === short) ?? null) : null;
    return [{ line: i + 1, amount: Number(l.slice(50, 64)) / 100, account }];
  });
}

const bankOutcome = (patch: Partial<ImportOutcome>): ImportOutcome => ({
  committed: false,
  acceptable: false,
  fileError: null,
  errors: [],
  rejectedCount: 0,
  newCount: 0,
  changedCount: 0,
  unchangedCount: 0,
  ...patch,
});

/** A refused file as an outcome: its one problem as an error on its line. */
const refused = (line: number, message: string) => bankOutcome({ errors: [{ line, column: '', message }], rejectedCount: 1 });

export const asobancariaTarget: ImportTarget = {
  name: 'archivos del banco',
  samples: REAL_FIXTURES.map((name) => ({ name, bytes: readRealFixture(name) })),
  layoutOf: () => asobancariaLayout,
  edits: [
    {
      column: 'referencia',
      values: [`${'0'.repeat(41)}1055909`, `${'0'.repeat(41)}1099999`, `${'0'.repeat(41)}1047632`, 'ABC-123'.padEnd(48, ' '), `${' '.repeat(41)}1056389`],
    },
  ],
  tables: ['bank_files', 'unidentified_payments', 'payments', 'payment_tenders', 'payment_allocations', 'invoices', 'accounts', 'audit_log'],
  batchTable: 'bank_files',
  async prepare(env) {
    const db = env.t.app.db;
    await db('company').update({ nit: BANK_COMPANY_NIT });
    forgetConfiguration(db); // written behind the application's back: its kept company would be the old one for a few seconds
    for (const [k, number] of BANK_ACCOUNTS.entries()) {
      const accountId = await insertAccount(db, { number, holderName: `SUSCRIPTOR ${number}` });
      await insertInvoice(db, accountId, { number: `FV2606-${number}`, period: '2026-06', dueDate: '2026-07-18', total: 9_800 + 3_000 * k });
      await insertInvoice(db, accountId, { number: `FV2607-${number}`, period: '2026-07', dueDate: '2026-08-18', total: 12_000 });
    }
  },
  async run(env, file, commit) {
    if (!commit) {
      const preview = await previewBankFile(env.t.app, file);
      if (!preview.ok) return refused(preview.problem.line, preview.problem.message);
      if (preview.summary.duplicate) return bankOutcome({ fileError: 'Este archivo ya fue importado.' });
      return bankOutcome({ acceptable: true, newCount: preview.summary.records });
    }
    try {
      const result = await commitBankFile(env.t.app, env.actor, file);
      return bankOutcome({ committed: true, acceptable: true, newCount: result.summary.records });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const m = /^Línea (\d+): ([\s\S]*)\. No se importó nada\.$/.exec(error.message);
      if (m) return refused(Number(m[1]), m[2]);
      if (error.message.startsWith('Este archivo ya fue importado')) return bankOutcome({ fileError: 'Este archivo ya fue importado.' });
      return bankOutcome({ fileError: error.message });
    }
  },
  async rows(env) {
    const db = env.t.app.db;
    const rows: Rows = new Map();
    const payments: { idempotency_key: string; bank_file_id: number; amount: number | string; number: string }[] = await db('payments as p')
      .join('accounts as a', 'a.id', 'p.account_id')
      .where('p.source', 'banco')
      .select('p.idempotency_key', 'p.bank_file_id', 'p.amount', 'a.number');
    for (const p of payments) rows.set(`${p.bank_file_id}:${p.idempotency_key.split(':')[2]}`, JSON.stringify({ account: p.number, amount: Number(p.amount) }));
    const queue: { bank_file_id: number; line: number; amount: number | string }[] = await db('unidentified_payments').select('bank_file_id', 'line', 'amount');
    for (const q of queue) rows.set(`${q.bank_file_id}:${q.line}`, JSON.stringify({ account: null, amount: Number(q.amount) }));
    return rows;
  },
  verifyCommitted(_env, bytes, outcome, before, after) {
    const problems: string[] = [];
    for (const [key, value] of before) if (after.get(key) !== value) problems.push(`«${key}», de un archivo anterior, cambió`);
    const added = [...after.keys()].filter((k) => !before.has(k));
    const files = new Set(added.map((k) => k.split(':')[0]));
    if (files.size !== 1) problems.push(`los registros nuevos son de ${files.size} archivos: ${[...files].join(', ')}`);
    const [fileId] = files;
    const details = oracleBankDetails(bytes);
    if (added.length !== details.length) problems.push(`el archivo trae ${details.length} pagos y la base ganó ${added.length}`);
    if (outcome.newCount !== details.length) problems.push(`el resultado cuenta ${outcome.newCount} pagos y el archivo trae ${details.length}`);
    for (const d of details) {
      const stored = after.get(`${fileId}:${d.line}`);
      const expected = JSON.stringify({ account: d.account, amount: d.amount });
      if (stored !== expected) problems.push(`línea ${d.line}: la base tiene ${stored} y el archivo dice ${expected}`);
    }
    return problems;
  },
};
