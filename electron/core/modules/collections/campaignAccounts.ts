/**
 * A campaign's own list of accounts (issue 15): each account with its gestor, today's debt and age,
 * its state in the queue and the last outcome recorded for it in the campaign, in the queue's order
 * (broken commitments first, then priority: older, then larger). Paged for the screen, whole for the
 * CSV. Who sees it: the campaign's office (visibleCampaign); a gestor only the campaigns assigned to
 * them, and in them only their own accounts (what they work; the others' accounts are not theirs to
 * see, Ley 1581's minimum).
 */
import type { Knex } from 'knex';
import { ASSIGNMENT_STATE_LABELS, type AssignmentState, type CampaignAccountRow, type CampaignAccounts } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/dates';
import type { CsvCell } from '../../documents/csv';
import { bool } from '../cashier/queries';
import { campaignName } from './campaigns';
import { bucketOfOldest, daysFrom, debtsOf } from './debt';
import type { Worker } from './scope';

export interface CampaignAccountsFilter {
  campaignId: number;
  gestorId?: number;
  state?: AssignmentState;
}

interface AssignmentDbRow {
  id: number;
  account_id: number;
  number: string;
  holder_name: string;
  gestor_id: number;
  gestor_name: string;
  debt: number | string;
  state: AssignmentState;
  broken_promise: unknown;
  contacts: number | string;
  last_outcome: string | null;
  last_at: string | null;
}

function assignmentsQuery(db: Knex, w: Worker, filter: CampaignAccountsFilter): Knex.QueryBuilder {
  const q = db('collection_assignments as x').join('accounts as a', 'a.id', 'x.account_id').join('users as u', 'u.id', 'x.gestor_id').where('x.campaign_id', filter.campaignId);
  if (w.role === 'gestor') q.where('x.gestor_id', w.userId);
  if (filter.gestorId !== undefined) q.where('x.gestor_id', filter.gestorId);
  if (filter.state) q.where('x.state', filter.state);
  return q;
}

/** the last contact of the account in the campaign (the index on account_id, at serves it) */
function lastContact(db: Knex, column: 'outcome' | 'at'): Knex.QueryBuilder {
  const k = db('collection_contacts as k').whereRaw('k.account_id = x.account_id').whereRaw('k.campaign_id = x.campaign_id').orderBy([{ column: 'k.at', order: 'desc' }, { column: 'k.id', order: 'desc' }]).limit(1);
  if (column === 'at') return k.select('k.at');
  return k.leftJoin('collection_outcomes as o', 'o.code', 'k.outcome').select(db.raw('COALESCE(o.label, k.outcome)'));
}

async function readRows(db: Knex, w: Worker, filter: CampaignAccountsFilter, today: string, page?: { offset: number; limit: number }): Promise<CampaignAccountRow[]> {
  const q = assignmentsQuery(db, w, filter)
    .orderBy([{ column: 'x.broken_promise', order: 'desc' }, { column: 'x.priority', order: 'desc' }, { column: 'x.id' }])
    .select('x.id', 'x.account_id', 'a.number', 'a.holder_name', 'x.gestor_id', 'u.full_name as gestor_name', 'x.debt', 'x.state', 'x.broken_promise', 'x.contacts', lastContact(db, 'outcome').as('last_outcome'), lastContact(db, 'at').as('last_at'));
  if (page) q.offset(page.offset).limit(page.limit);
  const rows = (await q) as AssignmentDbRow[];
  const debts = await debtsOf(
    db,
    rows.map((r) => Number(r.account_id)),
    today,
  );
  return rows.map((r) => {
    const now = debts.get(Number(r.account_id)) ?? { debt: 0, oldest: null };
    return {
      assignmentId: Number(r.id),
      accountId: Number(r.account_id),
      accountNumber: r.number,
      holderName: r.holder_name,
      gestorId: Number(r.gestor_id),
      gestor: r.gestor_name,
      debt: now.debt,
      daysPastDue: daysFrom(now.oldest, today),
      bucket: bucketOfOldest(now.oldest, today),
      debtAtLaunch: Number(r.debt),
      state: r.state,
      brokenPromise: bool(r.broken_promise),
      contacts: Number(r.contacts),
      lastOutcome: r.last_outcome,
      lastContactAt: r.last_at,
    };
  });
}

export async function campaignAccounts(db: Knex, w: Worker, filter: CampaignAccountsFilter & { offset: number; limit: number }, today: string): Promise<CampaignAccounts> {
  await campaignName(db, w, filter.campaignId);
  const [{ n }] = (await assignmentsQuery(db, w, filter).count({ n: '*' })) as { n: number | string }[];
  return { rows: await readRows(db, w, filter, today, filter), total: Number(n) };
}

/** the whole list, for the CSV: the campaign's name and its rows */
export async function campaignAccountsCsv(db: Knex, w: Worker, filter: CampaignAccountsFilter, today: string, timeZone: string): Promise<{ name: string; rows: CsvCell[][] }> {
  const name = await campaignName(db, w, filter.campaignId);
  const rows = await readRows(db, w, filter, today);
  const header = ['Cuenta', 'Suscriptor', 'Gestor', 'Deuda hoy', 'Días de mora', 'Estado en la cola', 'Compromiso incumplido', 'Gestiones', 'Último resultado', 'Último contacto', 'Deuda al lanzar'];
  return {
    name,
    rows: [
      header,
      ...rows.map((r) => [
        r.accountNumber,
        r.holderName,
        r.gestor,
        String(r.debt),
        String(r.daysPastDue),
        ASSIGNMENT_STATE_LABELS[r.state],
        r.brokenPromise ? 'Sí' : 'No',
        String(r.contacts),
        r.lastOutcome ?? '',
        r.lastContactAt ? formatDateTime(r.lastContactAt, timeZone) : '',
        String(r.debtAtLaunch),
      ]),
    ],
  };
}
