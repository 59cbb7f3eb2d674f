/** Reads of agreements: the detail (with its schedule and what is owed on it), an account's, the report. */
import type { Knex } from 'knex';
import type { AgreementDetail, AgreementEvent, AgreementReport, AgreementRow, AgreementState, SimulatedDebt } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { notFound } from '../../errors';
import { inScope, type OfficeScope } from '../../officeScope';

export interface AgreementDbRow {
  id: number;
  office_id: number;
  account_id: number;
  number: string;
  state: AgreementState;
  health: 'al_dia' | 'en_mora';
  channel: 'presencial' | 'telefono';
  signer_name: string;
  signer_id_number: string;
  signer_relation: 'titular' | 'propietario' | 'arrendatario';
  authorisation: string;
  reclamo_consent: string;
  debt_total: number | string;
  down_payment: number | string;
  financed: number | string;
  annual_rate_bp: number;
  usury_rate_bp: number;
  installments: number;
  first_due_date: string;
  day_of_month: number;
  total_interest: number | string;
  down_payment_deadline: string;
  down_payment_charge_id: number | null;
  approved_by: number | null;
  business_date: string;
  activated_on: string | null;
  activated_by_payment_id: number | null;
  ended_on: string | null;
  end_reason: string;
}

/** the agreement row when it exists and is of an office in the scope; otherwise NOT_FOUND */
export async function agreementRow(db: Knex, agreementId: number, scope: OfficeScope = null): Promise<AgreementDbRow> {
  const row: AgreementDbRow | undefined = await db('payment_agreements').where({ id: agreementId }).first();
  if (!row || !inScope(scope, row.office_id)) throw notFound('El acuerdo de pago');
  return row;
}

export async function agreementDetail(db: Knex, agreementId: number, scope: OfficeScope = null): Promise<AgreementDetail> {
  const a = await agreementRow(db, agreementId, scope);
  const account: { number: string; holder_name: string } = await db('accounts').where({ id: a.account_id }).first('number', 'holder_name');
  const debtRows: { invoice_id: number | null; charge_id: number | null; amount: number | string; inv_number: string | null; inv_due: string | null; concept: string | null; ch_due: string | null }[] = await db('payment_agreement_debts as d')
    .leftJoin('invoices as i', 'i.id', 'd.invoice_id')
    .leftJoin('account_charges as c', 'c.id', 'd.charge_id')
    .where('d.agreement_id', a.id)
    .orderBy('d.id')
    .select('d.invoice_id', 'd.charge_id', 'd.amount', 'i.number as inv_number', 'i.due_date as inv_due', 'c.concept', db.raw('COALESCE(c.due_date, c.business_date) AS ch_due'));
  const debts: SimulatedDebt[] = debtRows.map((r) =>
    r.invoice_id !== null
      ? { kind: 'invoice', id: Number(r.invoice_id), label: `Factura ${r.inv_number ?? ''}`, dueDate: r.inv_due ?? '', balance: Number(r.amount), underReclamo: false }
      : { kind: 'charge', id: Number(r.charge_id), label: r.concept ?? '', dueDate: r.ch_due ?? '', balance: Number(r.amount), underReclamo: false },
  );
  const lines: { number: number; due_date: string; principal: number | string; interest: number | string; total: number | string; balance: number | string | null }[] = await db('payment_agreement_installments as p')
    .leftJoin('account_charges as c', 'c.id', 'p.charge_id')
    .where('p.agreement_id', a.id)
    .orderBy('p.number')
    .select('p.number', 'p.due_date', 'p.principal', 'p.interest', 'p.total', 'c.balance');
  let left = Number(a.financed);
  const down: { balance: number | string } | undefined = a.down_payment_charge_id ? await db('account_charges').where({ id: a.down_payment_charge_id }).first('balance') : undefined;
  const approver: { full_name: string } | undefined = a.approved_by ? await db('users').where({ id: a.approved_by }).first('full_name') : undefined;
  const mailed: { id: number; radicado: string } | undefined = await db('payment_agreements as g')
    .join('correspondence as c', 'c.id', 'g.correspondence_id')
    .join('radicados as r', 'r.id', 'c.radicado_id')
    .where('g.id', a.id)
    .first('c.id', 'r.number as radicado');
  const { history, creditReturned } = await agreementHistory(db, a.id);
  return {
    id: a.id,
    number: a.number,
    officeId: Number(a.office_id),
    state: a.state,
    health: a.health,
    channel: a.channel,
    accountId: Number(a.account_id),
    accountNumber: account.number,
    holderName: account.holder_name,
    signerName: a.signer_name,
    signerIdNumber: a.signer_id_number,
    signerRelation: a.signer_relation,
    authorisation: a.authorisation,
    reclamoConsent: a.reclamo_consent,
    approvedBy: approver?.full_name ?? null,
    businessDate: a.business_date,
    debts,
    debtTotal: Number(a.debt_total),
    downPayment: Number(a.down_payment),
    downPaymentChargeId: a.down_payment_charge_id,
    downPaymentBalance: Number(down?.balance ?? 0),
    downPaymentDeadline: a.down_payment_deadline,
    financed: Number(a.financed),
    annualRateBp: Number(a.annual_rate_bp),
    usuryRateBp: Number(a.usury_rate_bp) || null,
    installments: Number(a.installments),
    firstDueDate: a.first_due_date,
    lines: lines.map((l) => {
      left -= Number(l.principal);
      return { number: Number(l.number), dueDate: l.due_date, principal: Number(l.principal), interest: Number(l.interest), total: Number(l.total), balanceAfter: left, balance: l.balance === null ? null : Number(l.balance) };
    }),
    totalInterest: Number(a.total_interest),
    total: Number(a.financed) + Number(a.total_interest),
    activatedOn: a.activated_on,
    endedOn: a.ended_on,
    endReason: a.end_reason,
    warnings: [],
    correspondence: mailed ? { id: Number(mailed.id), radicado: mailed.radicado } : null,
    creditReturned,
    history,
  };
}

