/**
 * Customer accounts from the billing system, one row per account. The billing system is the
 * source of truth for every column it sends; `notice_address` (maintained at the counter) and
 * `credit_balance` (the counter's money) are never touched by an import.
 */
import type { Knex } from 'knex';
import { ACCOUNT_STATUSES, ID_TYPES, USES, type IdType } from '../../../../shared/contract';
import { normalizeForSearch } from '../../../../shared/text';
import { isValidNit } from '../../../../shared/nit';
import { checkWidth, FieldReader } from './fields';
import { countStates, rejectRepeatedKeys, type ImportKindSpec, type RowSink, type StageContext } from './kind';
import { createStagingTable, insertStates, StagingWriter, stagingTable } from './staging';

export const ACCOUNT_COLUMNS = [
  'cuenta',
  'titular',
  'tipo_documento',
  'numero_documento',
  'direccion',
  'barrio',
  'municipio_dane',
  'estrato',
  'uso',
  'estado',
  'ciclo',
  'ruta',
  'secuencia_ruta',
  'medidor',
  'telefono',
  'correo',
] as const;

/** The columns the import writes: compared to decide "changed", copied on insert and update. */
const DATA_COLUMNS = [
  'holder_name',
  'id_type',
  'id_number',
  'address',
  'neighborhood',
  'city_dane',
  'estrato',
  'use',
  'status',
  'cycle',
  'route',
  'route_sequence',
  'meter_number',
  'phone',
  'email',
] as const;
const STAGED_COLUMNS = ['line', 'number', ...DATA_COLUMNS, 'search_name', 'search_address'] as const;

const PHONE = /^[0-9+()\s-]{7,40}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Checks a document number by its type; returns it without dots, or null when wrong. */
function documentNumber(type: IdType, value: string): { value: string } | { error: string } {
  const clean = value.replace(/[.\s]/g, '');
  switch (type) {
    case 'CC':
      return /^\d{3,10}$/.test(clean) ? { value: clean } : { error: `«${value}» no es una cédula válida (de 3 a 10 dígitos)` };
    case 'NIT':
      if (!/^\d{6,15}(-\d)?$/.test(clean)) return { error: `«${value}» no es un NIT válido (dígitos y, si lo tiene, «-» y el dígito de verificación)` };
      return clean.includes('-') && !isValidNit(clean) ? { error: `El dígito de verificación del NIT «${value}» no corresponde` } : { value: clean };
    case 'CE':
      return /^[A-Za-z0-9]{3,15}$/.test(clean) ? { value: clean.toUpperCase() } : { error: `«${value}» no es una cédula de extranjería válida` };
    case 'PAS':
      return /^[A-Za-z0-9]{3,20}$/.test(clean) ? { value: clean.toUpperCase() } : { error: `«${value}» no es un pasaporte válido` };
  }
}

class AccountSink implements RowSink {
  private readonly writer: StagingWriter;
  private readonly f: FieldReader;

  constructor(private readonly ctx: StageContext) {
    this.writer = new StagingWriter(ctx.conn, 'import_accounts', STAGED_COLUMNS);
    this.f = new FieldReader(ctx.map, ctx.log, ctx.currency);
  }

