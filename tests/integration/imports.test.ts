/**
 * Importing accounts and invoices from the billing system through importFile (the entry the
 * upload handlers and the CLI share), against a real SQLite file.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchAccounts } from '../../electron/core/modules/accounts/queries';
import { importFile } from '../../electron/core/modules/imports/service';
import type { ImportKind, ImportResult } from '../../shared/contract';
import { createInitializedBackOffice, type TestBackOffice } from '../helpers/backoffice';
import { writeAccountsFile, writeInvoicesFile } from '../bench/import-bench';

const SAMPLES = path.resolve(__dirname, '../../resources/samples');

const ACCOUNTS_HEADER =
  'cuenta;titular;tipo_documento;numero_documento;direccion;barrio;municipio_dane;estrato;uso;estado;ciclo;ruta;secuencia_ruta;medidor;telefono;correo';
const INVOICES_HEADER =
  'numero_factura;cuenta;periodo;fecha_expedicion;fecha_vencimiento;fecha_suspension;lectura_anterior;lectura_actual;consumo_m3;referencia_pago;concepto;cantidad;valor_unitario;valor;total_factura';

/** An accounts row; `over` replaces columns by name. */
function account(number: string, over: Record<string, string> = {}): string {
  const row: Record<string, string> = {
    cuenta: number,
    titular: 'MARÍA FERNANDA LÓPEZ GARCÍA',
    tipo_documento: 'CC',
    numero_documento: '52384117',
    direccion: 'CALLE 10 # 9-45',
    barrio: 'CENTRO',
    municipio_dane: '15299',
    estrato: '3',
    uso: 'residencial',
    estado: 'activo',
    ciclo: '1',
    ruta: '001',
    secuencia_ruta: '10',
    medidor: 'AC-1',
    telefono: '3104528871',
    correo: '',
    ...over,
  };
  return ACCOUNTS_HEADER.split(';')
    .map((c) => row[c])
    .join(';');
}

type Charge = [concept: string, quantity: string, unit: string, amount: string];
const CHARGES: Charge[] = [
  ['CARGO FIJO ACUEDUCTO', '1', '9800', '9800'],
  ['CONSUMO BÁSICO ACUEDUCTO', '13', '2600', '33800'],
  ['ALCANTARILLADO', '13', '2100', '27300'],
  ['SUBSIDIO ESTRATO 2', '1', '-12000', '-12000'],
];

/** The rows of one invoice; `over` replaces header columns on every row. */
function invoice(number: string, accountNumber: string, charges: Charge[] = CHARGES, over: Record<string, string> = {}): string[] {
  const total = String(charges.reduce((sum, c) => sum + Number(c[3]), 0));
  return charges.map(([concepto, cantidad, valor_unitario, valor]) => {
    const row: Record<string, string> = {
      numero_factura: number,
      cuenta: accountNumber,
      periodo: '2026-10',
      fecha_expedicion: '2026-10-01',
      fecha_vencimiento: '2026-10-16',
      fecha_suspension: '2026-10-26',
      lectura_anterior: '100',
      lectura_actual: '113',
      consumo_m3: '13',
      referencia_pago: `${accountNumber}202610`,
      concepto,
      cantidad,
      valor_unitario,
      valor,
      total_factura: total,
      ...over,
    };
    return INVOICES_HEADER.split(';')
      .map((c) => row[c])
      .join(';');
  });
}

let t: (TestBackOffice & { adminToken: string; officeId: number }) | null = null;
let dir = '';
const actor = () => ({ userId: 1, name: 'admin', officeId: t!.officeId });

beforeEach(async () => {
  t = await createInitializedBackOffice();
  dir = t.dir;
});
afterEach(async () => {
  await t?.close();
  t = null;
});

function file(name: string, lines: string[], encoding: 'utf8' | 'win1252' = 'utf8'): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, iconv.encode(lines.join('\r\n') + '\r\n', encoding));
  return target;
}

const run = (kind: ImportKind, filePath: string, commit: boolean): Promise<ImportResult> => importFile(t!.app, actor(), kind, filePath, { commit });

/** Everything an import may touch, to prove that a refused file changed nothing. */
async function snapshot() {
  const db = t!.app.db;
  return {
    accounts: await db('accounts').orderBy('id'),
    invoices: await db('invoices').orderBy('id'),
    lines: await db('invoice_lines').orderBy('id'),
    batches: await db('import_batches').orderBy('id'),
    audit: await db('audit_log').orderBy('id'),
  };
}

