/**
 * Where a payment at the counter is applied. One transaction: the other charges added now, the
 * allocation over what the account owes (read inside the transaction), the payment with its tenders
 * and allocations, the balances taken down with a guarded UPDATE (never below zero, no lost update
 * when two cashiers pay the same invoice), the overpayment to the account's credit, the receipt
 * number and one audit row. The renderer's idempotency key makes a resend return the first receipt.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { PaymentMethod, Receipt } from '../../../../shared/contract';
import { oldestFirst, type OpenDebt } from '../../../../shared/allocation';
import { todayIn } from '../../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, invalid, notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import { bool, insertedId, isUniqueViolation, openDebtsOf, requireOpenSession } from './queries';
import { BalanceMoved, recordPayment } from './record';
import { buildReceipt } from './receipts';

export interface TenderInput {
  method: PaymentMethod;
  amount: number;
  received?: number;
  reference: string;
  bank: string;
}

export interface PaymentInput {
  idempotencyKey: string;
  accountId: number;
  picked?: { kind: 'invoice' | 'charge'; id: number }[];
  newCharges: { chargeItemId: number; quantity: number }[];
  tenders: TenderInput[];
}

export interface TenderTotals {
  amount: number;
  cashReceived: number;
  change: number;
}

/**
 * Checks the tenders as the cashier typed them and adds them up: cash needs what was received
 * (≥ its amount; the change is the difference) and comes once; cards need the voucher number,
 * transfers the reference, cheques the bank and number. Errors name the field.
 */
