/**
 * The daily and monthly reports of telecobro, per gestor and campaign, with the definitions stated on
 * the screen and the paper (reportDefinitions):
 *  - contacts attempted: the outgoing contacts (calls, SMS, WhatsApp, e-mails the gestor made);
 *  - effective contacts: the contacts with the debtor, outgoing or incoming (the outcome says it
 *    reached the debtor) — the usual call-centre reading: a debtor who calls in and promises to pay
 *    was contacted, though nobody dialled; before, an incoming call counted in neither figure while
 *    its commitment counted;
 *  - contact rate: the outgoing effective contacts ÷ the attempts (so it never passes 100 %);
 *  - commitments made (count and amount), kept (of those whose window ended in the range), and the
 *    money recovered.
 *
 * The attribution rule (the same one the commissions pay on, stated on every report):
 *   a live payment of an account counts, once, for the gestor of the LAST effective contact with that
 *   account made in the N days before the payment (the same day counts when the contact came before
 *   the payment); a payment commitment is made in an effective contact. What counts of a payment is
 *   what it paid of the account's debts (the amount minus what went to the credit balance). A voided
 *   payment counts for nobody. N is the policy's attribution days.
 */
import type { Knex } from 'knex';
import type { AgeBucket, CollectionsReport, ReportRow } from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';
import { labelOf } from '../cashier/receipts';
import { officeScope, type Worker } from './scope';
import { getPolicy } from './settings';

export function attributionRule(days: number): string {
  return (
    `Cada pago vigente de una cuenta cuenta una sola vez para el gestor del último contacto efectivo con esa cuenta en los ${days} días anteriores al pago ` +
    '(el mismo día, si el contacto fue antes del pago); un compromiso de pago se hace en un contacto efectivo. Cuenta lo que el pago abonó a las deudas ' +
    '(no lo que quedó como saldo a favor). Un pago anulado no cuenta.'
  );
}

/** what each figure of the report counts, in Spanish, as the screen and the PDF state it */
export function reportDefinitions(): string[] {
  return [
    'Intentos: contactos salientes (llamadas, SMS, WhatsApp y correos que hizo el gestor), con o sin respuesta.',
    'Efectivos: contactos con el deudor, salientes o entrantes (el resultado dice que se habló con él); una llamada entrante con un compromiso de pago es un contacto efectivo aunque no sea un intento.',
    'Tasa de contacto: contactos salientes efectivos ÷ intentos.',
    'Cumplidos: compromisos cumplidos de los que vencieron (fecha más días de gracia) en el periodo.',
  ];
}

export interface AttributedPayment {
  paymentId: number;
  accountId: number;
  accountNumber: string;
  receipt: string;
  businessDate: string;
  source: 'caja' | 'banco';
  amount: number;
  contactId: number;
  contactDate: string;
  gestorId: number;
  campaignId: number | null;
  officeId: number;
  bucket: AgeBucket;
}

interface ContactForAttribution {
  id: number;
  account_id: number;
  gestor_id: number;
  campaign_id: number | null;
  office_id: number;
  at: string;
  business_date: string;
  bucket: AgeBucket;
}

/**
 * The live payments dated `from`…`to` attributed by the rule above (payments with no effective contact
 * in their window are left out). Sorted by date and payment.
 */
