/**
 * The terms of an agreement, checked against the policy and the law and turned into its schedule:
 * the simulation the screens show and the checks `create` repeats inside its transaction. Every
 * refusal says why in Spanish; nothing here writes.
 */
import type { Knex } from 'knex';
import type { AgreementPolicy, Simulation, SimulatedDebt } from '../../../../shared/contract';
import { buildSchedule, downPaymentFor } from '../../../../shared/agreementSchedule';
import { isBusinessDay } from '../../../../shared/business-days';
import { addDays, addMonths, formatDate } from '../../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { conflict, invalid, notFound, rule } from '../../errors';
import { loadBusinessCalendar, officeAddBusinessDays } from '../calendar/service';
import { getAgreementPolicy, usuryRateOn } from './policy';

export interface AgreementTerms {
  accountId: number;
  debts: { kind: 'invoice' | 'charge'; id: number }[];
  downPaymentBp?: number;
  downPaymentAmount?: number;
  installments: number;
  firstDueDate: string;
  dayOfMonth: number;
  annualRateBp?: number;
}

/** the open PQR types that dispute an invoice (Ley 142 art. 154–155) */
const DISPUTES = ['reclamo', 'recurso_reposicion', 'reposicion_apelacion'];
const LIVE_STATES = ['pendiente', 'activo'];

const percent = (bp: number) => `${(bp / 100).toLocaleString('es-CO', { maximumFractionDigits: 2 })} %`;

export interface AccountRow {
  id: number;
  number: string;
  holder_name: string;
  use: string;
  estrato: number | null;
  status: string;
}

/** the policy's minimum down payment for the account's use and estrato, in basis points */
export function minDownPaymentBp(policy: AgreementPolicy, account: Pick<AccountRow, 'use' | 'estrato'>): number {
  if (account.use !== 'residencial') return policy.minDownPaymentBpOther;
  const estrato = Math.min(6, Math.max(1, account.estrato ?? 1));
  return policy.minDownPaymentBpByEstrato[estrato - 1];
}

/** the policy's rate for the account's use */
export function policyRateBp(policy: AgreementPolicy, account: Pick<AccountRow, 'use'>): number {
  return account.use === 'residencial' ? policy.rateBpResidential : policy.rateBpOther;
}

/** the included debts as they are now; a debt not open or not of the account is refused */
async function includedDebts(db: Knex, accountId: number, refs: AgreementTerms['debts']): Promise<SimulatedDebt[]> {
  const seen = new Set<string>();
  const out: SimulatedDebt[] = [];
  for (const ref of refs) {
    const key = `${ref.kind}:${ref.id}`;
    if (seen.has(key)) throw invalid('Una factura o cobro está repetido en la lista.', { debts: 'Repetido' });
    seen.add(key);
    if (ref.kind === 'invoice') {
      const row: { id: number; number: string; due_date: string; balance: number | string } | undefined = await db('invoices').where({ id: ref.id, account_id: accountId }).andWhere('balance', '>', 0).first('id', 'number', 'due_date', 'balance');
      if (!row) throw rule('Una factura elegida ya no tiene saldo o no es de esta cuenta: recargue la cuenta.');
      out.push({ kind: 'invoice', id: row.id, label: `Factura ${row.number}`, dueDate: row.due_date, balance: Number(row.balance), underReclamo: false });
    } else {
      const row: { id: number; concept: string; due_date: string | null; business_date: string; balance: number | string; agreement_part: string | null } | undefined = await db('account_charges')
        .where({ id: ref.id, account_id: accountId })
        .andWhere('balance', '>', 0)
        .first('id', 'concept', 'due_date', 'business_date', 'balance', 'agreement_part');
      if (!row) throw rule('Un cobro elegido ya no tiene saldo o no es de esta cuenta: recargue la cuenta.');
      if (row.agreement_part === 'inicial' || row.agreement_part === 'cuota') throw rule(`«${row.concept}» es parte de otro acuerdo y no se puede financiar.`);
      out.push({ kind: 'charge', id: row.id, label: row.concept, dueDate: row.due_date ?? row.business_date, balance: Number(row.balance), underReclamo: false });
    }
  }
  const disputed = await disputedInvoices(db, out.filter((d) => d.kind === 'invoice').map((d) => d.id));
  for (const d of out) if (d.kind === 'invoice' && disputed.has(d.id)) d.underReclamo = true;
  return out;
}