  add(record: Parameters<RowSink['add']>[0]): void {
    if (!checkWidth(record, this.ctx.map, this.ctx.log)) {
      this.ctx.log.rejected++;
      return;
    }
    const f = this.f.start(record);
    const number = f.code('cuenta', 20);
    const holderName = f.text('titular', 120);
    const idType = f.oneOf('tipo_documento', ID_TYPES);
    let idNumber = f.text('numero_documento', 20);
    if (idNumber !== '' && idNumber.length <= 20 && idType !== null) {
      const checked = documentNumber(idType, idNumber);
      if ('error' in checked) f.fail('numero_documento', checked.error);
      else idNumber = checked.value;
    }
    const address = f.text('direccion', 120);
    const neighborhood = f.text('barrio', 80, false);
    const cityDane = f.raw('municipio_dane');
    if (!/^\d{5}$/.test(cityDane)) {
      f.fail('municipio_dane', cityDane === '' ? 'Falta el código DANE del municipio' : `«${cityDane}» no es un código DANE de municipio (5 dígitos)`);
    }
    const use = f.oneOf('uso', USES);
    const estrato = f.integer('estrato', { min: 1, max: 6, required: false });
    if (estrato === null && use === 'residencial' && f.raw('estrato') === '') f.fail('estrato', 'Un inmueble residencial debe tener estrato (1 a 6)');
    const status = f.oneOf('estado', ACCOUNT_STATUSES);
    const cycle = f.code('ciclo', 10);
    const route = f.code('ruta', 10);
    const routeSequence = f.integer('secuencia_ruta', { min: 0, max: 99_999_999, required: true });
    const meterNumber = f.text('medidor', 30, false);
    const phone = f.text('telefono', 40, false);
    if (phone !== '' && !PHONE.test(phone)) f.fail('telefono', `«${phone}» no es un teléfono válido`);
    const email = f.text('correo', 120, false);
    if (email !== '' && !EMAIL.test(email)) f.fail('correo', `«${email}» no es un correo electrónico válido`);
    if (!f.ok) {
      this.ctx.log.rejected++;
      return;
    }
    this.writer.push([
      record.line,
      number,
      holderName,
      idType,
      idNumber,
      address,
      neighborhood,
      cityDane,
      estrato,
      use,
      status,
      cycle,
      route,
      routeSequence,
      meterNumber,
      phone,
      email,
      normalizeForSearch(holderName),
      normalizeForSearch(address),
    ]);
  }

  pump = () => this.writer.pump();
  finish = () => this.writer.finish();
  close = () => this.writer.close();
}

const differs = DATA_COLUMNS.map((c) => `a.${c} IS DISTINCT FROM s.${c}`).join(' OR ');

export const accountsImport: ImportKindSpec = {
  kind: 'accounts',
  columns: ACCOUNT_COLUMNS,

  async createStagingTables(db) {
    await createStagingTable(
      db,
      'import_accounts',
      `line INTEGER NOT NULL, number TEXT NOT NULL, holder_name TEXT NOT NULL, id_type TEXT NOT NULL,
      id_number TEXT NOT NULL, address TEXT NOT NULL, neighborhood TEXT NOT NULL, city_dane TEXT NOT NULL,
      estrato INTEGER, use TEXT NOT NULL, status TEXT NOT NULL, cycle TEXT NOT NULL, route TEXT NOT NULL,
      route_sequence INTEGER NOT NULL, meter_number TEXT NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL,
      search_name TEXT NOT NULL, search_address TEXT NOT NULL`,
    );
    // the classification of each staged row (by its line): written once, never UPDATEd
    await createStagingTable(db, 'import_account_states', 'line INTEGER NOT NULL, existing_id INTEGER, state TEXT NOT NULL', { primaryKey: ['line'] });
  },

  createSink: (ctx) => new AccountSink(ctx),

  async checkFile(db, log) {
    await rejectRepeatedKeys(db, log, {
      table: 'import_accounts',
      key: 'number',
      column: 'cuenta',
      message: (number, first) => `La cuenta «${number}» está repetida en el archivo (ya aparece en la línea ${first})`,
    });
  },

  async classify(trx) {
    // one pass: each staged account joined with the existing one of its number, if any
    await insertStates(
      trx,
      'import_account_states',
      ['line', 'existing_id', 'state'],
      `SELECT s.line, a.id, CASE WHEN a.id IS NULL THEN 'new' WHEN ${differs} THEN 'changed' ELSE 'unchanged' END
       FROM ${stagingTable(trx, 'import_accounts')} AS s LEFT JOIN accounts AS a ON a.number = s.number`,
    );
    return countStates(trx, 'import_account_states');
  },

  async apply(trx: Knex.Transaction, now: string) {
    const copied = [...DATA_COLUMNS, 'search_name', 'search_address'];
    const staged = `${stagingTable(trx, 'import_accounts')} AS s JOIN ${stagingTable(trx, 'import_account_states')} AS st ON st.line = s.line`;
    await trx.raw(
      `UPDATE accounts AS a SET ${copied.map((c) => `${c} = s.${c}`).join(', ')}, updated_at = ?
       FROM ${staged} WHERE st.state = 'changed' AND a.id = st.existing_id`,
      [now],
    );
    await trx.raw(
      `INSERT INTO accounts (number, ${copied.join(', ')}, created_at, updated_at)
       SELECT s.number, ${copied.map((c) => `s.${c}`).join(', ')}, ?, ? FROM ${staged} WHERE st.state = 'new' ORDER BY s.line`,
      [now, now],
    );
  },
};
