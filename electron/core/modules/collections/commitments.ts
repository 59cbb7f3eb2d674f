/**
 * Payment commitments (compromisos de pago) and the daily monitor that compares each one with the
 * payments really posted for the account — at the counter, from a bank file, or an unidentified bank
 * payment later assigned to it: all of them are rows of `payments` with their business date (a bank
 * payment's is the bank's collection date), and only live ones (status vigente) count.
 *
 * A commitment made on day M for amount A and date D, with G grace days, counts the payments of the
 * account dated M … D + G (its window). Then:
 *  - paid ≥ A: cumplido (as soon as it is seen, also before D);
 *  - the window has ended (D + G before today): parcial if something was paid, incumplido if nothing;
 *  - otherwise: pendiente.
 * Decided commitments are looked at again for RECHECK_DAYS after their window ends, so that a bank
 * file that arrives late, or a payment voided later, changes the outcome (reopened counts those that
 * leave cumplido). A commitment that breaks (parcial or incumplido) puts its account back at the head
 * of its gestor's queue (broken_promise) if the campaign is still active.
 *
 * Set-based: one grouped read joins the commitments to the payments by (account_id, business_date)
 * (index payments_account_date), and the changes are written in batches of CASE updates.
 */
import type { Knex } from 'knex';
import type { CommitmentRow, MonitorRun, PromiseState } from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { commitmentsQuery, toCommitmentRow, type CommitmentDbRow } from './queries';
import { inScope, type Worker } from './scope';

export const RECHECK_DAYS = 30;
const BATCH = 200;

export type MonitorTrigger = MonitorRun['trigger'];

interface Checked {
  id: number;
  amount: number;
  state: PromiseState;
  paid_before: number;
  window_end: string;
  assignment_id: number | null;
  paid: number;
}

export function decide(amount: number, paid: number, windowEnd: string, today: string): PromiseState {
  if (paid >= amount) return 'cumplido';
  if (windowEnd < today) return paid > 0 ? 'parcial' : 'incumplido';
  return 'pendiente';
}

const BROKEN: readonly PromiseState[] = ['parcial', 'incumplido'];

