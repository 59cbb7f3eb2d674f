/**
 * What the filing form needs to know: the kinds of request with their legal term for the company's
 * country (table pqr_terms, seeded from resources/tables/pqr-terms.json), the SUI causales (table
 * sui_causales, from resources/tables/sui-causales.json), the channels and who may be assigned.
 * The administrator edits terms and causales; every change is audited.
 */
import type { Knex } from 'knex';
import {
  PQR_TYPES,
  type Country,
  type PqrCatalog,
  type PqrChannel,
  type PqrType,
  type PqrTypeInfo,
  type SuiCausal,
} from '../../../../shared/contract';
import pqrTerms from '../../../../resources/tables/pqr-terms.json';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound } from '../../errors';
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

/** SUI Formato A, tipo de trámite (1 reclamación … 6 solicitud de información); null: not reported */
const SUI_TRAMITE: Partial<Record<PqrType, number>> = {
  reclamo: 1,
  queja: 2,
  denuncia: 3,
  recurso_reposicion: 4,
  reposicion_apelacion: 5,
  solicitud_informacion: 6,
};

/** quejas, reclamos and recursos are about the service or a bill (Ley 142): they need a SUI causal and risk silencio positivo */
const LEY_142_TYPES: ReadonlySet<PqrType> = new Set(['queja', 'reclamo', 'recurso_reposicion', 'reposicion_apelacion']);

export const needsCausal = (type: PqrType): boolean => LEY_142_TYPES.has(type);
export const underLey142 = (type: PqrType): boolean => LEY_142_TYPES.has(type);

/** the shipped default, when the table lacks a row (a country added later) */
function defaultTerm(country: Country, type: PqrType): { term: number; basis: string } {
  const byCountry = (pqrTerms as unknown as Record<string, Record<string, { term: number; basis: string }>>)[country];
  return byCountry?.[type] ?? { term: 15, basis: 'Término general (sin tabla para el país)' };
}

function typeInfo(type: PqrType, term: number, basis: string): PqrTypeInfo {
  return {
    type,
    name: PQR_TYPE_NAMES[type],
    termBusinessDays: term,
    basis,
    suiTramite: SUI_TRAMITE[type] ?? null,
    needsCausal: needsCausal(type),
    silencioPositivo: underLey142(type),
  };
}

/** The kinds of request with the terms of a country. */
export async function listTypes(db: Knex, country: Country): Promise<PqrTypeInfo[]> {
  const rows: { type: string; term_business_days: number; basis: string }[] = await db('pqr_terms').where({ country }).select('type', 'term_business_days', 'basis');
  const byType = new Map(rows.map((r) => [r.type, r]));
  return PQR_TYPES.map((type) => {
    const row = byType.get(type);
    if (row) return typeInfo(type, Number(row.term_business_days), row.basis);
    const fallback = defaultTerm(country, type);
    return typeInfo(type, fallback.term, fallback.basis);
  });
}

/** The term of one kind of request in the company's country. */
export async function termOf(db: Knex, type: PqrType): Promise<PqrTypeInfo> {
  const { country } = await getCompany(db);
  const types = await listTypes(db, country);
  return types.find((t) => t.type === type) as PqrTypeInfo;
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
  return {
    country,
    types: await listTypes(db, country),
    causales: (await listCausales(db)).filter((c) => c.active),
    channels: (Object.keys(PQR_CHANNEL_NAMES) as PqrChannel[]).map((channel) => ({ channel, name: PQR_CHANNEL_NAMES[channel] })),
    assignees: assignees.map((u) => ({ id: Number(u.id), name: u.full_name, role: u.role })),
  };
}

/** Administrator: the term of one kind of request for the company's country. */
export async function saveTerm(db: Knex, actor: Actor, input: { type: PqrType; termBusinessDays: number; basis: string }): Promise<PqrTypeInfo> {
  return db.transaction(async (trx) => {
    const { country } = await getCompany(trx);
    const before = await trx('pqr_terms').where({ country, type: input.type }).first('term_business_days', 'basis');
    const row = { term_business_days: input.termBusinessDays, basis: input.basis };
    if (before) await trx('pqr_terms').where({ country, type: input.type }).update(row);
    else await trx('pqr_terms').insert({ country, type: input.type, ...row });
    await writeAudit(trx, actor, { action: 'pqr.saveTerm', entity: 'pqr_term', entityId: `${country}:${input.type}`, before: before ?? null, after: row });
    return typeInfo(input.type, input.termBusinessDays, input.basis);
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