export async function attributedPayments(db: Knex, from: string, to: string, days: number): Promise<AttributedPayment[]> {
  const since = addDays(from, -days);
  const contacted = db('collection_contacts as k').whereRaw('k.account_id = p.account_id').where('k.effective', true).whereBetween('k.business_date', [since, to]).select(db.raw('1'));
  const payments: {
    id: number;
    account_id: number;
    number: string;
    receipt_number: number | null;
    office_code: string;
    business_date: string;
    posted_at: string;
    source: 'caja' | 'banco';
    amount: number | string;
    credit_added: number | string;
  }[] = await db('payments as p')
    .join('accounts as a', 'a.id', 'p.account_id')
    .join('offices as o', 'o.id', 'p.office_id')
    .where('p.status', 'vigente')
    .whereBetween('p.business_date', [from, to])
    .whereExists(contacted)
    .orderBy([{ column: 'p.business_date' }, { column: 'p.id' }])
    .select('p.id', 'p.account_id', 'a.number', 'p.receipt_number', 'o.code as office_code', 'p.business_date', 'p.posted_at', 'p.source', 'p.amount', 'p.credit_added');
  if (payments.length === 0) return [];
  const accountIds = [...new Set(payments.map((p) => Number(p.account_id)))];
  const byAccount = new Map<number, ContactForAttribution[]>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows: ContactForAttribution[] = await db('collection_contacts')
      .whereIn('account_id', accountIds.slice(i, i + 500))
      .where('effective', true)
      .whereBetween('business_date', [since, to])
      .orderBy([{ column: 'at' }, { column: 'id' }])
      .select('id', 'account_id', 'gestor_id', 'campaign_id', 'office_id', 'at', 'business_date', 'bucket');
    for (const c of rows) {
      const list = byAccount.get(Number(c.account_id)) ?? [];
      list.push(c);
      byAccount.set(Number(c.account_id), list);
    }
  }
  const result: AttributedPayment[] = [];
  for (const p of payments) {
    const amount = Number(p.amount) - Number(p.credit_added);
    if (amount <= 0) continue;
    const earliest = addDays(p.business_date, -days);
    const contacts = byAccount.get(Number(p.account_id)) ?? [];
    let chosen: ContactForAttribution | null = null;
    for (const c of contacts) {
      if (c.business_date < earliest || c.business_date > p.business_date) continue;
      if (c.business_date === p.business_date && c.at > p.posted_at) continue;
      chosen = c; // sorted by time: the last that qualifies wins
    }
    if (!chosen) continue;
    result.push({
      paymentId: Number(p.id),
      accountId: Number(p.account_id),
      accountNumber: p.number,
      receipt: p.receipt_number === null ? `${labelOf(p.office_code, null)} #${p.id}` : labelOf(p.office_code, Number(p.receipt_number)),
      businessDate: p.business_date,
      source: p.source,
      amount,
      contactId: Number(chosen.id),
      contactDate: chosen.business_date,
      gestorId: Number(chosen.gestor_id),
      campaignId: chosen.campaign_id === null ? null : Number(chosen.campaign_id),
      officeId: Number(chosen.office_id),
      bucket: chosen.bucket,
    });
  }
  return result;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

function emptyFigures() {
  return { attempted: 0, effective: 0, effectiveOutgoing: 0, commitments: 0, commitmentsAmount: 0, commitmentsDue: 0, commitmentsKept: 0, recovered: 0, recoveredPayments: 0 };
}

