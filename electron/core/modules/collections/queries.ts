/**
 * Reads of the collections module: contacts, commitments, hand-offs and contact data of accounts
 * (the desk, the account page), as the contract's rows.
 */
import type { Knex } from 'knex';
import {
  FIELD_PURPOSE_LABELS,
  NOTICE_KIND_LABELS,
  type AuthorisationVia,
  type CollectionsPolicy,
  type CommitmentRow,
  type ContactChannel,
  type ContactPointRow,
  type ContactRow,
  type ContactSource,
  type FieldPurpose,
  type HandoffRow,
  type PromiseState,
  type Purpose,
  type Relation,
} from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { bool } from '../cashier/queries';

/** ',a,b,' ↔ ['a', 'b'] */
export const listOf = <T extends string>(text: string | null): T[] => (text ?? '').split(',').filter(Boolean) as T[];
export const textOf = (items: readonly string[]): string => `,${[...new Set(items)].join(',')},`;

export function contactsQuery(db: Knex): Knex.QueryBuilder {
  return db('collection_contacts as k')
    .join('users as u', 'u.id', 'k.gestor_id')
    .leftJoin('collection_campaigns as c', 'c.id', 'k.campaign_id')
    .leftJoin('collection_outcomes as o', 'o.code', 'k.outcome')
    .leftJoin('pqrs as p', 'p.id', 'k.pqr_id')
    .leftJoin('radicados as r', 'r.id', 'p.radicado_id')
    .select('k.*', 'u.full_name as gestor_name', 'c.name as campaign_name', 'o.label as outcome_label', 'r.number as radicado');
}

export interface ContactDbRow {
  id: number;
  at: string;
  gestor_name: string;
  campaign_name: string | null;
  channel: ContactChannel;
  direction: 'saliente' | 'entrante';
  address: string;
  outcome: string;
  outcome_label: string | null;
  effective: unknown;
  notes: string;
  radicado: string | null;
}

export function toContactRow(r: ContactDbRow): ContactRow {
  return {
    id: Number(r.id),
    at: r.at,
    gestor: r.gestor_name,
    campaignName: r.campaign_name,
    channel: r.channel,
    direction: r.direction,
    address: r.address,
    outcome: r.outcome,
    outcomeLabel: r.outcome_label ?? r.outcome,
    effective: bool(r.effective),
    notes: r.notes,
    pqrRadicado: r.radicado,
  };
}

export async function contactById(db: Knex, contactId: number): Promise<ContactRow> {
  return toContactRow((await contactsQuery(db).where('k.id', contactId).first()) as ContactDbRow);
}

export function commitmentsQuery(db: Knex): Knex.QueryBuilder {
  return db('collection_promises as pr')
    .join('accounts as a', 'a.id', 'pr.account_id')
    .join('users as u', 'u.id', 'pr.gestor_id')
    .leftJoin('collection_campaigns as c', 'c.id', 'pr.campaign_id')
    .select('pr.*', 'a.number as account_number', 'a.holder_name', 'u.full_name as gestor_name', 'c.name as campaign_name');
}

export interface CommitmentDbRow {
  id: number;
  account_id: number;
  account_number: string;
  holder_name: string;
  gestor_name: string;
  campaign_name: string | null;
  amount: number | string;
  made_on: string;
  promised_date: string;
  window_end: string;
  state: PromiseState;
  paid_amount: number | string;
  decided_on: string | null;
}

export function toCommitmentRow(r: CommitmentDbRow): CommitmentRow {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    accountNumber: r.account_number,
    holderName: r.holder_name,
    gestor: r.gestor_name,
    campaignName: r.campaign_name,
    amount: Number(r.amount),
    madeOn: r.made_on,
    date: r.promised_date,
    windowEnd: r.window_end,
    state: r.state,
    paid: Number(r.paid_amount),
    decidedOn: r.decided_on,
  };
}

export async function commitmentById(db: Knex, id: number): Promise<CommitmentRow> {
  return toCommitmentRow((await commitmentsQuery(db).where('pr.id', id).first()) as CommitmentDbRow);
}

const LATER_STAGES: Record<string, string[]> = { prejuridico: ['prejuridico', 'juridico'], juridico: ['juridico'] };

/**
 * Hand-offs with their state: a field hand-off is attended when the coordinator closes it; a legal
 * one when a letter of its stage (or a later one) was generated for the account after it.
 */
export function handoffsQuery(db: Knex): Knex.QueryBuilder {
  const letterAfter = (stage: string) =>
    db('notices as n')
      .whereRaw('n.account_id = h.account_id')
      .whereIn('n.kind', LATER_STAGES[stage])
      .whereRaw('n.generated_at >= h.created_at')
      .select(db.raw('1'));
  const legalDone = db.raw(
    `CASE WHEN h.kind = 'juridico' AND ((h.what = 'prejuridico' AND EXISTS (${letterAfter('prejuridico').toQuery()})) OR (h.what = 'juridico' AND EXISTS (${letterAfter('juridico').toQuery()}))) THEN 1 ELSE 0 END`,
  );
  return db('collection_handoffs as h')
    .join('accounts as a', 'a.id', 'h.account_id')
    .join('users as u', 'u.id', 'h.created_by')
    .select('h.*', 'a.number as account_number', 'a.holder_name', 'a.address', 'u.full_name as by_name', db.raw('? AS letter_done', [legalDone]));
}

