/**
 * The administrator's collections settings: the policy (payment channels text, protected uses,
 * commitment limits, attribution, monitor hour), the commission policy, the outcome catalog, and the
 * contact rules of each country (the table in resources/tables/contact-rules.json, replaced by what
 * the administrator saves). Every change is audited with its before and after.
 */
import type { Knex } from 'knex';
import {
  DEFAULT_COLLECTIONS_POLICY,
  DEFAULT_COMMISSION_POLICY,
  collectionsPolicyFields,
  commissionPolicyFields,
  type CollectionsPolicy,
  type CollectionsSettings,
  type CommissionPolicy,
  type OutcomeAction,
  type OutcomeRow,
} from '../../../../shared/contract';
import { RULE_COUNTRIES, contactRulesSchema, defaultContactRules, type ContactRules, type RuleCountry } from '../../../../shared/contactRules';
import { normalizeForSearch } from '../../../../shared/text';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, invalid, notFound } from '../../errors';
import { bool } from '../cashier/queries';
import { getCompany } from '../setup/service';

const POLICY_KEY = 'collectionsPolicy';
const COMMISSION_KEY = 'commissionPolicy';
const RULES_KEY = 'contactRules';

async function readSetting(db: Knex, key: string): Promise<unknown> {
  const row: { value_json: string } | undefined = await db('settings').where({ key }).first('value_json');
  return row ? (JSON.parse(row.value_json) as unknown) : undefined;
}

async function writeSetting(trx: Knex.Transaction, key: string, value: unknown): Promise<void> {
  await trx('settings').insert({ key, value_json: JSON.stringify(value) }).onConflict('key').merge();
}

export async function getPolicy(db: Knex): Promise<CollectionsPolicy> {
  const stored = await readSetting(db, POLICY_KEY);
  const parsed = collectionsPolicyFields.safeParse({ ...DEFAULT_COLLECTIONS_POLICY, ...((stored as object | undefined) ?? {}) });
  return parsed.success ? parsed.data : { ...DEFAULT_COLLECTIONS_POLICY };
}

export async function getCommissionPolicy(db: Knex): Promise<CommissionPolicy> {
  const stored = await readSetting(db, COMMISSION_KEY);
  const parsed = commissionPolicyFields.safeParse({ ...DEFAULT_COMMISSION_POLICY, ...((stored as object | undefined) ?? {}) });
  return parsed.success ? parsed.data : structuredClone(DEFAULT_COMMISSION_POLICY);
}

function ruleCountry(country: string): RuleCountry {
  return (RULE_COUNTRIES as readonly string[]).includes(country) ? (country as RuleCountry) : 'CO';
}

/** the rules in force for a country: the administrator's, or the table's */
export async function getContactRules(db: Knex, country?: string): Promise<ContactRules> {
  const c = ruleCountry(country ?? (await getCompany(db)).country);
  const stored = (await readSetting(db, RULES_KEY)) as Record<string, unknown> | undefined;
  const parsed = stored?.[c] === undefined ? null : contactRulesSchema.safeParse(stored[c]);
  return parsed?.success ? parsed.data : defaultContactRules(c);
}

export async function listOutcomes(db: Knex): Promise<OutcomeRow[]> {
  const rows: { code: string; label: string; effective: unknown; action: string; active: unknown; sort: number }[] = await db('collection_outcomes').orderBy('sort').select();
  return rows.map((r) => ({ code: r.code, label: r.label, effective: bool(r.effective), action: r.action as OutcomeAction, active: bool(r.active), sort: Number(r.sort) }));
}

export async function collectionsSettings(db: Knex): Promise<CollectionsSettings> {
  const company = await getCompany(db);
  const [policy, commissionPolicy, outcomes, rules] = await Promise.all([getPolicy(db), getCommissionPolicy(db), listOutcomes(db), getContactRules(db, company.country)]);
  return { country: company.country, policy, commissionPolicy, outcomes, rules, defaults: RULE_COUNTRIES.map(defaultContactRules) };
}

export async function savePolicy(db: Knex, actor: Actor, next: CollectionsPolicy): Promise<CollectionsPolicy> {
  return db.transaction(async (trx) => {
    const before = await getPolicy(trx);
    await writeSetting(trx, POLICY_KEY, next);
    await writeAudit(trx, actor, { action: 'collections.policy.update', entity: 'settings', entityId: POLICY_KEY, before, after: next });
    return next;
  });
}

export async function saveCommissionPolicy(db: Knex, actor: Actor, next: CommissionPolicy): Promise<CommissionPolicy> {
  const froms = next.tiers.map((t) => t.fromPercent);
  if (froms.some((f, i) => i > 0 && f <= froms[i - 1]))
    throw invalid('Los tramos van de menor a mayor porcentaje de la meta, sin repetirse.', { tiers: 'Ordene los tramos por «desde %» creciente' });
  if (froms[0] !== 0) throw invalid('El primer tramo empieza en 0 % de la meta (lo que se gana sin llegar al siguiente tramo).', { tiers: 'El primer tramo empieza en 0 %' });
  return db.transaction(async (trx) => {
    const before = await getCommissionPolicy(trx);
    await writeSetting(trx, COMMISSION_KEY, next);
    await writeAudit(trx, actor, { action: 'collections.commissionPolicy.update', entity: 'settings', entityId: COMMISSION_KEY, before, after: next });
    return next;
  });
}

export async function saveContactRules(db: Knex, actor: Actor, rules: ContactRules): Promise<ContactRules> {
  return db.transaction(async (trx) => {
    const stored = ((await readSetting(trx, RULES_KEY)) as Record<string, unknown> | undefined) ?? {};
    const before = await getContactRules(trx, rules.country);
    await writeSetting(trx, RULES_KEY, { ...stored, [rules.country]: rules });
    await writeAudit(trx, actor, { action: 'collections.contactRules.update', entity: 'settings', entityId: `${RULES_KEY}:${rules.country}`, before, after: rules });
    return rules;
  });
}

export interface OutcomeInput {
  code?: string;
  label: string;
  effective: boolean;
  action: OutcomeAction;
  active: boolean;
}

/** a new outcome gets a code from its label; an edited one keeps its code (contacts refer to it) */
export async function saveOutcome(db: Knex, actor: Actor, input: OutcomeInput): Promise<OutcomeRow[]> {
  await db.transaction(async (trx) => {
    if (input.code) {
      const before = await trx('collection_outcomes').where({ code: input.code }).first();
      if (!before) throw notFound('El resultado');
      const after = { label: input.label, effective: input.effective, action: input.action, active: input.active };
      await trx('collection_outcomes').where({ code: input.code }).update(after);
      await writeAudit(trx, actor, { action: 'collections.outcome.update', entity: 'collection_outcome', entityId: input.code, before, after });
      return;
    }
    const code = normalizeForSearch(input.label).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 30);
    if (code.length < 2) throw invalid('Escriba un nombre con letras o números.', { label: 'Nombre muy corto' });
    const taken = await trx('collection_outcomes').where({ code }).first('code');
    if (taken) throw conflict(`Ya existe el resultado «${input.label}».`);
    const last = (await trx('collection_outcomes').max({ sort: 'sort' }).first()) as { sort: number | null } | undefined;
    const row = { code, label: input.label, effective: input.effective, action: input.action, active: input.active, sort: Number(last?.sort ?? 0) + 10 };
    await trx('collection_outcomes').insert(row);
    await writeAudit(trx, actor, { action: 'collections.outcome.create', entity: 'collection_outcome', entityId: code, after: row });
  });
  return listOutcomes(db);
}