export async function collectionsReport(db: Knex, w: Worker, from: string, to: string): Promise<CollectionsReport> {
  const policy = await getPolicy(db);
  const office = officeScope(w);
  const scoped = (q: Knex.QueryBuilder, column: string) => {
    if (office !== null) q.where(column, office);
    if (w.role === 'gestor') q.where(column.replace('office_id', 'gestor_id'), w.userId);
    return q;
  };
  // every contact of the range, outgoing and incoming (see the definitions above)
  const contacts: { gestor_id: number; campaign_id: number | null; business_date: string; attempted: number | string; effective: number | string; effective_out: number | string }[] = await scoped(
    db('collection_contacts as k').whereBetween('k.business_date', [from, to]),
    'k.office_id',
  )
    .groupBy('k.gestor_id', 'k.campaign_id', 'k.business_date')
    .select(
      'k.gestor_id',
      'k.campaign_id',
      'k.business_date',
      db.raw(`SUM(CASE WHEN k.direction = 'saliente' THEN 1 ELSE 0 END) AS attempted`),
      db.raw('SUM(CASE WHEN k.effective THEN 1 ELSE 0 END) AS effective'),
      db.raw(`SUM(CASE WHEN k.effective AND k.direction = 'saliente' THEN 1 ELSE 0 END) AS effective_out`),
    );
  const made: { gestor_id: number; campaign_id: number | null; made_on: string; n: number | string; amount: number | string }[] = await scoped(
    db('collection_promises as pr').whereBetween('pr.made_on', [from, to]),
    'pr.office_id',
  )
    .groupBy('pr.gestor_id', 'pr.campaign_id', 'pr.made_on')
    .select('pr.gestor_id', 'pr.campaign_id', 'pr.made_on', db.raw('COUNT(*) AS n'), db.raw('SUM(pr.amount) AS amount'));
  const due: { gestor_id: number; campaign_id: number | null; n: number | string; kept: number | string }[] = await scoped(
    db('collection_promises as pr').whereBetween('pr.window_end', [from, to]).whereNot('pr.state', 'pendiente'),
    'pr.office_id',
  )
    .groupBy('pr.gestor_id', 'pr.campaign_id')
    .select('pr.gestor_id', 'pr.campaign_id', db.raw('COUNT(*) AS n'), db.raw(`SUM(CASE WHEN pr.state = 'cumplido' THEN 1 ELSE 0 END) AS kept`));
  const recovered = (await attributedPayments(db, from, to, policy.attributionDays)).filter(
    (p) => (office === null || p.officeId === office) && (w.role !== 'gestor' || p.gestorId === w.userId),
  );

  type Figures = ReturnType<typeof emptyFigures>;
  const rows = new Map<string, Figures & { gestorId: number; campaignId: number | null }>();
  const days = new Map<string, { attempted: number; effective: number; commitments: number; recovered: number }>();
  const rowOf = (gestorId: number, campaignId: number | null) => {
    const key = `${gestorId}|${campaignId ?? ''}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { gestorId, campaignId, ...emptyFigures() }));
    return row;
  };
  const dayOf = (date: string) => {
    let day = days.get(date);
    if (!day) days.set(date, (day = { attempted: 0, effective: 0, commitments: 0, recovered: 0 }));
    return day;
  };
  const campaignOf = (id: number | null) => (id === null ? null : Number(id));
  for (const c of contacts) {
    const row = rowOf(Number(c.gestor_id), campaignOf(c.campaign_id));
    row.attempted += Number(c.attempted);
    row.effective += Number(c.effective);
    row.effectiveOutgoing += Number(c.effective_out);
    const day = dayOf(c.business_date);
    day.attempted += Number(c.attempted);
    day.effective += Number(c.effective);
  }
  for (const m of made) {
    const row = rowOf(Number(m.gestor_id), campaignOf(m.campaign_id));
    row.commitments += Number(m.n);
    row.commitmentsAmount += Number(m.amount);
    dayOf(m.made_on).commitments += Number(m.n);
  }
  for (const d of due) {
    const row = rowOf(Number(d.gestor_id), campaignOf(d.campaign_id));
    row.commitmentsDue += Number(d.n);
    row.commitmentsKept += Number(d.kept);
  }
  for (const p of recovered) {
    const row = rowOf(p.gestorId, p.campaignId);
    row.recovered += p.amount;
    row.recoveredPayments += 1;
    dayOf(p.businessDate).recovered += p.amount;
  }
  const gestorIds = [...new Set([...rows.values()].map((r) => r.gestorId))];
  const campaignIds = [...new Set([...rows.values()].flatMap((r) => (r.campaignId === null ? [] : [r.campaignId])))];
  const names = new Map<number, string>((await db('users').whereIn('id', gestorIds.length ? gestorIds : [0]).select('id', 'full_name')).map((u: { id: number; full_name: string }) => [Number(u.id), u.full_name]));
  const campaigns = new Map<number, string>((await db('collection_campaigns').whereIn('id', campaignIds.length ? campaignIds : [0]).select('id', 'name')).map((c: { id: number; name: string }) => [Number(c.id), c.name]));
  const list: ReportRow[] = [...rows.values()]
    .map((r) => ({
      ...r,
      gestor: names.get(r.gestorId) ?? `Usuario ${r.gestorId}`,
      campaignName: r.campaignId === null ? 'Fuera de campaña' : (campaigns.get(r.campaignId) ?? `Campaña ${r.campaignId}`),
      contactRate: rate(r.effectiveOutgoing, r.attempted),
      keptRate: rate(r.commitmentsKept, r.commitmentsDue),
    }))
    .sort((a, b) => a.gestor.localeCompare(b.gestor, 'es') || a.campaignName.localeCompare(b.campaignName, 'es'));
  const t = emptyFigures();
  for (const r of list) for (const k of Object.keys(t) as (keyof Figures)[]) t[k] += r[k];
  const officeRow: { code: string } | undefined = office === null ? undefined : await db('offices').where({ id: office }).first('code');
  const dayList: CollectionsReport['days'] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dayList.push({ date: d, ...(days.get(d) ?? { attempted: 0, effective: 0, commitments: 0, recovered: 0 }) });
  return {
    from,
    to,
    officeCode: officeRow?.code ?? null,
    attributionDays: policy.attributionDays,
    attributionRule: attributionRule(policy.attributionDays),
    rows: list,
    totals: { ...t, contactRate: rate(t.effectiveOutgoing, t.attempted), keptRate: rate(t.commitmentsKept, t.commitmentsDue) },
    definitions: reportDefinitions(),
    days: dayList,
  };
}