/** what each audited act of an agreement says on its page */
function eventText(action: string, after: Record<string, unknown>): string {
  const money = (n: unknown) => formatMoney(Number(n ?? 0));
  switch (action) {
    case 'agreement.create':
      return 'Acuerdo firmado: espera su cuota inicial';
    case 'agreement.activate':
      return 'Cuota inicial pagada: acuerdo activo, las deudas incluidas pasan al acuerdo';
    case 'agreement.deactivate':
      return 'Anulado el pago de la cuota inicial: el acuerdo vuelve a esperarla';
    case 'agreement.expire':
      return Number(after.creditReturned ?? 0) > 0
        ? `Vencido: cuota inicial no pagada a tiempo; lo abonado (${money(after.creditReturned)}) quedó como saldo a favor de la cuenta`
        : 'Vencido: cuota inicial no pagada a tiempo';
    case 'agreement.expireReverted':
      return `Anulado un pago de la cuota inicial vencida: se retiró ${money(after.creditTaken)} del saldo a favor`;
    case 'agreement.break':
      return `Incumplido: el saldo de capital (${money(after.unpaidPrincipal)}) vuelve a la cuenta como una deuda`;
    case 'agreement.fulfil':
      return 'Cumplido: todas las cuotas pagadas';
    case 'agreement.health':
      return after.health === 'en_mora' ? 'En mora: una cuota vencida sin pagar' : 'Al día';
    case 'agreement.paidAtBank':
      return Number(after.creditReturned ?? 0) > 0
        ? `Sin efecto: ${String(after.reason ?? '')}; lo abonado a la cuota inicial (${money(after.creditReturned)}) quedó como saldo a favor de la cuenta`
        : `Sin efecto: ${String(after.reason ?? '')}`;
    case 'agreement.annul':
      return `Anulado: ${String(after.reason ?? '')}`;
    case 'agreement.mail':
      return `Acta enviada por correo certificado, radicado de salida ${String(after.radicado ?? '')}`;
    case 'agreement.activationBlocked':
      return `No se pudo activar: ${String(after.reason ?? '')}`;
    default:
      return action;
  }
}