/** one run of the monitor over every commitment still open or recently decided */
export async function runMonitor(db: Knex, today: string, trigger: MonitorTrigger, actor: Actor = SYSTEM_ACTOR): Promise<MonitorRun> {
  const startedAt = nowTimestamp();
  return retryingTransaction(db, async (trx) => {
    const rows: { id: number; amount: number | string; state: PromiseState; paid_amount: number | string; window_end: string; assignment_id: number | null; paid: number | string }[] = await trx(
      'collection_promises as pr',
    )
      .leftJoin('payments as p', function () {
        this.on('p.account_id', '=', 'pr.account_id')
          .andOn('p.business_date', '>=', 'pr.made_on')
          .andOn('p.business_date', '<=', 'pr.window_end')
          .andOnVal('p.status', '=', 'vigente');
      })
      .where((q) => q.where('pr.state', 'pendiente').orWhere('pr.window_end', '>=', addDays(today, -RECHECK_DAYS)))
      .groupBy('pr.id', 'pr.amount', 'pr.state', 'pr.paid_amount', 'pr.window_end', 'pr.assignment_id')
      .select('pr.id', 'pr.amount', 'pr.state', 'pr.paid_amount', 'pr.window_end', 'pr.assignment_id', trx.raw('COALESCE(SUM(p.amount), 0) AS paid'));
    const checked: Checked[] = rows.map((r) => ({
      id: Number(r.id),
      amount: Number(r.amount),
      state: r.state,
      paid_before: Number(r.paid_amount),
      window_end: r.window_end,
      assignment_id: r.assignment_id === null ? null : Number(r.assignment_id),
      paid: Number(r.paid),
    }));
    const changes = checked.map((c) => ({ ...c, next: decide(c.amount, c.paid, c.window_end, today) })).filter((c) => c.next !== c.state || c.paid !== c.paid_before);
    const at = nowTimestamp();
    for (let i = 0; i < changes.length; i += BATCH) {
      const batch = changes.slice(i, i + BATCH);
      const cases = (value: (c: (typeof batch)[number]) => string | number, type: string) => ({
        sql: `CASE id ${batch.map(() => `WHEN ? THEN CAST(? AS ${type})`).join(' ')} END`,
        bindings: batch.flatMap((c) => [c.id, value(c)]) as Knex.RawBinding[],
      });
      const state = cases((c) => c.next, 'VARCHAR(12)');
      const paid = cases((c) => c.paid, 'BIGINT');
      // a decision keeps its first date when only the paid amount moved
      const decidedSql = `CASE id ${batch.map((c) => (c.next === 'pendiente' ? 'WHEN ? THEN NULL' : c.next === c.state ? 'WHEN ? THEN decided_on' : 'WHEN ? THEN CAST(? AS VARCHAR(10))')).join(' ')} END`;
      const decidedBindings = batch.flatMap((c) => (c.next === 'pendiente' || c.next === c.state ? [c.id] : [c.id, today]));
      await trx.raw(`UPDATE collection_promises SET state = ${state.sql}, paid_amount = ${paid.sql}, decided_on = ${decidedSql}, checked_at = ? WHERE id IN (${batch.map(() => '?').join(', ')})`, [
        ...state.bindings,
        ...paid.bindings,
        ...decidedBindings,
        at,
        ...batch.map((c) => c.id),
      ]);
    }
    const newlyBroken = changes.filter((c) => BROKEN.includes(c.next) && !BROKEN.includes(c.state));
    const kept = changes.filter((c) => c.next === 'cumplido' && c.state !== 'cumplido');
    const reopened = changes.filter((c) => c.state === 'cumplido' && c.next !== 'cumplido');
    const backToPending = changes.filter((c) => c.next === 'pendiente' && c.state !== 'pendiente');
    const ids = (list: Checked[]) => [...new Set(list.flatMap((c) => (c.assignment_id === null ? [] : [c.assignment_id])))];
    let requeued = 0;
    for (const chunk of chunks(ids(newlyBroken), BATCH))
      requeued += await trx('collection_assignments').whereIn('id', chunk).where({ active: true }).whereIn('state', ['compromiso', 'gestionada']).update({ state: 'pendiente', broken_promise: true, updated_at: at });
    for (const chunk of chunks(ids(kept), BATCH)) await trx('collection_assignments').whereIn('id', chunk).where({ state: 'compromiso' }).update({ state: 'gestionada', updated_at: at });
    for (const chunk of chunks(ids(backToPending), BATCH)) await trx('collection_assignments').whereIn('id', chunk).where({ state: 'gestionada' }).update({ state: 'compromiso', updated_at: at });

    const run = {
      trigger,
      business_date: today,
      started_at: startedAt,
      finished_at: nowTimestamp(),
      checked: checked.length,
      kept: kept.length,
      partial: changes.filter((c) => c.next === 'parcial' && c.state !== 'parcial').length,
      broken: changes.filter((c) => c.next === 'incumplido' && c.state !== 'incumplido').length,
      reopened: reopened.length,
      requeued,
    };
    const [row] = await trx('collection_monitor_runs').insert(run).returning('id');
    const runId = Number(typeof row === 'object' ? (row as { id: number }).id : row);
    const shown = changes.slice(0, 500).map((c) => ({ id: c.id, from: c.state, to: c.next, paid: c.paid }));
    await writeAudit(trx, actor, {
      action: 'collections.monitor.run',
      entity: 'collection_monitor_run',
      entityId: runId,
      after: { ...run, changes: shown, moreChanges: Math.max(0, changes.length - shown.length) },
    });
    return toRun({ id: runId, ...run });
  });
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

interface RunDbRow {
  id: number;
  trigger: MonitorTrigger;
  business_date: string;
  started_at: string;
  finished_at: string;
  checked: number;
  kept: number;
  partial: number;
  broken: number;
  reopened: number;
  requeued: number;
}

function toRun(r: RunDbRow): MonitorRun {
  return {
    id: Number(r.id),
    trigger: r.trigger,
    businessDate: r.business_date,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    checked: Number(r.checked),
    kept: Number(r.kept),
    partial: Number(r.partial),
    broken: Number(r.broken),
    reopened: Number(r.reopened),
    requeued: Number(r.requeued),
  };
}

export async function monitorRuns(db: Knex, limit = 20): Promise<MonitorRun[]> {
  return ((await db('collection_monitor_runs').orderBy('id', 'desc').limit(limit)) as RunDbRow[]).map(toRun);
}

/** has the monitor run today with this trigger? (the scheduler's question) */
export async function ranToday(db: Knex, today: string, trigger: MonitorTrigger): Promise<boolean> {
  return Boolean(await db('collection_monitor_runs').where({ business_date: today, trigger }).first('id'));
}

export interface CommitmentFilter {
  state?: PromiseState;
  from?: string;
  to?: string;
  limit: number;
}

/** commitments by their date; a gestor sees their own */
export async function listCommitments(db: Knex, w: Worker, filter: CommitmentFilter): Promise<CommitmentRow[]> {
  const q = inScope(commitmentsQuery(db), w, 'pr.office_id').orderBy([{ column: 'pr.promised_date' }, { column: 'pr.id' }]).limit(filter.limit);
  if (w.role === 'gestor') q.where('pr.gestor_id', w.userId);
  if (filter.state) q.where('pr.state', filter.state);
  if (filter.from) q.where('pr.promised_date', '>=', filter.from);
  if (filter.to) q.where('pr.promised_date', '<=', filter.to);
  return ((await q) as CommitmentDbRow[]).map(toCommitmentRow);
}
