/** Cash in / cash out of the drawer (change fund, deposit to the bank, petty cash…) in the open session. */
import type { Knex } from 'knex';
import { retryingTransaction } from '../../db/dialect';
import type { CashMovement, CashMovementKind, CashMovementReason } from '../../../../shared/contract';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { rule } from '../../errors';
import { getCompany } from '../setup/service';
import { expectedCashNow } from './closing';
import { insertedId, lockOpenSessionById, requireOpenSession, type SessionDbRow } from './queries';
import { listMovements } from './receipts';

export interface MovementInput {
  kind: CashMovementKind;
  amount: number;
  reason: CashMovementReason;
  note: string;
}

/** Records a movement in the cashier's open session; a cash out cannot take more than the drawer holds. */
export async function addMovement(db: Knex, actor: Actor & { userId: number }, input: MovementInput): Promise<CashMovement> {
  const { currency } = await getCompany(db);
  if (input.reason === 'otro' && !input.note.trim()) throw rule('Explique el motivo del movimiento en la nota.');
  const { id, sessionId } = await retryingTransaction(db, async (trx) => {
    const session = await requireOpenSession(trx, actor.userId, 'update');
    return { id: await insertMovement(trx, actor, session, input, currency), sessionId: session.id };
  });
  const movement = (await listMovements(db, sessionId)).find((m) => m.id === id);
  if (!movement) throw new Error('movement vanished');
  return movement;
}

/**
 * The movement row and its audit row, inside the caller's transaction (the cashier's own movements,
 * and the petty cash's transfers with the till); a cash out cannot take more than the drawer holds.
 * The session is locked for update first (a close or another cash out waits for this one).
 */
export async function insertMovement(
  trx: Knex.Transaction,
  actor: Actor & { userId: number },
  session: SessionDbRow,
  input: MovementInput,
  currency: CurrencyCode,
): Promise<number> {
  await lockOpenSessionById(trx, session.id);
  if (input.kind === 'salida') {
    const inDrawer = await expectedCashNow(trx, session);
    if (BigInt(input.amount) > inDrawer) {
      throw rule(`No puede sacar ${formatMoney(input.amount, currency)}: en la caja debería haber ${formatMoney(inDrawer, currency)}.`);
    }
  }
  const row = { session_id: session.id, kind: input.kind, amount: input.amount, reason: input.reason, note: input.note.trim(), user_id: actor.userId, created_at: nowTimestamp() };
  const [inserted] = await trx('cash_movements').insert(row).returning('id');
  const movementId = insertedId(inserted);
  await writeAudit(trx, actor, { action: `cashMovement.${input.kind}`, entity: 'cash_movement', entityId: movementId, after: row });
  return movementId;
}
