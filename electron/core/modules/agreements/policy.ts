/**
 * The administrator's agreements policy (a setting, audited) and the usury rates of each period
 * (tasa de usura certified by the Superintendencia Financiera), which no financing rate may pass.
 */
import type { Knex } from 'knex';
import { DEFAULT_AGREEMENT_POLICY, agreementPolicyFields, type AgreementPolicy, type UsuryRate } from '../../../../shared/contract';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, invalid } from '../../errors';
import { insertedId } from '../cashier/queries';

const POLICY_KEY = 'agreementPolicy';

export async function getAgreementPolicy(db: Knex): Promise<AgreementPolicy> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: POLICY_KEY }).first('value_json');
  const parsed = agreementPolicyFields.safeParse({ ...DEFAULT_AGREEMENT_POLICY, ...(row ? (JSON.parse(row.value_json) as object) : {}) });
  return parsed.success ? parsed.data : structuredClone(DEFAULT_AGREEMENT_POLICY);
}

export async function saveAgreementPolicy(db: Knex, actor: Actor, next: AgreementPolicy): Promise<AgreementPolicy> {
  return db.transaction(async (trx) => {
    const before = await getAgreementPolicy(trx);
    await trx('settings').insert({ key: POLICY_KEY, value_json: JSON.stringify(next) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'agreements.policy.update', entity: 'settings', entityId: POLICY_KEY, before, after: next });
    return next;
  });
}

interface UsuryDbRow {
  id: number;
  valid_from: string;
  valid_to: string;
  annual_rate_bp: number;
  source: string;
}
const toUsury = (r: UsuryDbRow): UsuryRate => ({ id: Number(r.id), validFrom: r.valid_from, validTo: r.valid_to, annualRateBp: Number(r.annual_rate_bp), source: r.source });

export async function listUsuryRates(db: Knex): Promise<UsuryRate[]> {
  return ((await db('usury_rates').orderBy('valid_from', 'desc')) as UsuryDbRow[]).map(toUsury);
}

/** the usury rate in force on a date, or null when the administrator entered none for it */
export async function usuryRateOn(db: Knex, date: string): Promise<UsuryRate | null> {
  const row: UsuryDbRow | undefined = await db('usury_rates').where('valid_from', '<=', date).andWhere('valid_to', '>=', date).orderBy('valid_from', 'desc').first();
  return row ? toUsury(row) : null;
}

/** A period's usury rate; periods never overlap. */
export async function saveUsuryRate(db: Knex, actor: Actor & { userId: number | null }, input: Omit<UsuryRate, 'id'>): Promise<UsuryRate> {
  if (input.validTo < input.validFrom) throw invalid('La fecha final del periodo es anterior a la inicial.', { validTo: 'Anterior a «desde»' });
  return db.transaction(async (trx) => {
    const overlap: UsuryDbRow | undefined = await trx('usury_rates').where('valid_from', '<=', input.validTo).andWhere('valid_to', '>=', input.validFrom).first();
    if (overlap) throw conflict(`Ya hay una tasa de usura para el periodo ${overlap.valid_from} a ${overlap.valid_to}: los periodos no se cruzan.`);
    const row = { valid_from: input.validFrom, valid_to: input.validTo, annual_rate_bp: input.annualRateBp, source: input.source, created_by: actor.userId, created_at: nowTimestamp() };
    const [inserted] = await trx('usury_rates').insert(row).returning('id');
    const id = insertedId(inserted);
    await writeAudit(trx, actor, { action: 'usuryRate.create', entity: 'usury_rate', entityId: id, after: row });
    return { id, ...input };
  });
}