/** the agreement's history (its audit rows, oldest first) and what an expiry (or an end by a bank payment) returned to the account's credit */
async function agreementHistory(db: Knex, agreementId: number): Promise<{ history: AgreementEvent[]; creditReturned: number }> {
  // who: the user's full name (the audit row keeps the username; 'sistema' for the monitor)
  const rows: { at: string; actor: string; action: string; after_json: string | null }[] = await db('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .where({ 'l.entity': 'payment_agreement', 'l.entity_id': String(agreementId) })
    .orderBy('l.id')
    .select('l.at', db.raw('COALESCE(u.full_name, l.actor) AS actor'), 'l.action', 'l.after_json');
  let creditReturned = 0;
  const history = rows.map((r) => {
    const after = (r.after_json ? JSON.parse(r.after_json) : {}) as Record<string, unknown>;
    if (r.action === 'agreement.expire' || r.action === 'agreement.paidAtBank') creditReturned += Number(after.creditReturned ?? 0);
    if (r.action === 'agreement.expireReverted') creditReturned -= Number(after.creditTaken ?? 0);
    return { at: r.at, actor: r.actor, text: eventText(r.action, after) };
  });
  return { history, creditReturned };
}

export async function agreementsOfAccount(db: Knex, accountId: number, scope: OfficeScope): Promise<AgreementDetail[]> {
  const q = db('payment_agreements').where({ account_id: accountId }).orderBy('id', 'desc');
  if (scope !== null) q.where('office_id', scope);
  const ids = (await q.pluck('id')) as number[];
  const out: AgreementDetail[] = [];
  for (const id of ids) out.push(await agreementDetail(db, Number(id)));
  return out;
}

/** agreements by state, office and month of signing, with their amounts and what is still owed on them */
export async function agreementsReport(db: Knex, scope: OfficeScope, filter: { month?: string; state?: AgreementState }): Promise<AgreementReport> {
  const outstanding = db('account_charges').where('agreement_part', 'cuota').andWhere('balance', '>', 0).groupBy('agreement_id').select('agreement_id').sum({ s: 'balance' }).as('o');
  const q = db('payment_agreements as g')
    .join('offices as f', 'f.id', 'g.office_id')
    .join('accounts as a', 'a.id', 'g.account_id')
    .leftJoin(outstanding, 'o.agreement_id', 'g.id')
    .orderBy('g.id')
    .select('g.*', 'f.code as office_code', 'a.number as account_number', 'a.holder_name', db.raw('COALESCE(o.s, 0) AS outstanding'));
  if (scope !== null) q.where('g.office_id', scope);
  if (filter.month) q.whereBetween('g.business_date', [`${filter.month}-01`, `${filter.month}-31`]);
  if (filter.state) q.where('g.state', filter.state);
  const rows: (AgreementDbRow & { office_code: string; account_number: string; holder_name: string; outstanding: number | string })[] = await q;
  const out: AgreementRow[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    officeCode: r.office_code,
    accountNumber: r.account_number,
    holderName: r.holder_name,
    state: r.state,
    health: r.health,
    businessDate: r.business_date,
    debtTotal: Number(r.debt_total),
    downPayment: Number(r.down_payment),
    financed: Number(r.financed),
    totalInterest: Number(r.total_interest),
    outstanding: Number(r.outstanding),
  }));
  const byState = new Map<AgreementState, { state: AgreementState; count: number; debtTotal: number; outstanding: number }>();
  for (const r of out) {
    const s = byState.get(r.state) ?? { state: r.state, count: 0, debtTotal: 0, outstanding: 0 };
    s.count += 1;
    s.debtTotal += r.debtTotal;
    s.outstanding += r.outstanding;
    byState.set(r.state, s);
  }
  return { rows: out, byState: [...byState.values()] };
}