export function checkTenders(tenders: readonly TenderInput[]): TenderTotals {
  const fields: Record<string, string> = {};
  let cashCount = 0;
  let amount = 0;
  let cashReceived = 0;
  let change = 0;
  tenders.forEach((t, i) => {
    amount += t.amount;
    if (t.method === 'efectivo') {
      cashCount += 1;
      const received = t.received ?? t.amount;
      if (received < t.amount) fields[`tenders.${i}.received`] = 'El efectivo recibido no alcanza para el valor';
      cashReceived += received;
      change += received - t.amount;
    } else if ((t.method === 'tarjeta_debito' || t.method === 'tarjeta_credito') && !t.reference.trim()) {
      fields[`tenders.${i}.reference`] = 'Escriba el número del voucher de la tarjeta';
    } else if (t.method === 'transferencia' && !t.reference.trim()) {
      fields[`tenders.${i}.reference`] = 'Escriba la referencia de la transferencia';
    } else if (t.method === 'cheque') {
      if (!t.bank.trim()) fields[`tenders.${i}.bank`] = 'Escriba el banco del cheque';
      if (!t.reference.trim()) fields[`tenders.${i}.reference`] = 'Escriba el número del cheque';
    }
  });
  if (cashCount > 1) fields['tenders'] = 'Registre el efectivo en una sola línea';
  const messages = Object.values(fields);
  if (messages.length > 0) throw invalid(messages[0], fields);
  return { amount, cashReceived, change };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 8 characters of Crockford base32 (no I, L, O, U) from a SHA-256 of what the receipt states. */
export function verificationCode(parts: (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('|')).digest();
  let code = '';
  for (let i = 0; i < 8; i++) code += CROCKFORD[digest[i] % 32];
  return code;
}

export function receiptLabel(officeCode: string, receiptNumber: number): string {
  return `${officeCode}-${String(receiptNumber).padStart(6, '0')}`;
}


interface PostContext {
  actor: Actor & { userId: number; officeId: number };
  today: string;
  currency: CurrencyCode;
  totals: TenderTotals;
}

/** Posts a payment at the counter and returns its receipt (or the first one for a repeated key). */
export async function postPayment(db: Knex, actor: Actor & { userId: number; officeId: number }, input: PaymentInput): Promise<Receipt> {
  const totals = checkTenders(input.tenders);
  const company = await getCompany(db);
  const ctx: PostContext = { actor, today: todayIn(company.timeZone), currency: company.currency, totals };
  for (let attempt = 1; ; attempt++) {
    try {
      const paymentId = await retryingTransaction(db, (trx) => postInTransaction(trx, ctx, input));
      return await buildReceipt(db, paymentId, company);
    } catch (error) {
      if (error instanceof BalanceMoved) {
        if (attempt < 4) continue;
        throw conflict('Otra caja acaba de pagar parte de estas facturas: revise los saldos e intente de nuevo.');
      }
      if (isUniqueViolation(error, 'idempotency_key')) {
        // the same key posted at the same moment through another connection: the first one wins
        const first: { id: number; account_id: number } | undefined = await db('payments').where({ idempotency_key: input.idempotencyKey }).first('id', 'account_id');
        if (first) return buildReceipt(db, sameAccount(first, input.accountId), company);
      }
      throw error;
    }
  }
}

function sameAccount(first: { id: number; account_id: number }, accountId: number): number {
  if (first.account_id !== accountId) throw conflict('Esta operación ya se registró para otra cuenta: recargue la pantalla.');
  return first.id;
}

async function postInTransaction(trx: Knex.Transaction, ctx: PostContext, input: PaymentInput): Promise<number> {
  const { actor, today, totals } = ctx;
  const existing: { id: number; account_id: number } | undefined = await trx('payments').where({ idempotency_key: input.idempotencyKey }).first('id', 'account_id');
  if (existing) return sameAccount(existing, input.accountId);

  const session = await requireOpenSession(trx, actor.userId);
  const account: { id: number; number: string; credit_balance: number | string } | undefined = await trx('accounts').where({ id: input.accountId }).first('id', 'number', 'credit_balance');
  if (!account) throw notFound('La cuenta');
  const postedAt = nowTimestamp();

  // other charges added now are debts of the account, paid first
  const added: OpenDebt[] = [];
  for (const line of input.newCharges) {
    const item: { id: number; name: string; amount: number | string; active: number | boolean } | undefined = await trx('charge_items').where({ id: line.chargeItemId }).first();
    if (!item || !bool(item.active)) throw rule('El cobro elegido no existe o está inactivo en la lista de precios.');
    const amount = Number(item.amount) * line.quantity;
    const [row] = await trx('account_charges')
      .insert({
        account_id: account.id,
        charge_item_id: item.id,
        concept: item.name,
        quantity: line.quantity,
        amount,
        balance: amount,
        business_date: today,
        office_id: actor.officeId,
        created_by: actor.userId,
        created_at: postedAt,
      })
      .returning('id');
    added.push({ kind: 'charge', id: insertedId(row), dueDate: today, balance: amount });
  }

  const debts = await openDebtsOf(trx, account.id);
  const openNow = new Set(debts.map((d) => `${d.kind}:${d.id}`));
  if (input.picked) {
    for (const p of input.picked) {
      if (!openNow.has(`${p.kind}:${p.id}`)) throw rule(`${p.kind === 'invoice' ? 'Una factura elegida' : 'Un cobro elegido'} ya no tiene saldo o no es de esta cuenta: recargue la cuenta.`);
    }
  }
  // debts read after the new charges went in, so they are among them; they are paid first
  const isAdded = (d: { kind: string; id: number }) => added.some((a) => a.kind === d.kind && a.id === d.id);
  const rest = input.picked ?? oldestFirst(debts.filter((d) => !isAdded(d)));
  const order = [...added, ...rest.filter((d) => !isAdded(d))].map((d) => ({ kind: d.kind, id: d.id }));

  const receiptNumber = await nextNumber(trx, `receipt:${actor.officeId}`);
  const { paymentId, plan, row } = await recordPayment(trx, {
    officeId: actor.officeId,
    sessionId: session.id,
    accountId: account.id,
    receiptNumber,
    idempotencyKey: input.idempotencyKey,
    source: 'caja',
    businessDate: today,
    postedAt,
    cashierId: actor.userId,
    amount: totals.amount,
    cashReceived: totals.cashReceived,
    change: totals.change,
    verificationCode: verificationCode([actor.officeId, receiptNumber, account.number, totals.amount, postedAt, input.idempotencyKey]),
    bankFileId: null,
    tenders: input.tenders,
    debts,
    order,
  });
  await writeAudit(trx, actor, {
    action: 'payment.post',
    entity: 'payment',
    entityId: paymentId,
    after: {
      ...row,
      text: `Pago de ${formatMoney(totals.amount, ctx.currency)} a la cuenta ${account.number}`,
      tenders: input.tenders,
      allocations: plan.allocations,
      newCharges: added.map((c) => ({ id: c.id, amount: c.balance })),
    },
  });
  return paymentId;
}