/** of these invoices, the ones under an open reclamo or recurso */
export async function disputedInvoices(db: Knex, invoiceIds: number[]): Promise<Set<number>> {
  if (invoiceIds.length === 0) return new Set();
  return new Set(((await db('pqrs').whereIn('invoice_id', invoiceIds).whereIn('type', DISPUTES).whereNotIn('state', ['cerrada', 'anulada']).pluck('invoice_id')) as (number | string)[]).map(Number));
}

/** the date itself when it is a business day of the office, otherwise the next one */
export async function nextBusinessDay(db: Knex, officeId: number, date: string): Promise<string> {
  const calendar = await loadBusinessCalendar(db, officeId, date, addDays(date, 40));
  let d = date;
  while (!isBusinessDay(calendar, d)) d = addDays(d, 1);
  return d;
}

/**
 * The simulation of `terms` for an account, on `today`, for an agreement signed at `officeId`. Refuses
 * (Spanish, nothing written) what the policy or the law does not allow.
 */
export async function simulate(db: Knex, officeId: number, terms: AgreementTerms, today: string, currency: CurrencyCode): Promise<Simulation & { account: AccountRow; policy: AgreementPolicy }> {
  const money = (n: number) => formatMoney(n, currency);
  const account: AccountRow | undefined = await db('accounts').where({ id: terms.accountId }).first('id', 'number', 'holder_name', 'use', 'estrato', 'status');
  if (!account) throw notFound('La cuenta');
  const policy = await getAgreementPolicy(db);
  const warnings: string[] = [];

  // eligibility: one live agreement per account, no recent broken one, an allowed status
  const live: { number: string; state: string } | undefined = await db('payment_agreements').where({ account_id: account.id }).whereIn('state', LIVE_STATES).first('number', 'state');
  if (live) throw conflict(`La cuenta ${account.number} ya tiene el acuerdo ${live.number} ${live.state === 'activo' ? 'activo' : 'esperando su cuota inicial'}: no puede tener dos.`);
  if (policy.brokenLookbackMonths > 0) {
    const since = addMonths(today, -policy.brokenLookbackMonths);
    const broken: { number: string; ended_on: string } | undefined = await db('payment_agreements').where({ account_id: account.id, state: 'incumplido' }).andWhere('ended_on', '>=', since).first('number', 'ended_on');
    if (broken) throw rule(`La cuenta incumplió el acuerdo ${broken.number} el ${formatDate(broken.ended_on)}: la política no permite otro acuerdo hasta ${policy.brokenLookbackMonths} meses después.`);
  }
  if (!(policy.allowedStatuses as string[]).includes(account.status)) throw rule(`La política no permite acuerdos para cuentas en estado «${account.status}».`);

  const debts = await includedDebts(db, account.id, terms.debts);
  const debtTotal = debts.reduce((s, d) => s + d.balance, 0);
  for (const d of debts) if (d.underReclamo) warnings.push(`La ${d.label.toLowerCase()} tiene un reclamo abierto: solo se incluye con el consentimiento expreso del cliente.`);
  if (policy.maxAmount > 0 && debtTotal > policy.maxAmount) throw rule(`La deuda a financiar (${money(debtTotal)}) pasa del máximo de la política (${money(policy.maxAmount)}).`);

  // the down payment: a percentage or an amount, never below the policy's minimum
  if ((terms.downPaymentBp === undefined) === (terms.downPaymentAmount === undefined)) {
    throw invalid('Indique la cuota inicial como porcentaje o como valor (uno de los dos).', { downPaymentAmount: 'Porcentaje o valor' });
  }
  const minBp = minDownPaymentBp(policy, account);
  const minDownPayment = downPaymentFor(debtTotal, minBp);
  const downPayment = terms.downPaymentAmount ?? downPaymentFor(debtTotal, terms.downPaymentBp ?? 0);
  const who = account.use === 'residencial' ? `uso residencial, estrato ${account.estrato ?? 1}` : `uso ${account.use}`;
  if (downPayment < minDownPayment) {
    const message = `La cuota inicial de ${money(downPayment)} es menor que la mínima de la política: ${money(minDownPayment)} (${percent(minBp)} de ${money(debtTotal)}, ${who}).`;
    throw invalid(message, { downPaymentAmount: message });
  }
  if (downPayment >= debtTotal) throw invalid('La cuota inicial cubre toda la deuda: no hay nada que financiar (cobre la deuda en caja).', { downPaymentAmount: 'Menor que la deuda' });
  if (terms.installments > policy.maxInstallments) {
    const message = `La política permite hasta ${policy.maxInstallments} cuotas; pidió ${terms.installments}.`;
    throw invalid(message, { installments: message });
  }

  // the rate: the policy's for the use (or the one asked for), never above the usury rate in force
  const annualRateBp = terms.annualRateBp ?? policyRateBp(policy, account);
  const usury = await usuryRateOn(db, today);
  if (annualRateBp > 0 && !usury) throw rule(`No hay tasa de usura registrada para el ${formatDate(today)}: el administrador debe registrarla antes de cobrar intereses de financiación.`);
  if (usury && annualRateBp > usury.annualRateBp) {
    const message = `La tasa de ${percent(annualRateBp)} E.A. supera la tasa de usura vigente (${percent(usury.annualRateBp)} E.A., ${usury.source}).`;
    throw invalid(message, { annualRateBp: message });
  }

  // the first due date: not in the past; a non-business day moves to the next business day (shown)
  if (terms.firstDueDate <= today) {
    const message = `La primera cuota debe vencer después de hoy (${formatDate(today)}).`;
    throw invalid(message, { firstDueDate: message });
  }
  const firstDueDate = await nextBusinessDay(db, officeId, terms.firstDueDate);
  if (firstDueDate !== terms.firstDueDate) warnings.push(`El ${formatDate(terms.firstDueDate)} no es día hábil: la primera cuota vence el ${formatDate(firstDueDate)}.`);
  const lastMonth = addMonths(firstDueDate, terms.installments + 1);
  const calendar = await loadBusinessCalendar(db, officeId, firstDueDate, addDays(lastMonth, 40));
  const toBusinessDay = (d: string) => {
    let x = d;
    while (!isBusinessDay(calendar, x)) x = addDays(x, 1);
    return x;
  };
  const schedule = buildSchedule({ principal: debtTotal - downPayment, annualRateBp, installments: terms.installments, firstDueDate, dayOfMonth: terms.dayOfMonth, toBusinessDay });
  const smallest = Math.min(...schedule.lines.map((l) => l.total));
  if (smallest < policy.minInstallment) {
    const message = `Con ${terms.installments} cuotas, una cuota sería de ${money(smallest)}, menos que la mínima de la política (${money(policy.minInstallment)}): use menos cuotas.`;
    throw invalid(message, { installments: message });
  }
  const downPaymentDeadline = await officeAddBusinessDays(db, officeId, today, policy.downPaymentDays);
  return {
    account,
    policy,
    accountId: account.id,
    accountNumber: account.number,
    debts,
    debtTotal,
    downPayment,
    minDownPayment,
    financed: debtTotal - downPayment,
    annualRateBp,
    usuryRateBp: usury?.annualRateBp ?? null,
    installments: terms.installments,
    firstDueDate,
    lines: schedule.lines.map((l) => ({ ...l, balance: null })),
    totalInterest: schedule.totalInterest,
    total: schedule.total,
    downPaymentDeadline,
    needsApproval: debtTotal > policy.approvalAboveAmount || terms.installments > policy.approvalAboveInstallments,
    warnings,
  };
}
