/**
 * Where a payment at the counter is applied. One transaction: the other charges added now, the
 * allocation over what the account owes (read inside the transaction), the payment with its tenders
 * and allocations, the balances taken down with a guarded UPDATE (never below zero, no lost update
 * when two cashiers pay the same invoice), the overpayment to the account's credit, the receipt
 * number and one audit row.
 *
 * Limits: cards, transfers and cheques give no change and leave no credit, so together they never
 * pass what is being paid (the debts picked, or everything the account owes, plus the charges added
 * now); a receipt never passes the settings' maximum; card, transfer and cheque tenders above the
 * settings' threshold need a coordinator on the spot.
 *
 * The renderer's idempotency key (scoped to the office) makes a resend of the same request return
 * the first receipt; the same key with other data is a conflict.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Company, PaymentMethod, Receipt, Settings } from '../../../../shared/contract';
import { defaultOrder } from '../../../../shared/allocation';
import { todayIn } from '../../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { runPaymentPosted } from './paymentEffects';
import { writeAudit, type Actor } from '../../db/audit';
import { AppError, conflict, connectionLost, invalid, isConnectionLost, notFound, rule } from '../../errors';
import { approveOnTheSpot, type ApprovalCredentials, type Approver } from '../approvals/onTheSpot';
import { getSettings } from '../settings/service';
import { getCompany } from '../setup/service';
import { accountRow, accountWithDebts, bool, heldByAgreement, insertedId, isUniqueViolation, openDebtsOf, NO_OPEN_SESSION, openSessionForPayment, paymentWithKey, requireOpenSession, type KeyedPayment, type PayingDebt } from './queries';
import { BalanceMoved, recordPayment } from './record';
import { buildReceipt, receiptOfPosted, type PostedReceiptParts } from './receipts';

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
  approval?: ApprovalCredentials;
}

export interface TenderTotals {
  amount: number;
  cashReceived: number;
  change: number;
  /** cards, transfers and cheques together */
  nonCash: number;
}

