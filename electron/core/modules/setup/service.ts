import type { Knex } from 'knex';
import type { Company, CompanyInput, OfficeValues, SetupStatus } from '../../../../shared/contract';
import { formatNit } from '../../../../shared/nit';
import { todayIn } from '../../../../shared/dates';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, SYSTEM_ACTOR, type Actor } from '../../db/audit';
import { forgetConfiguration, keptConfiguration } from '../../db/configCache';
import { conflict, notFound } from '../../errors';
import { seedNationalHolidays } from '../calendar/service';
import { insertOffice } from '../offices/service';
import { insertUser } from '../users/service';
import { LETTER_SETTINGS_KEY } from '../letters/templates';

export async function setupStatus(db: Knex): Promise<SetupStatus> {
  const company = await db('company').first('name');
  return { initialized: Boolean(company), companyName: company?.name ?? null };
}

interface CompanyDbRow {
  name: string;
  nit: string;
  gln: string;
  country: Company['country'];
  currency: Company['currency'];
  time_zone: string;
  logo_data_url: string;
}

/** The company's record; outside a transaction, kept for a few seconds per process (db/configCache.ts). */
export function getCompany(db: Knex): Promise<Company> {
  return keptConfiguration(db, 'company', readCompany);
}

async function readCompany(db: Knex): Promise<Company> {
  const row: CompanyDbRow | undefined = await db('company').where({ id: 1 }).first();
  if (!row) throw notFound('La empresa (complete la configuración inicial)');
  return {
    name: row.name,
    nit: row.nit,
    gln: row.gln,
    country: row.country,
    currency: row.currency,
    timeZone: row.time_zone,
    logoDataUrl: row.logo_data_url,
  };
}

function companyToRow(c: Required<CompanyInput>) {
  return {
    name: c.name,
    nit: formatNit(c.nit) ?? c.nit,
    gln: c.gln,
    country: c.country,
    currency: c.currency,
    time_zone: c.timeZone,
    logo_data_url: c.logoDataUrl,
  };
}

/** Years whose national holidays are loaded at set-up: the current one and the next two. */
export function holidayYears(timeZone: string): [number, number] {
  const year = Number(todayIn(timeZone).slice(0, 4));
  return [year, year + 2];
}

/**
 * First start: the company, its first office and the first administrator, in one transaction.
 * Refused once the company exists.
 */
export async function initialize(
  db: Knex,
  input: {
    company: Required<CompanyInput>;
    office: OfficeValues;
    admin: { fullName: string; username: string; password: string };
    letters?: { signerName: string; signerTitle: string };
  },
): Promise<{ officeId: number; adminUserId: number }> {
  return db.transaction(async (trx) => {
    if (await trx('company').first('id')) throw conflict('La empresa ya está configurada');
    const actor: Actor = { ...SYSTEM_ACTOR, name: 'configuración inicial' };
    const company = { id: 1, ...companyToRow(input.company), created_at: nowTimestamp() };
    await trx('company').insert(company);
    forgetConfiguration(trx);
    await writeAudit(trx, actor, { action: 'company.create', entity: 'company', entityId: 1, after: { ...company, logo_data_url: undefined } });
    const office = await insertOffice(trx, actor, input.office);
    const admin = await insertUser(trx, actor, { ...input.admin, officeId: office.id, role: 'administrador' });
    const [from, to] = holidayYears(input.company.timeZone);
    await seedNationalHolidays(trx, input.company.country, from, to);
    if (input.letters) {
      // the letters and notices are signed from the first one (the same settings Administración › Plantillas edits)
      const letters = { signerName: input.letters.signerName, signerTitle: input.letters.signerTitle, footer: '' };
      await trx('settings').insert({ key: LETTER_SETTINGS_KEY, value_json: JSON.stringify(letters) }).onConflict('key').merge();
      await writeAudit(trx, actor, { action: 'letters.settings.update', entity: 'settings', entityId: LETTER_SETTINGS_KEY, before: null, after: letters });
    }
    return { officeId: office.id, adminUserId: admin.id };
  });
}

export async function updateCompany(db: Knex, actor: Actor, input: Required<CompanyInput>): Promise<Company> {
  return db.transaction(async (trx) => {
    const before = await getCompany(trx);
    await trx('company').where({ id: 1 }).update(companyToRow(input));
    forgetConfiguration(trx);
    const after = await getCompany(trx);
    await writeAudit(trx, actor, {
      action: 'company.update',
      entity: 'company',
      entityId: 1,
      before: { ...before, logoDataUrl: undefined },
      after: { ...after, logoDataUrl: undefined },
    });
    return after;
  });
}