export interface HandoffDbRow {
  id: number;
  kind: 'juridico' | 'terreno';
  account_id: number;
  account_number: string;
  holder_name: string;
  address: string;
  what: string;
  reason: string;
  by_name: string;
  created_at: string;
  state: 'pendiente' | 'atendida';
  close_note: string;
  letter_done: number | string | boolean;
}

export function toHandoffRow(r: HandoffDbRow): HandoffRow {
  const done = r.state === 'atendida' || bool(r.letter_done) || r.letter_done === true;
  return {
    id: Number(r.id),
    kind: r.kind,
    accountId: Number(r.account_id),
    accountNumber: r.account_number,
    holderName: r.holder_name,
    address: r.address,
    what: r.what,
    whatLabel: r.kind === 'juridico' ? NOTICE_KIND_LABELS[r.what as 'prejuridico' | 'juridico'] : FIELD_PURPOSE_LABELS[r.what as FieldPurpose],
    reason: r.reason,
    by: r.by_name,
    at: r.created_at,
    state: done ? 'atendida' : 'pendiente',
    closeNote: r.close_note,
  };
}

const VIA_LABELS: Record<AuthorisationVia, string> = { llamada_grabada: 'llamada grabada', escrito: 'escrito firmado', correo: 'correo electrónico', web: 'formulario web', contrato: 'el contrato de condiciones uniformes' };
const PURPOSE_LABELS: Record<Purpose, string> = { cobranza: 'cobranza', notificaciones: 'notificaciones', encuestas: 'encuestas', informacion_servicio: 'información del servicio' };

function statusOf(p: { authorised: boolean; authorisedOn: string | null; authorisedVia: AuthorisationVia | null; purposes: Purpose[]; active: boolean }): string {
  if (!p.active) return 'Dado de baja: no se usa';
  if (!p.authorised) return 'Sin autorización registrada (Ley 1581 de 2012): no se usa para cobranza';
  const when = p.authorisedOn ? ` el ${formatDate(p.authorisedOn)}` : '';
  return `Autorizado${when} por ${p.authorisedVia ? VIA_LABELS[p.authorisedVia] : '—'}: ${p.purposes.map((x) => PURPOSE_LABELS[x]).join(', ')}`;
}

const digits = (v: string) => v.replace(/\D/g, '');

/**
 * The account's phones and e-mails: those recorded here, plus the commercial system's phone and e-mail
 * when not recorded yet (authorised only when the policy says the contract authorises them).
 */
export async function contactPoints(db: Knex, accountId: number, policy: CollectionsPolicy): Promise<ContactPointRow[]> {
  const rows: {
    id: number;
    kind: 'telefono' | 'correo';
    value: string;
    relation: Relation;
    holder_name: string;
    source: ContactSource;
    active: unknown;
    authorised: unknown;
    authorised_on: string | null;
    authorised_via: AuthorisationVia | null;
    purposes: string;
    channels: string;
    updated_at: string;
    updated_by_name: string | null;
  }[] = await db('collection_contact_points as cp')
    .leftJoin('users as u', 'u.id', 'cp.updated_by')
    .where('cp.account_id', accountId)
    .orderBy([{ column: 'cp.kind', order: 'desc' }, { column: 'cp.id' }])
    .select('cp.*', 'u.full_name as updated_by_name');
  const points: ContactPointRow[] = rows.map((r) => {
    const base = {
      authorised: bool(r.authorised),
      authorisedOn: r.authorised_on,
      authorisedVia: r.authorised_via,
      purposes: listOf<Purpose>(r.purposes),
      active: bool(r.active),
    };
    return {
      id: Number(r.id),
      kind: r.kind,
      value: r.value,
      relation: r.relation,
      holderName: r.holder_name,
      source: r.source,
      ...base,
      channels: listOf<ContactChannel>(r.channels),
      status: statusOf(base),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by_name ?? '',
    };
  });
  const account: { phone: string; email: string; holder_name: string } | undefined = await db('accounts').where({ id: accountId }).first('phone', 'email', 'holder_name');
  if (account) {
    const recorded = (kind: 'telefono' | 'correo', value: string) =>
      points.some((p) => p.kind === kind && (kind === 'telefono' ? digits(p.value) === digits(value) : p.value.toLowerCase() === value.toLowerCase()));
    for (const [kind, value] of [
      ['telefono', account.phone],
      ['correo', account.email],
    ] as const) {
      if (!value.trim() || recorded(kind, value)) continue;
      const base = {
        authorised: policy.contractDataAuthorised,
        authorisedOn: null,
        authorisedVia: policy.contractDataAuthorised ? ('contrato' as const) : null,
        purposes: policy.contractDataAuthorised ? (['cobranza', 'notificaciones'] as Purpose[]) : [],
        active: true,
      };
      points.push({
        id: null,
        kind,
        value: value.trim(),
        relation: 'titular',
        holderName: account.holder_name,
        source: 'sistema_comercial',
        ...base,
        channels: policy.contractDataAuthorised ? (kind === 'telefono' ? ['llamada', 'sms', 'whatsapp'] : ['correo']) : [],
        status: policy.contractDataAuthorised ? 'Del sistema comercial: autorizado por el contrato de condiciones uniformes (política de cobranza)' : statusOf(base),
        updatedAt: null,
        updatedBy: '',
      });
    }
  }
  return points;
}
