/**
 * What the filing form needs to know: the kinds of request with their legal term for the company's
 * country (table pqr_terms, seeded from resources/tables/pqr-terms.json), the SUI causales (table
 * sui_causales, from resources/tables/sui-causales.json), the channels and who may be assigned.
 * The administrator edits terms and causales; every change is audited.
 */
import type { Knex } from 'knex';
import {
  LEGAL_RULE_KEYS,
  PQR_TYPES,
  type Country,
  type LegalRule,
  type LegalRuleKey,
  type TermKey,
  type PqrCatalog,
  type PqrChannel,
  type PqrType,
  type PqrTypeInfo,
  type SuiCausal,
} from '../../../../shared/contract';
import pqrTerms from '../../../../resources/tables/pqr-terms.json';
import legalRulesTable from '../../../../resources/tables/pqr-legal-rules.json';
import suiTable from '../../../../resources/tables/sui-formato-a.json';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound, rule as ruleError } from '../../errors';
import { getCompany } from '../setup/service';

export const PQR_TYPE_NAMES: Record<PqrType, string> = {
  peticion: 'Petición',
  queja: 'Queja',
  reclamo: 'Reclamo',
  recurso_reposicion: 'Recurso de reposición',
  reposicion_apelacion: 'Reposición y en subsidio de apelación',
  solicitud_informacion: 'Solicitud de información o copias',
  consulta: 'Consulta',
  denuncia: 'Denuncia',
  sugerencia: 'Sugerencia',
  tutela: 'Tutela',
  correspondencia: 'Correspondencia',
};

export const PQR_CHANNEL_NAMES: Record<PqrChannel, string> = {
  ventanilla: 'Ventanilla',
  telefono: 'Teléfono',
  correo: 'Correo electrónico',
  web: 'Formulario web',
  carta: 'Carta',
};

/** SUI Formato A, tipo de trámite per row of the terms table (resources/tables/sui-formato-a.json); null: not reported */
const SUI_TRAMITE = suiTable.tramites as Partial<Record<TermKey, number>>;

/** quejas, reclamos and recursos are about the service or a bill (Ley 142): they need a SUI causal */
const LEY_142_TYPES: ReadonlySet<PqrType> = new Set(['queja', 'reclamo', 'recurso_reposicion', 'reposicion_apelacion']);

export const needsCausal = (type: PqrType): boolean => LEY_142_TYPES.has(type);

/** the row of the terms table a filing follows: a petición about the service is peticion_servicio */
export function termKeyOf(type: PqrType, aboutService: boolean): TermKey {
  return type === 'peticion' && aboutService ? 'peticion_servicio' : type;
}

interface TermEntry {
  term: number;
  basis: string;
  extension?: boolean;
  silencio?: boolean;
  rule?: string;
}

/** the shipped default, when the table lacks a row (a country added later) */
function defaultTerm(country: Country, key: TermKey): Required<TermEntry> {
  const byCountry = (pqrTerms as unknown as Record<string, Record<string, TermEntry>>)[country];
  const entry = byCountry?.[key];
  if (!entry) return { term: 15, basis: 'Término general (sin tabla para el país)', extension: false, silencio: false, rule: 'Sin tabla para el país: sin prórroga.' };
  return { extension: false, silencio: false, rule: '', ...entry };
}

interface TermRow {
  type: string;
  term_business_days: number;
  basis: string;
  admits_extension: boolean | number;
  silencio_positivo: boolean | number;
  rule: string;
}

function typeInfo(key: TermKey, e: Required<TermEntry>): PqrTypeInfo {
  const type: PqrType = key === 'peticion_servicio' ? 'peticion' : key;
  return {
    type,
    termKey: key,
    name: key === 'peticion_servicio' ? 'Petición sobre el servicio' : PQR_TYPE_NAMES[type],
    termBusinessDays: e.term,
    basis: e.basis,
    suiTramite: SUI_TRAMITE[key] ?? null,
    needsCausal: needsCausal(type),
    silencioPositivo: e.silencio,
    admitsExtension: e.extension,
    rule: e.rule,
  };
}

