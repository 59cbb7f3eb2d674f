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
import { exactOf } from '../../../../shared/money';
import { exactSum } from '../../db/sums';
import type { SessionDbRow } from './queries';

/** the one exact sum a query answers (ExactAmount text → bigint) */
const first = (rows: { s: string }[]): bigint => exactOf(rows[0]?.s ?? '0');

/**
 * The closing arithmetic of a session for a counted amount (reads only). Every sum is the
 * database's own integer sum, combined as BigInt: exact whatever its size.
 */
export async function closingSummary(db: Knex, session: Pick<SessionDbRow, 'id' | 'opening_float'>, countedCash: number, limit: number): Promise<ClosingSummary> {
  const [cash]: { received: string; change: string }[] = await db('payments').where('session_id', session.id).select(exactSum(db, 'cash_received', 'received'), exactSum(db, 'change_given', 'change'));
  const cashIn = first(await db('cash_movements').where({ session_id: session.id, kind: 'entrada' }).select(exactSum(db, 'amount', 's')));
  const cashOut = first(await db('cash_movements').where({ session_id: session.id, kind: 'salida' }).select(exactSum(db, 'amount', 's')));
  const voidsCashReturned = first(await db('payment_voids').where('session_id', session.id).select(exactSum(db, 'cash_returned', 's')));
  const methods: { method: TenderMethod; n: number | string; amount: string }[] = await db('payment_tenders as pt')
    .join('payments as p', 'p.id', 'pt.payment_id')
    .where('p.session_id', session.id)
    .andWhere('p.status', 'vigente')
    .groupBy('pt.method')
    .select('pt.method', exactSum(db, 'pt.amount', 'amount'))
    .countDistinct({ n: 'p.id' });
  const perMethod: MethodTotal[] = methods.map((m) => ({ method: m.method, count: Number(m.n), amount: exactOf(m.amount).toString() })).sort((a, b) => a.method.localeCompare(b.method));
  const openingFloat = exactOf(String(session.opening_float));
  const cashReceived = exactOf(cash?.received ?? '0');
  const changeGiven = exactOf(cash?.change ?? '0');
  const expectedCash = openingFloat + cashReceived - changeGiven + cashIn - cashOut - voidsCashReturned;
  const difference = BigInt(countedCash) - expectedCash;
  return {
    sessionId: session.id,
    openingFloat: Number(session.opening_float),
    cashReceived: cashReceived.toString(),
    changeGiven: changeGiven.toString(),
    cashIn: cashIn.toString(),
    cashOut: cashOut.toString(),
    voidsCashReturned: voidsCashReturned.toString(),
    expectedCash: expectedCash.toString(),
    countedCash,
    difference: difference.toString(),
    perMethod,
    limit,
    needsApproval: (difference < 0n ? -difference : difference) > BigInt(limit),
  };
}

/** What the drawer should hold now (for a cash out or a void's cash refund), exact. */
export async function expectedCashNow(db: Knex, session: Pick<SessionDbRow, 'id' | 'opening_float'>): Promise<bigint> {
  return exactOf((await closingSummary(db, session, 0, 0)).expectedCash);
}
