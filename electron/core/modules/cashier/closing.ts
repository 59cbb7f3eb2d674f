/**
 * The closing arithmetic of a cash session (arqueo), on screen before closing, on the closing report
 * and for the cash-out limit:
 *   expected = opening float + cash handed over by customers − change given + cash in − cash out
 *              − cash handed back for voids posted in this session.
 * Payments voided later still count their cash here (the cash came in); a void's return counts in
 * the session where it was posted. Per-method totals count live payments only.
 */
import type { Knex } from 'knex';
import type { ClosingSummary, MethodTotal, TenderMethod } from '../../../../shared/contract';
import type { SessionDbRow } from './queries';

interface Sums {
  s: number | string | null;
}
const sumOf = (rows: Sums[]): number => Number(rows[0]?.s ?? 0);

/** The closing arithmetic of a session for a counted amount (reads only). */
export async function closingSummary(db: Knex, session: Pick<SessionDbRow, 'id' | 'opening_float'>, countedCash: number, limit: number): Promise<ClosingSummary> {
  const cash: { received: number | string | null; change: number | string | null }[] = await db('payments')
    .where('session_id', session.id)
    .sum({ received: 'cash_received', change: 'change_given' });
  const cashIn = sumOf(await db('cash_movements').where({ session_id: session.id, kind: 'entrada' }).sum({ s: 'amount' }));
  const cashOut = sumOf(await db('cash_movements').where({ session_id: session.id, kind: 'salida' }).sum({ s: 'amount' }));
  const voidsCashReturned = sumOf(await db('payment_voids').where('session_id', session.id).sum({ s: 'cash_returned' }));
  const methods: { method: TenderMethod; n: number | string; amount: number | string }[] = await db('payment_tenders as pt')
    .join('payments as p', 'p.id', 'pt.payment_id')
    .where('p.session_id', session.id)
    .andWhere('p.status', 'vigente')
    .groupBy('pt.method')
    .select('pt.method')
    .countDistinct({ n: 'p.id' })
    .sum({ amount: 'pt.amount' });
  const perMethod: MethodTotal[] = methods.map((m) => ({ method: m.method, count: Number(m.n), amount: Number(m.amount) })).sort((a, b) => a.method.localeCompare(b.method));
  const openingFloat = Number(session.opening_float);
  const cashReceived = Number(cash[0]?.received ?? 0);
  const changeGiven = Number(cash[0]?.change ?? 0);
  const expectedCash = openingFloat + cashReceived - changeGiven + cashIn - cashOut - voidsCashReturned;
  const difference = countedCash - expectedCash;
  return {
    sessionId: session.id,
    openingFloat,
    cashReceived,
    changeGiven,
    cashIn,
    cashOut,
    voidsCashReturned,
    expectedCash,
    countedCash,
    difference,
    perMethod,
    limit,
    needsApproval: Math.abs(difference) > limit,
  };
}

/** What the drawer should hold now (for a cash-out limit). */
export async function expectedCashNow(db: Knex, session: Pick<SessionDbRow, 'id' | 'opening_float'>): Promise<number> {
  return (await closingSummary(db, session, 0, 0)).expectedCash;
}