/** Every row of the terms table of a country: the kinds of request in order, then peticion_servicio. */
export async function listTerms(db: Knex, country: Country): Promise<PqrTypeInfo[]> {
  const rows: TermRow[] = await db('pqr_terms').where({ country }).select('type', 'term_business_days', 'basis', 'admits_extension', 'silencio_positivo', 'rule');
  const byKey = new Map(rows.map((r) => [r.type, r]));
  return (['peticion_servicio', ...PQR_TYPES] as TermKey[])
    .map((key) => {
      const row = byKey.get(key);
      if (!row) return typeInfo(key, defaultTerm(country, key));
      return typeInfo(key, {
        term: Number(row.term_business_days),
        basis: row.basis,
        extension: Boolean(row.admits_extension),
        silencio: Boolean(row.silencio_positivo),
        rule: row.rule,
      });
    })
    .sort((a, b) => (a.termKey === 'peticion_servicio' ? 1 : 0) - (b.termKey === 'peticion_servicio' ? 1 : 0));
}

/** The kinds of request with the terms of a country (peticion_servicio apart). */
export async function listTypes(db: Knex, country: Country): Promise<PqrTypeInfo[]> {
  return (await listTerms(db, country)).filter((t) => t.termKey !== 'peticion_servicio');
}

/** The term of one row of the table in the company's country. */
export async function termOf(db: Knex, key: TermKey): Promise<PqrTypeInfo> {
  const { country } = await getCompany(db);
  return (await listTerms(db, country)).find((t) => t.termKey === key) as PqrTypeInfo;
}

interface RuleEntry {
  value: number | null;
  basis: string;
  explanation: string;
}

/** the shipped rule, when the table lacks a row */
function defaultRule(country: Country, key: LegalRuleKey): LegalRule {
  const byCountry = (legalRulesTable as unknown as Record<string, Record<string, RuleEntry>>)[country] ?? (legalRulesTable as unknown as Record<string, Record<string, RuleEntry>>).CO;
  const entry = byCountry[key];
  return { key, value: entry.value, basis: entry.basis, explanation: entry.explanation };
}

/** The legal rules of a country, in the order of LEGAL_RULE_KEYS. */
export async function listLegalRules(db: Knex, country: Country): Promise<LegalRule[]> {
  const rows: { key: string; value: number | null; basis: string; explanation: string }[] = await db('pqr_legal_rules').where({ country }).select('key', 'value', 'basis', 'explanation');
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return LEGAL_RULE_KEYS.map((key) => {
    const row = byKey.get(key);
    return row ? { key, value: row.value === null ? null : Number(row.value), basis: row.basis, explanation: row.explanation } : defaultRule(country, key);
  });
}

/** The rules of the company's country by key. */
export type Rules = Record<LegalRuleKey, LegalRule>;
export async function legalRules(db: Knex): Promise<Rules> {
  const { country } = await getCompany(db);
  return Object.fromEntries((await listLegalRules(db, country)).map((r) => [r.key, r])) as Rules;
}

/** a rule's value that the workflow needs; a country without it (null) is told so */
export function ruleValue(rules: Rules, key: LegalRuleKey): number {
  const r = rules[key];
  if (r.value === null) throw ruleError(`La regla «${r.explanation}» no tiene valor para el país de la empresa: el administrador la fija en Administración › Términos y causales PQR.`);
  return r.value;
}

/** Administrator: one rule's value and source (one audit row). */
export async function saveLegalRule(db: Knex, actor: Actor, input: { key: LegalRuleKey; value: number; basis: string; none?: boolean }): Promise<LegalRule> {
  return db.transaction(async (trx) => {
    const { country } = await getCompany(trx);
    const before = (await listLegalRules(trx, country)).find((r) => r.key === input.key) as LegalRule;
    const row = { value: input.none ? null : input.value, basis: input.basis };
    const exists = await trx('pqr_legal_rules').where({ country, key: input.key }).first('id');
    if (exists) await trx('pqr_legal_rules').where({ country, key: input.key }).update(row);
    else await trx('pqr_legal_rules').insert({ country, key: input.key, explanation: before.explanation, ...row });
    await writeAudit(trx, actor, { action: 'pqr.saveLegalRule', entity: 'pqr_legal_rule', entityId: `${country}:${input.key}`, before: { value: before.value, basis: before.basis }, after: row });
    return { ...before, ...row };
  });
}

interface CausalRow {
  id: number;
  group: 'F' | 'P';
  code: string;
  name: string;
  active: number | boolean;
}

const toCausal = (r: CausalRow): SuiCausal => ({ id: Number(r.id), group: r.group, code: r.code, name: r.name, active: Boolean(r.active) });