async function importBase(): Promise<void> {
  const accounts = file('cuentas.csv', [ACCOUNTS_HEADER, account('100201'), account('100202', { titular: 'GÓMEZ PARDO ANA LUCÍA' })]);
  expect((await run('accounts', accounts, true)).committed).toBe(true);
  const invoices = file('facturas.csv', [INVOICES_HEADER, ...invoice('FV-1', '100201'), ...invoice('FV-2', '100202')]);
  expect((await run('invoices', invoices, true)).committed).toBe(true);
}

describe('accounts import', () => {
  it('previews without writing, commits, and a second import of the same file changes nothing', async () => {
    const accounts = file('cuentas.csv', [ACCOUNTS_HEADER, account('100201'), account('100202'), account('100203', { estrato: '', uso: 'comercial' })]);
    const before = await snapshot();
    const preview = await run('accounts', accounts, false);
    expect(preview).toMatchObject({ rows: 3, newCount: 3, changedCount: 0, unchangedCount: 0, rejectedCount: 0, acceptable: true, committed: false });
    expect(await snapshot()).toEqual(before);

    const committed = await run('accounts', accounts, true);
    expect(committed).toMatchObject({ newCount: 3, committed: true });
    expect(await t!.app.db('accounts').count({ n: '*' })).toEqual([{ n: 3 }]);
    const batch = await t!.app.db('import_batches').where({ id: committed.batchId }).first();
    expect(batch).toMatchObject({ kind: 'accounts', file_name: 'cuentas.csv', rows: 3, new_count: 3, changed_count: 0, unchanged_count: 0, user_id: 1 });
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t!.app.db('audit_log').where({ action: 'import.commit' });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ kind: 'accounts', sha256: batch.sha256, newCount: 3 });

    const middle = await snapshot();
    const again = await run('accounts', accounts, true);
    expect(again).toMatchObject({ newCount: 0, changedCount: 0, unchangedCount: 3, committed: true, batchId: null });
    expect(await snapshot()).toEqual(middle);
  });

  it('updates a changed account, keeps the counter\'s notice address and credit, and fills the search columns', async () => {
    await importBase();
    const db = t!.app.db;
    await db('accounts').where({ number: '100201' }).update({ notice_address: 'VEREDA CIÉNEGA, FINCA EL RECREO', credit_balance: 5000 });
    // words of the name in another order: the words' index (migration 045), not the name's prefix
    const byWords = async (query: string) => (await searchAccounts(db, query, 20)).map((a) => a.number);
    expect(await byWords('garcia fernanda')).toEqual(['100201']);
    const changed = file('cuentas2.csv', [
      ACCOUNTS_HEADER,
      account('100201', { titular: 'MARÍA FERNANDA LÓPEZ DE RUIZ', direccion: 'Cra. 8  # 11-22', estado: 'suspendido' }),
      account('100202', { titular: 'GÓMEZ PARDO ANA LUCÍA' }),
    ]);
    expect(await run('accounts', changed, false)).toMatchObject({ newCount: 0, changedCount: 1, unchangedCount: 1, acceptable: true });
    expect(await run('accounts', changed, true)).toMatchObject({ changedCount: 1, committed: true });
    const row = await db('accounts').where({ number: '100201' }).first();
    expect(row).toMatchObject({
      holder_name: 'MARÍA FERNANDA LÓPEZ DE RUIZ',
      address: 'Cra. 8 # 11-22',
      status: 'suspendido',
      notice_address: 'VEREDA CIÉNEGA, FINCA EL RECREO',
      credit_balance: 5000,
      search_name: 'MARIA FERNANDA LOPEZ DE RUIZ',
      search_address: 'CRA 8 # 11-22',
    });
    expect(row.updated_at > row.created_at).toBe(true);
    expect(await db('accounts').where({ number: '100202' }).first('search_name')).toEqual({ search_name: 'GOMEZ PARDO ANA LUCIA' });
    // the words' index followed the new name
    expect(await byWords('ruiz fernanda')).toEqual(['100201']);
    expect(await byWords('garcia fernanda')).toEqual([]);
  });

  it('decodes the Windows-1252 sample (semicolons, Ñ and accents) and the accounts are found by name', async () => {
    const result = await run('accounts', path.join(SAMPLES, 'cuentas.csv'), true);
    expect(result).toMatchObject({ encoding: 'windows-1252', separator: ';', rows: 30, newCount: 30, committed: true });
    const db = t!.app.db;
    expect(await db('accounts').where({ number: '100208' }).first('holder_name', 'neighborhood')).toEqual({
      holder_name: 'CARLOS ANDRÉS ÑUSTES MORENO',
      neighborhood: 'LA VEGA',
    });
    expect(await db('accounts').where('search_name', 'like', 'GOMEZ PARDO%').pluck('holder_name')).toEqual(['GÓMEZ PARDO ANA LUCÍA']);
    expect(await db('accounts').where({ number: '100206' }).first('id_type', 'id_number', 'estrato', 'use')).toEqual({
      id_type: 'NIT',
      id_number: '900345678-9',
      estrato: null,
      use: 'comercial',
    });
  });

  it('reads UTF-8 with BOM and commas, quoted values with commas, and header names with accents and capitals', async () => {
    const header = ACCOUNTS_HEADER.replace('numero_documento', 'Número Documento').replace('direccion', 'DIRECCIÓN').split(';').join(',');
    const row = account('100201', { direccion: '"CALLE 5, CASA 2"', titular: 'ÁLVARO PEÑA' }).split(';').join(',');
    const target = path.join(dir, 'utf8.csv');
    fs.writeFileSync(target, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\n${row}\n`, 'utf8')]));
    expect(await run('accounts', target, true)).toMatchObject({ encoding: 'utf-8', separator: ',', newCount: 1, committed: true });
    expect(await t!.app.db('accounts').first('holder_name', 'address')).toEqual({ holder_name: 'ÁLVARO PEÑA', address: 'CALLE 5, CASA 2' });
  });
});

describe('what Excel and other tools write', () => {
  it('accepts the empty trailing columns Excel adds, and reports progress', async () => {
    const accounts = file('excel.csv', [`${ACCOUNTS_HEADER};;`, `${account('100201')};;`, `${account('100202')};;`, ';;;;;;;;;;;;;;;;;;']);
    const progress: number[] = [];
    const result = await importFile(t!.app, actor(), 'accounts', accounts, { commit: true, onProgress: (rows) => progress.push(rows) });
    expect(result).toMatchObject({ rows: 2, newCount: 2, committed: true });
    expect(progress).toEqual([2]);
  });

  it('refuses a UTF-8 file with a Windows-1252 character further down, naming the line', async () => {
    const target = path.join(dir, 'mezcla.csv');
    const utf8 = Buffer.from(`${ACCOUNTS_HEADER}
${account('100201')}
`, 'utf8');
    fs.writeFileSync(target, Buffer.concat([utf8, iconv.encode(`${account('100202', { titular: 'PEÑA' })}
`, 'win1252')]));
    const before = await snapshot();
    const result = await run('accounts', target, true);
    expect(result.fileError).toBe(
      'La línea 3 tiene caracteres que no son UTF-8: el archivo mezcla codificaciones. Guárdelo de nuevo como «CSV UTF-8».',
    );
    expect(result.committed).toBe(false);
    expect(await snapshot()).toEqual(before);
  });
});

describe('invoices import', () => {
  it('imports invoices with their lines; balance = total; the second time everything is unchanged', async () => {
    await importBase();
    const db = t!.app.db;
    const inv = await db('invoices').where({ number: 'FV-1' }).first();
    expect(inv).toMatchObject({ period: '2026-10', due_date: '2026-10-16', suspension_date: '2026-10-26', consumption_m3: 13, total: 58900, balance: 58900 });
    expect(await db('invoice_lines').where({ invoice_id: inv.id }).orderBy('line_no').select('line_no', 'concept', 'quantity', 'unit_value', 'amount')).toEqual([
      { line_no: 1, concept: 'CARGO FIJO ACUEDUCTO', quantity: '1', unit_value: 9800, amount: 9800 },
      { line_no: 2, concept: 'CONSUMO BÁSICO ACUEDUCTO', quantity: '13', unit_value: 2600, amount: 33800 },
      { line_no: 3, concept: 'ALCANTARILLADO', quantity: '13', unit_value: 2100, amount: 27300 },
      { line_no: 4, concept: 'SUBSIDIO ESTRATO 2', quantity: '1', unit_value: -12000, amount: -12000 },
    ]);
    const before = await snapshot();
    const again = await run('invoices', path.join(dir, 'facturas.csv'), true);
    expect(again).toMatchObject({ newCount: 0, changedCount: 0, unchangedCount: 2, committed: true, batchId: null });
    expect(await snapshot()).toEqual(before);
  });

  it('a changed invoice replaces its header and lines', async () => {
    await importBase();
    const charges: Charge[] = [
      ['CARGO FIJO ACUEDUCTO', '1', '9800', '9800'],
      ['CONSUMO BÁSICO ACUEDUCTO', '15,5', '2600', '40300'],
    ];
    const changed = file('facturas2.csv', [INVOICES_HEADER, ...invoice('FV-1', '100201', charges, { fecha_vencimiento: '20/10/2026' }), ...invoice('FV-2', '100202')]);
    expect(await run('invoices', changed, true)).toMatchObject({ newCount: 0, changedCount: 1, unchangedCount: 1, committed: true });
    const db = t!.app.db;
    const inv = await db('invoices').where({ number: 'FV-1' }).first();
    expect(inv).toMatchObject({ due_date: '2026-10-20', total: 50100, balance: 50100 });
    expect(await db('invoice_lines').where({ invoice_id: inv.id }).orderBy('line_no').pluck('quantity')).toEqual(['1', '15.5']);
  });

  it('a change in the lines only (same header and total) is found: a renamed concept, a line more, a line less', async () => {
    await importBase();
    const db = t!.app.db;
    const renamed: Charge[] = CHARGES.map((c, k) => (k === 2 ? ['ALCANTARILLADO Y VERTIMIENTOS', c[1], c[2], c[3]] : c));
    const oneMore: Charge[] = [...CHARGES, ['AJUSTE', '1', '0', '0']]; // the total does not move
    const changed = file('facturas2.csv', [INVOICES_HEADER, ...invoice('FV-1', '100201', renamed), ...invoice('FV-2', '100202', oneMore)]);
    expect(await run('invoices', changed, true)).toMatchObject({ newCount: 0, changedCount: 2, unchangedCount: 0, committed: true });
    const concepts = async (number: string) =>
      db('invoice_lines')
        .join('invoices', 'invoices.id', 'invoice_lines.invoice_id')
        .where('invoices.number', number)
        .orderBy('line_no')
        .pluck('concept');
    expect((await concepts('FV-1'))[2]).toBe('ALCANTARILLADO Y VERTIMIENTOS');
    expect(await concepts('FV-2')).toHaveLength(5);
    // back to the first file: FV-2's four lines equal the first four in the database, the fifth goes
    expect(await run('invoices', path.join(dir, 'facturas.csv'), true)).toMatchObject({ changedCount: 2, unchangedCount: 0, committed: true });
    expect(await concepts('FV-1')).toEqual(CHARGES.map((c) => c[0]));
    expect(await concepts('FV-2')).toEqual(CHARGES.map((c) => c[0]));
    expect(await run('invoices', path.join(dir, 'facturas.csv'), true)).toMatchObject({ changedCount: 0, unchangedCount: 2, batchId: null });
  });

  it('refuses to replace an invoice that already has payments, and writes nothing', async () => {
    await importBase();
    const db = t!.app.db;
    await db('invoices').where({ number: 'FV-2' }).update({ balance: 8900 });
    const before = await snapshot();
    const changed = file('facturas2.csv', [INVOICES_HEADER, ...invoice('FV-1', '100201'), ...invoice('FV-2', '100202', CHARGES.slice(0, 3))]);
    const result = await run('invoices', changed, true);
    expect(result).toMatchObject({ committed: false, acceptable: false, rejectedCount: 1, unchangedCount: 1 });
    expect(result.errors).toEqual([
      { line: 6, column: 'numero_factura', message: 'La factura «FV-2» ya tiene pagos (saldo $ 8.900 de $ 58.900): no se puede reemplazar' },
    ]);
    expect(await snapshot()).toEqual(before);
    // unchanged, it is fine to send it again
    expect(await run('invoices', path.join(dir, 'facturas.csv'), true)).toMatchObject({ committed: true, unchangedCount: 2 });
  });

  it('imports the sample invoices (UTF-8 with BOM) for the sample accounts', async () => {
    expect((await run('accounts', path.join(SAMPLES, 'cuentas.csv'), true)).committed).toBe(true);
    const result = await run('invoices', path.join(SAMPLES, 'facturas.csv'), true);
    expect(result).toMatchObject({ encoding: 'utf-8', rejectedCount: 0, committed: true, newCount: 58 });
    const subsidised = await t!.app.db('invoices').where({ number: 'FV2609-00001' }).first('total', 'balance');
    expect(subsidised).toEqual({ total: 97285, balance: 97285 });
  });
});

describe('bad input: a Spanish answer with line and column, and the database exactly as it was', () => {
  async function refused(kind: ImportKind, lines: string[] | Buffer, options: { withBase?: boolean } = {}): Promise<ImportResult> {
    if (options.withBase !== false) await importBase();
    const target = Buffer.isBuffer(lines) ? path.join(dir, 'malo.csv') : file('malo.csv', lines);
    if (Buffer.isBuffer(lines)) fs.writeFileSync(target, lines);
    const before = await snapshot();
    const result = await run(kind, target, true);
    expect(result.committed).toBe(false);
    expect(result.acceptable).toBe(false);
    expect(await snapshot()).toEqual(before);
    return result;
  }

  it('missing and unknown columns', async () => {
    const header = ACCOUNTS_HEADER.replace(';titular', '').replace('correo', 'corre');
    const result = await refused('accounts', [header, '100201;CC']);
    expect(result.fileError).toMatch(/^Encabezado incorrecto en la línea 1: Columna desconocida «corre»; Falta la columna «titular»; Falta la columna «correo»/);
    expect(result.errors).toContainEqual({ line: 1, column: 'titular', message: 'Falta la columna «titular»' });
  });

  it('an invoices file chosen as accounts', async () => {
    const result = await refused('accounts', [INVOICES_HEADER, ...invoice('FV-9', '100201')]);
    expect(result.fileError).toBe('El archivo parece de facturas, no de cuentas: elija el tipo de archivo correcto.');
  });

  it('bad dates, amounts with letters or decimals, and a line with a missing column', async () => {
    const lines = [
      INVOICES_HEADER,
      ...invoice('FV-3', '100201', CHARGES, { fecha_vencimiento: '2026-02-30' }),
      ...invoice('FV-4', '100201', [['CARGO FIJO ACUEDUCTO', '1', '98O0', '9800']]),
      ...invoice('FV-5', '100201', [['CARGO FIJO ACUEDUCTO', '1', '9800', '9800.50']]),
      'FV-6;100201;2026-10',
    ];
    const result = await refused('invoices', lines);
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'fecha_vencimiento'],
      [6, 'valor_unitario'],
      [7, 'total_factura'],
      [7, 'valor'],
      [8, ''],
    ]);
    expect(result.errors[0].message).toBe('«2026-02-30» no es una fecha válida (use AAAA-MM-DD o DD/MM/AAAA)');
    expect(result.errors[1].message).toBe(
      '«98O0» no es un valor válido: escriba el valor en pesos enteros, sin decimales, sin puntos de miles ni signo $',
    );
    expect(result.errors[3].message).toBe(
      '«9800.50» no es un valor válido: escriba el valor en pesos enteros, sin decimales, sin puntos de miles ni signo $',
    );
    expect(result.errors[4].message).toBe('La línea tiene 3 columnas y el encabezado 15');
    expect(result.rejectedCount).toBe(4);
  });

  it('an invoice whose lines do not add up to its total', async () => {
    const lines = invoice('FV-3', '100201').map((l) => l.replace(/;58900$/, ';60000'));
    const result = await refused('invoices', [INVOICES_HEADER, ...invoice('FV-1', '100201'), ...lines]);
    expect(result.errors).toEqual([
      { line: 6, column: 'total_factura', message: 'El total de la factura «FV-3» ($ 60.000) no es igual a la suma de sus líneas ($ 58.900)' },
    ]);
    expect(result).toMatchObject({ rejectedCount: 1, unchangedCount: 1 });
  });

  it('an invoice for an account that does not exist', async () => {
    const result = await refused('invoices', [INVOICES_HEADER, ...invoice('FV-3', '999999')]);
    expect(result.errors).toEqual([{ line: 2, column: 'cuenta', message: 'La cuenta «999999» no existe: importe primero el archivo de cuentas' }]);
  });

  it('lines of one invoice that disagree with its first line', async () => {
    const lines = invoice('FV-3', '100201');
    lines[2] = lines[2].replace(';2026-10;', ';2026-11;');
    const result = await refused('invoices', [INVOICES_HEADER, ...lines]);
    expect(result.errors).toEqual([
      { line: 4, column: 'periodo', message: 'Debe repetir el valor de la primera línea de la factura «FV-3» (línea 2: «2026-10»)' },
    ]);
  });

  it('lines of one invoice that are not consecutive', async () => {
    const result = await refused('invoices', [INVOICES_HEADER, ...invoice('FV-3', '100201'), ...invoice('FV-4', '100202'), ...invoice('FV-3', '100201')]);
    expect(result.errors).toEqual([
      { line: 10, column: 'numero_factura', message: 'Las líneas de la factura «FV-3» deben ir seguidas: la factura ya apareció en la línea 2' },
    ]);
  });

  it('a repeated account number', async () => {
    const result = await refused('accounts', [ACCOUNTS_HEADER, account('100301'), account('100302'), account('100301', { titular: 'OTRO' })]);
    expect(result.errors).toEqual([{ line: 4, column: 'cuenta', message: 'La cuenta «100301» está repetida en el archivo (ya aparece en la línea 2)' }]);
    expect(result).toMatchObject({ newCount: 2, rejectedCount: 1 });
  });

  it('account values out of their lists or ranges', async () => {
    const result = await refused('accounts', [
      ACCOUNTS_HEADER,
      account('100301', { estrato: '7', uso: 'residencia', municipio_dane: '1529' }),
      account('100302', { tipo_documento: 'NIT', numero_documento: '900345678-1', estrato: '' }),
      account('100303', { correo: 'sin-arroba', telefono: '12' }),
    ]);
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'municipio_dane'],
      [2, 'uso'],
      [2, 'estrato'],
      [3, 'numero_documento'],
      [3, 'estrato'],
      [4, 'telefono'],
      [4, 'correo'],
    ]);
    expect(result.errors[3].message).toBe('El dígito de verificación del NIT «900345678-1» no corresponde');
    expect(result.errors[4].message).toBe('Un inmueble residencial debe tener estrato (1 a 6)');
  });

  it('a file that is not CSV at all (a PNG image, a ZIP)', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    expect((await refused('accounts', png)).fileError).toMatch(/^El archivo no es un CSV: parece una imagen PNG/);
    const zip = Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.alloc(64, 1)]);
    expect((await refused('invoices', zip, { withBase: false })).fileError).toMatch(/libro de Excel \(\.xlsx\)/);
  });

  it('an empty file and a header-only file', async () => {
    expect((await refused('accounts', Buffer.alloc(0))).fileError).toBe('El archivo está vacío.');
    expect((await refused('invoices', [INVOICES_HEADER, '', ';;;'], { withBase: false })).fileError).toBe(
      'El archivo solo tiene el encabezado: no hay filas de datos.',
    );
  });

  it('the sample file with errors lists each of them', async () => {
    expect((await run('accounts', path.join(SAMPLES, 'cuentas.csv'), true)).committed).toBe(true);
    const before = await snapshot();
    const result = await run('invoices', path.join(SAMPLES, 'facturas-con-errores.csv'), true);
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [8, 'total_factura'],
      [14, 'fecha_expedicion'],
      [20, 'cuenta'],
      [27, 'valor_unitario'],
    ]);
    expect(result).toMatchObject({ committed: false, rejectedCount: 4, newCount: 1 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('big files', () => {
  it('a bad row after thousands of good ones writes nothing', async () => {
    const accountsFile = path.join(dir, 'muchas-cuentas.csv');
    await writeAccountsFile(accountsFile, 3000);
    expect(await run('accounts', accountsFile, true)).toMatchObject({ newCount: 3000, committed: true });
    const invoicesFile = path.join(dir, 'muchas-facturas.csv');
    await writeInvoicesFile(invoicesFile, 6000, 3000);
    const lastLine = fs.readFileSync(invoicesFile, 'utf8').trimEnd().split('\r\n').length;
    // the last line's amount one peso more: the last invoice no longer adds up to its total
    const text = fs.readFileSync(invoicesFile, 'utf8').replace(/;(\d+);(\d+)\r\n$/, (_, amount, total) => `;${Number(amount) + 1};${total}\r\n`);
    fs.writeFileSync(invoicesFile, text);
    const before = await snapshot();
    const result = await run('invoices', invoicesFile, true);
    expect(result).toMatchObject({ rows: 24000, newCount: 5999, rejectedCount: 1, committed: false });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: lastLine - 3, column: 'total_factura' });
    expect(await snapshot()).toEqual(before);
  });
});