const NON_CASH_NAMES: Record<Exclude<PaymentMethod, 'efectivo'>, string> = {
  tarjeta_debito: 'La tarjeta débito',
  tarjeta_credito: 'La tarjeta crédito',
  transferencia: 'La transferencia',
  cheque: 'El cheque',
};

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
  let nonCash = 0;
  tenders.forEach((t, i) => {
    amount += t.amount;
    if (t.method !== 'efectivo') nonCash += t.amount;
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
  return { amount, cashReceived, change, nonCash };
}

/** The tender that makes the cards, transfers and cheques pass `payable`, as a field path. */
function crossingTender(tenders: readonly TenderInput[], payable: number): string {
  let running = 0;
  for (const [i, t] of tenders.entries()) {
    if (t.method === 'efectivo') continue;
    running += t.amount;
    if (running > payable) return `tenders.${i}.amount`;
  }
  return 'tenders';
}

/**
 * Cards, transfers and cheques give no change and leave no credit: together they cannot pass what
 * is being paid (`payable`: the debts this payment may pay). Refused in Spanish, on the field.
 */
export function checkNonCashCap(tenders: readonly TenderInput[], totals: TenderTotals, payable: number, currency: CurrencyCode): void {
  if (totals.nonCash <= payable) return;
  const nonCash = tenders.filter((t) => t.method !== 'efectivo');
  const what =
    nonCash.length === 1 && nonCash[0].method !== 'efectivo'
      ? `${NON_CASH_NAMES[nonCash[0].method]} (${formatMoney(totals.nonCash, currency)}) pasa`
      : `Las tarjetas, transferencias y cheques (${formatMoney(totals.nonCash, currency)}) pasan`;
  const message = `${what} de lo que se paga (${formatMoney(payable, currency)}): con tarjeta, transferencia o cheque no hay cambio ni saldo a favor. Corrija el valor o reciba el resto en efectivo.`;
  throw invalid(message, { [crossingTender(tenders, payable)]: message });
}

/** The settings' maximum per receipt (every method together). */
export function checkReceiptMaximum(totals: TenderTotals, settings: Pick<Settings, 'maxReceiptAmount'>, currency: CurrencyCode): void {
  if (totals.amount <= settings.maxReceiptAmount) return;
  const message = `El pago de ${formatMoney(totals.amount, currency)} pasa del máximo por recibo (${formatMoney(settings.maxReceiptAmount, currency)}, en Ajustes).`;
  throw invalid(message, { tenders: message });
}

/** True when the cards, transfers and cheques pass the settings' threshold (a coordinator approves). */
export function nonCashNeedsApproval(totals: TenderTotals, settings: Pick<Settings, 'nonCashApprovalThreshold'>): boolean {
  return totals.nonCash > settings.nonCashApprovalThreshold;
}

/**
 * What identifies a request, for its idempotency key: the account, the debts picked, the charges
 * added and the tenders as they would be written (the approval is not part of it).
 */
export function requestFingerprint(input: PaymentInput): string {
  const canonical = {
    accountId: input.accountId,
    picked: input.picked?.map((p) => [p.kind, p.id]) ?? null,
    newCharges: input.newCharges.map((c) => [c.chargeItemId, c.quantity]),
    tenders: input.tenders.map((t) => [t.method, t.amount, t.method === 'efectivo' ? (t.received ?? t.amount) : 0, t.reference.trim(), t.bank.trim()]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
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
  company: Company;
  today: string;
  currency: CurrencyCode;
  totals: TenderTotals;
  fingerprint: string;
  approver: Approver | null;
}

/**
 * A key already used: the same request gets the first payment back; other data (another account,
 * amount, method, reference, debts or charges) is a conflict that names the receipt.
 */
async function sameRequest(db: Knex, first: KeyedPayment, input: PaymentInput, fingerprint: string, officeId: number): Promise<number> {
  const same = first.request_hash === null ? first.account_id === input.accountId : first.request_hash === fingerprint;
  if (same) return first.id;
  const office: { code: string } | undefined = await db('offices').where({ id: officeId }).first('code');
  const label = first.receipt_number === null ? 'un pago' : `el recibo ${receiptLabel(office?.code ?? '', first.receipt_number)}`;
  throw conflict(`Esta operación ya se registró como ${label} con otros datos (cuenta, valores o medios de pago): consulte ese recibo antes de cobrar de nuevo.`);
}

/** How long a payment waits for the database server before each retry after a lost connection (a restart takes ~1–2 s). */
const RECONNECTION_WAITS_MS = [200, 500, 1000];
export const PAYMENT_CONNECTION_LOST =
  'Se perdió la conexión con el servidor de la base de datos mientras se registraba el pago. Espere unos segundos y confirme de nuevo: si el pago alcanzó a registrarse se mostrará el mismo recibo, sin cobrarlo dos veces.';

/**
 * Posts a payment at the counter and returns its receipt (or the first one for a repeated request).
 * When the connection to the database is lost (the PostgreSQL server restarts, the network cuts it),
 * maybe during the COMMIT, the whole request is tried again after a wait: the idempotency key makes
 * that safe (a payment that reached the server is found by it and answered with its receipt). If the
 * server is still away, a Spanish refusal says to confirm again; the renderer keeps the key for that.
 */
export async function postPayment(db: Knex, actor: Actor & { userId: number; officeId: number }, input: PaymentInput): Promise<Receipt> {
  for (let reconnection = 0; ; reconnection++) {
    try {
      return await postPaymentOnce(db, actor, input);
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
      if (reconnection >= RECONNECTION_WAITS_MS.length) throw connectionLost(PAYMENT_CONNECTION_LOST);
      await new Promise((resolve) => setTimeout(resolve, RECONNECTION_WAITS_MS[reconnection]));
    }
  }
}

async function postPaymentOnce(db: Knex, actor: Actor & { userId: number; officeId: number }, input: PaymentInput): Promise<Receipt> {
  const totals = checkTenders(input.tenders);
  const company = await getCompany(db);
  const fingerprint = requestFingerprint(input);
  // a resend is found by its key inside the transaction (no read of its own before it); the checks
  // made before the transaction (the maximum, the coordinator) look for it first, so that a resend is
  // answered with its receipt even when they would refuse it now, and never asks the coordinator again
  const firstReceipt = async (): Promise<Receipt | null> => {
    const first = await paymentWithKey(db, actor.officeId, input.idempotencyKey);
    return first ? buildReceipt(db, await sameRequest(db, first, input, fingerprint, actor.officeId), company) : null;
  };
  const settings = await getSettings(db);
  const needsApproval = nonCashNeedsApproval(totals, settings);
  try {
    checkReceiptMaximum(totals, settings, company.currency);
  } catch (error) {
    const resent = await firstReceipt();
    if (resent) return resent;
    throw error;
  }
  let approver: Approver | null = null;
  if (needsApproval) {
    const resent = await firstReceipt();
    if (resent) return resent;
    const threshold = formatMoney(settings.nonCashApprovalThreshold, company.currency);
    const message = `Las tarjetas, transferencias y cheques de este pago suman ${formatMoney(totals.nonCash, company.currency)}: por encima de ${threshold} un coordinador debe autorizarlo.`;
    if (!input.approval) throw new AppError('RULE', message, { approval: message });
    const session = await requireOpenSession(db, actor.userId);
    approver = await approveOnTheSpot(db, input.approval, { act: 'payment.nonCashAboveThreshold', target: input.idempotencyKey, requester: actor, tillId: session.till_id });
  }
  const ctx: PostContext = { actor, company, today: todayIn(company.timeZone), currency: company.currency, totals, fingerprint, approver };
  for (let attempt = 1; ; attempt++) {
    try {
      const posted = await retryingTransaction(db, (trx) => postInTransaction(trx, ctx, input));
      // a new payment's receipt is what its transaction already has; a resend's is read back
      return typeof posted === 'number' ? await buildReceipt(db, posted, company) : receiptOfPosted(posted);
    } catch (error) {
      if (error instanceof BalanceMoved) {
        if (attempt < 4) continue;
        throw conflict('Otra caja acaba de pagar parte de estas facturas: revise los saldos e intente de nuevo.');
      }
      if (isUniqueViolation(error, 'idempotency_key')) {
        // the same key posted at the same moment through another connection: the first one wins
        const resent = await firstReceipt();
        if (resent) return resent;
      }
      throw error;
    }
  }
}

/** The payment posted now, as its receipt's parts; or the id of the payment a resend of the same request posted before. */
async function postInTransaction(trx: Knex.Transaction, ctx: PostContext, input: PaymentInput): Promise<PostedReceiptParts | number> {
  const { actor, today, totals } = ctx;
  // shared: several payments of this till may post at once; a close waits for them (and they for it)
  // (with the till, cashier and office names its receipt prints, and the payment already posted with the key)
  const { session, keyed } = await openSessionForPayment(trx, actor.userId, actor.officeId, input.idempotencyKey);
  if (keyed) return sameRequest(trx, keyed, input, ctx.fingerprint, actor.officeId);
  if (!session) throw rule(NO_OPEN_SESSION);
  // without other charges added now, the account and what it owes come in one read
  const read = input.newCharges.length === 0 ? await accountWithDebts(trx, input.accountId) : null;
  const account = read ? read.account : await accountRow(trx, input.accountId);
  if (!account) throw notFound('La cuenta');
  const postedAt = nowTimestamp();

  // other charges added now are debts of the account, paid first
  const added: PayingDebt[] = [];
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
    added.push({ kind: 'charge', id: insertedId(row), dueDate: today, balance: amount, number: null, period: null, concept: item.name });
  }

  const debts = read ? read.debts : await openDebtsOf(trx, account.id);
  const openNow = new Set(debts.map((d) => `${d.kind}:${d.id}`));
  if (input.picked) {
    for (const p of input.picked) {
      if (!openNow.has(`${p.kind}:${p.id}`)) throw rule(`${p.kind === 'invoice' ? 'Una factura elegida' : 'Un cobro elegido'} ya no tiene saldo o no es de esta cuenta: recargue la cuenta.`);
    }
  }
  // debts read after the new charges went in, so they are among them; they are paid first
  const isAdded = (d: { kind: string; id: number }) => added.some((a) => a.kind === d.kind && a.id === d.id);
  // nothing picked: the till's rule (defaultOrder), the debts held by a waiting agreement left out
  // (the held debts are read only when the account's first read saw a waiting agreement: no round trip otherwise)
  const held = input.picked || (read && !read.waitingAgreement) ? null : await heldByAgreement(trx, account.id);
  const rest = input.picked ?? defaultOrder(debts.filter((d) => !isAdded(d)), held?.debts ?? []);
  const order = [...added, ...rest.filter((d) => !isAdded(d))].map((d) => ({ kind: d.kind, id: d.id }));
  // what this payment may pay: the debts in its order, at their balance now
  const payable = order.reduce((sum, o) => sum + (debts.find((d) => d.kind === o.kind && d.id === o.id)?.balance ?? 0), 0);
  checkNonCashCap(input.tenders, totals, payable, ctx.currency);

  const receiptNumber = await nextNumber(trx, `receipt:${actor.officeId}`);
  const verification = verificationCode([actor.officeId, receiptNumber, account.number, totals.amount, postedAt, input.idempotencyKey]);
  const { paymentId, plan, row, balanceAfter, balancesAfter, tenders, suspensionPending } = await recordPayment(trx, {
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
    verificationCode: verification,
    bankFileId: null,
    tenders: input.tenders,
    debts,
    order,
    requestHash: ctx.fingerprint,
    approvedBy: ctx.approver?.id ?? null,
  });
  // the effects first: what they do (a reconnection ordered, suspensions cancelled) goes into this
  // payment's own audit row instead of a row of their own
  const notes: Record<string, unknown> = {};
  const receiptNotes: { reconnection?: { number: string; dueAt: string } } = {};
  await runPaymentPosted(trx, {
    posted: { kind: 'one', paymentId, source: 'caja', paidCharge: plan.allocations.some((a) => a.kind === 'charge'), mayReconnect: read ? read.mayReconnect || suspensionPending : undefined },
    businessDate: today,
    postedAt,
    actor,
    auditNotes: notes,
    receiptNotes,
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
      ...(ctx.approver ? { approvedBy: ctx.approver.username } : {}),
      ...notes,
    },
  });
  const debtOf = (kind: string, id: number) => debts.find((d) => d.kind === kind && d.id === id);
  return {
    paymentId,
    receiptNumber,
    company: ctx.company,
    session,
    account: { id: account.id, number: account.number, holder_name: account.holder_name, address: account.address },
    postedAt,
    lines: plan.allocations.map((a, i) => {
      const debt = debtOf(a.kind, a.id);
      return { kind: a.kind, id: a.id, amount: a.amount, balanceAfter: balancesAfter[i], number: debt?.number ?? null, period: debt?.period ?? null, concept: debt?.concept ?? null };
    }),
    tenders,
    amount: totals.amount,
    cashReceived: totals.cashReceived,
    change: totals.change,
    creditAdded: plan.credit,
    balanceAfter,
    verificationCode: verification,
    reconnection: receiptNotes.reconnection ?? null,
  };
}