export async function listCausales(db: Knex): Promise<SuiCausal[]> {
  const rows: CausalRow[] = await db('sui_causales').orderBy(['group', 'code']);
  return rows.map(toCausal);
}

export async function getCausal(db: Knex, causalId: number): Promise<SuiCausal | null> {
  const row: CausalRow | undefined = await db('sui_causales').where({ id: causalId }).first();
  return row ? toCausal(row) : null;
}

export async function getCatalog(db: Knex, officeId: number): Promise<PqrCatalog> {
  const { country } = await getCompany(db);
  const assignees: { id: number; full_name: string; role: string }[] = await db('users')
    .where({ office_id: officeId, active: true })
    .whereIn('role', ['auxiliar', 'coordinador'])
    .orderBy('full_name')
    .select('id', 'full_name', 'role');
  const terms = await listTerms(db, country);
  return {
    country,
    types: terms.filter((t) => t.termKey !== 'peticion_servicio'),
    peticionServicio: terms.find((t) => t.termKey === 'peticion_servicio') as PqrTypeInfo,
    rules: await listLegalRules(db, country),
    causales: (await listCausales(db)).filter((c) => c.active),
    channels: (Object.keys(PQR_CHANNEL_NAMES) as PqrChannel[]).map((channel) => ({ channel, name: PQR_CHANNEL_NAMES[channel] })),
    assignees: assignees.map((u) => ({ id: Number(u.id), name: u.full_name, role: u.role })),
  };
}

/** Administrator: the term of one row of the table for the company's country, and (optionally) its rules. */
export async function saveTerm(
  db: Knex,
  actor: Actor,
  input: { type: TermKey; termBusinessDays: number; basis: string; admitsExtension?: boolean; silencioPositivo?: boolean; rule?: string },
): Promise<PqrTypeInfo> {
  return db.transaction(async (trx) => {
    const { country } = await getCompany(trx);
    const current = (await listTerms(trx, country)).find((t) => t.termKey === input.type) as PqrTypeInfo;
    const before = { term_business_days: current.termBusinessDays, basis: current.basis, admits_extension: current.admitsExtension, silencio_positivo: current.silencioPositivo, rule: current.rule };
    const row = {
      term_business_days: input.termBusinessDays,
      basis: input.basis,
      admits_extension: input.admitsExtension ?? current.admitsExtension,
      silencio_positivo: input.silencioPositivo ?? current.silencioPositivo,
      rule: input.rule ?? current.rule,
    };
    const exists = await trx('pqr_terms').where({ country, type: input.type }).first('id');
    if (exists) await trx('pqr_terms').where({ country, type: input.type }).update(row);
    else await trx('pqr_terms').insert({ country, type: input.type, ...row });
    await writeAudit(trx, actor, { action: 'pqr.saveTerm', entity: 'pqr_term', entityId: `${country}:${input.type}`, before, after: row });
    return typeInfo(input.type, { term: row.term_business_days, basis: row.basis, extension: row.admits_extension, silencio: row.silencio_positivo, rule: row.rule });
  });
}

/** Administrator: adds or changes a SUI causal (group + code are unique). */
export async function saveCausal(
  db: Knex,
  actor: Actor,
  input: { causalId?: number; group: 'F' | 'P'; code: string; name: string; active: boolean },
): Promise<SuiCausal> {
  return db.transaction(async (trx) => {
    const same: CausalRow | undefined = await trx('sui_causales').where({ group: input.group, code: input.code }).first();
    if (same && Number(same.id) !== input.causalId) throw conflict(`Ya existe la causal ${input.group}-${input.code} (${same.name}).`);
    const row = { group: input.group, code: input.code, name: input.name, active: input.active };
    let id: number;
    let before: SuiCausal | null = null;
    if (input.causalId !== undefined) {
      before = await getCausal(trx, input.causalId);
      if (!before) throw notFound('La causal');
      await trx('sui_causales').where({ id: input.causalId }).update(row);
      id = input.causalId;
    } else {
      const [inserted] = await trx('sui_causales').insert(row).returning('id');
      id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    }
    const after = (await getCausal(trx, id)) as SuiCausal;
    await writeAudit(trx, actor, { action: 'pqr.saveCausal', entity: 'sui_causal', entityId: id, before, after });
    return after;
  });
}
