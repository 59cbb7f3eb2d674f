/**
 * The reconciliation (`audit reconcile`, and part of `audit verify`): the business tables recomputed
 * from what explains them, naming every row that disagrees. The chain proves the audit rows were not
 * touched; this proves the money tables still say what the audited acts did.
 *
 * - an invoice's balance = what it owed when it came in (opening_balance, or its total) − its live
 *   allocations; an other charge's balance = its amount − its live allocations (a payment
 *   agreement's live moves on a debt count as allocations: agreements/moves.ts);
 * - a counter payment agrees with its `payment.post` audit row (amount, cash, change, credit,
 *   account, session, number) and its allocations with the ones audited; a voided payment has its
 *   `payment.void` row and no live allocation, a live one has no void; a payment assigned from the
 *   por-identificar queue agrees with its `unidentified.assign` row;
 * - a bank file's payments and por-identificar rows add up to the amounts its import audited;
 * - a cash movement agrees with its audit row;
 * - a closed till: counted cash = its count by denomination, expected cash = what its payments,
 *   movements and voids give now (cashier/closing.ts, the closing screen's own arithmetic),
 *   difference = counted − expected, and all three as the closing act audited them.
 *
 * Reads only, page by page. Lists the first MAX_LISTED disagreements and counts the rest.
 */
import type { Knex } from 'knex';
import type { ReconciledEntity, ReconciliationIssue, ReconciliationResult } from '../../../../shared/contract';
import { countTotal, type DenominationCount } from '../../../../shared/denominations';
import { formatDate } from '../../../../shared/dates';
import { exactOf, formatMoney, type CurrencyCode } from '../../../../shared/money';
import { closingSummary } from '../cashier/closing';
import type { SessionDbRow } from '../cashier/queries';

const MAX_LISTED = 200;
const PAGE = 500;

class Findings {
  readonly issues: ReconciliationIssue[] = [];
  more = 0;
  add(entity: ReconciledEntity, id: number, message: string): void {
    if (this.issues.length < MAX_LISTED) this.issues.push({ entity, id, message });
    else this.more += 1;
  }
}

type Json = Record<string, unknown>;
const parse = (text: string | null): Json => {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Json) : {};
  } catch {
    return {};
  }
};
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const pad = (n: number | string) => String(n).padStart(6, '0');

/** A table read a page at a time in id order: `next(after)` gives the page after that id. */
async function* pages<T extends { id: number | string }>(next: (after: number) => Promise<T[]>): AsyncGenerator<T[]> {
  for (let after = 0; ; ) {
    const page = await next(after);
    if (page.length === 0) return;
    after = Number(page[page.length - 1].id);
    yield page;
  }
}

/** audit rows of some entity ids, by id (the last of each action wins) */
async function auditRowsOf(db: Knex, entity: string, ids: (number | string)[], actions: string[]): Promise<Map<string, Map<string, Json>>> {
  const byId = new Map<string, Map<string, Json>>();
  if (ids.length === 0) return byId;
  const rows: { entity_id: string; action: string; after_json: string | null }[] = await db('audit_log')
    .where('entity', entity)
    .whereIn(
      'entity_id',
      ids.map((id) => String(id)),
    )
    .whereIn('action', actions)
    .orderBy('id')
    .select('entity_id', 'action', 'after_json');
  for (const row of rows) {
    const actionsOf = byId.get(row.entity_id) ?? new Map<string, Json>();
    actionsOf.set(row.action, parse(row.after_json));
    byId.set(row.entity_id, actionsOf);
  }
  return byId;
}

export async function reconcile(db: Knex): Promise<ReconciliationResult> {
  const company: { currency: CurrencyCode } | undefined = (await db.schema.hasTable('company')) ? await db('company').where({ id: 1 }).first('currency') : undefined;
  const checked = { invoices: 0, charges: 0, payments: 0, sessions: 0, movements: 0, bankFiles: 0 };
  const found = new Findings();
  if (!company || !(await db.schema.hasTable('payments'))) return { ok: true, checked, issues: [], more: 0 };
  const money = (n: number | string | null) => formatMoney(n ?? 0, company.currency);
  const offices = new Map<number, string>((await db('offices').select('id', 'code')).map((o: { id: number; code: string }) => [Number(o.id), o.code]));

  checked.invoices = await debtBalances(db, 'invoice', found, money);
  checked.charges = await debtBalances(db, 'charge', found, money);
  checked.payments = await paymentsAgainstAudit(db, found, money, offices);
  checked.bankFiles = await bankFiles(db, found, money);
  checked.movements = await movements(db, found, money);
  checked.sessions = await tills(db, found, money, company.currency);
  return { ok: found.issues.length === 0, checked, issues: found.issues, more: found.more };
}

/** balance = opening − live allocations, for invoices or other charges; returns how many were checked */
async function debtBalances(db: Knex, kind: 'invoice' | 'charge', found: Findings, money: (n: number | string | null) => string): Promise<number> {
  const table = kind === 'invoice' ? 'invoices' : 'account_charges';
  const column = kind === 'invoice' ? 'invoice_id' : 'charge_id';
  const opening = kind === 'charge' ? 'd.amount' : (await db.schema.hasColumn('invoices', 'opening_balance')) ? 'COALESCE(d.opening_balance, d.total)' : 'd.total';
  const allocated = db('payment_allocations').where('live', true).whereNotNull(column).select(column, 'amount');
  // what a payment agreement took off a debt (novación, a closed installment) counts like a payment
  if (await db.schema.hasTable('agreement_debt_moves')) allocated.unionAll((u) => u.from('agreement_debt_moves').where('live', true).whereNotNull(column).select(column, 'amount'));
  const paid = db.from(allocated.as('p')).groupBy(column).select(column).sum({ s: 'amount' }).as('x');
  const disagreeing = () =>
    db(`${table} as d`)
      .leftJoin(paid, `x.${column}`, 'd.id')
      .whereRaw(`d.balance <> ${opening} - COALESCE(x.s, 0)`);
  const [{ n }] = await db(table).count<{ n: number | string }[]>({ n: '*' });
  const rows: { id: number; label: string; account: string; balance: number | string; opening: number | string; paid: number | string }[] = await disagreeing()
    .join('accounts as a', 'a.id', 'd.account_id')
    .orderBy('d.id')
    .limit(MAX_LISTED + 1)
    .select('d.id', `d.${kind === 'invoice' ? 'number' : 'concept'} as label`, 'a.number as account', 'd.balance', db.raw(`${opening} AS opening`), db.raw('COALESCE(x.s, 0) AS paid'));
  for (const r of rows) {
    const owed = Number(r.opening) - Number(r.paid);
    const what = kind === 'invoice' ? `La factura ${r.label} (cuenta ${r.account})` : `El cobro «${r.label}» ${r.id} de la cuenta ${r.account}`;
    const base = kind === 'invoice' ? 'lo que debía al ingresar' : 'su valor';
    found.add(
      kind === 'invoice' ? 'factura' : 'cobro',
      Number(r.id),
      `${what} tiene saldo ${money(Number(r.balance))}, pero ${base} (${money(Number(r.opening))}) menos los pagos vigentes aplicados (${money(Number(r.paid))}) da ${money(owed)}.`,
    );
  }
  return Number(n);
}

const PAYMENT_FIELDS: [column: string, label: string, isMoney: boolean][] = [
  ['amount', 'valor', true],
  ['cash_received', 'efectivo recibido', true],
  ['change_given', 'cambio', true],
  ['credit_added', 'saldo a favor', true],
  ['account_id', 'cuenta (id)', false],
  ['session_id', 'turno', false],
  ['receipt_number', 'número', false],
  ['office_id', 'oficina (id)', false],
];

interface PaymentRow {
  id: number;
  office_id: number;
  session_id: number | null;
  account_id: number;
  receipt_number: number | null;
  idempotency_key: string;
  source: 'caja' | 'banco';
  amount: number | string;
  cash_received: number | string;
  change_given: number | string;
  credit_added: number | string;
  status: 'vigente' | 'anulado';
  bank_file_id: number | null;
}

const allocationKey = (a: { kind: unknown; id: unknown; amount: unknown }) => `${String(a.kind)}:${Number(a.id)}:${Number(a.amount)}`;
const sameAllocations = (stored: string[], audited: unknown) =>
  Array.isArray(audited) &&
  JSON.stringify([...stored].sort()) === JSON.stringify((audited as { kind: unknown; id: unknown; amount: unknown }[]).map(allocationKey).sort());

async function paymentsAgainstAudit(db: Knex, found: Findings, money: (n: number | string | null) => string, offices: Map<number, string>): Promise<number> {
  let checked = 0;
  for await (const page of pages<PaymentRow>((after) => db('payments').where('id', '>', after).orderBy('id').limit(PAGE).select())) {
    checked += page.length;
    const ids = page.map((p) => Number(p.id));
    const allocations: { payment_id: number; invoice_id: number | null; charge_id: number | null; amount: number | string; live: number | boolean }[] = await db('payment_allocations')
      .whereIn('payment_id', ids)
      .select('payment_id', 'invoice_id', 'charge_id', 'amount', 'live');
    const voids: { payment_id: number; cash_returned: number | string }[] = await db('payment_voids').whereIn('payment_id', ids).select('payment_id', 'cash_returned');
    const audits = await auditRowsOf(db, 'payment', ids, ['payment.post', 'payment.void']);
    const unidentifiedIds = page.map((p) => /^unidentified:(\d+)$/.exec(p.idempotency_key)?.[1]).filter((id): id is string => id !== undefined);
    const assigned = await auditRowsOf(db, 'unidentified_payment', unidentifiedIds, ['unidentified.assign']);

    for (const p of page) {
      const id = Number(p.id);
      const label = p.receipt_number === null ? `El pago del banco ${id}` : `El recibo ${offices.get(Number(p.office_id)) ?? p.office_id}-${pad(p.receipt_number)}`;
      const mine = allocations.filter((a) => Number(a.payment_id) === id);
      const stored = mine.map((a) => allocationKey({ kind: a.invoice_id !== null ? 'invoice' : 'charge', id: a.invoice_id ?? a.charge_id, amount: a.amount }));
      const audit = audits.get(String(id));
      const unidentified = /^unidentified:(\d+)$/.exec(p.idempotency_key)?.[1];

      if (p.source === 'caja') {
        const post = audit?.get('payment.post');
        if (!post) {
          found.add('pago', id, `${label} no tiene su fila de auditoría (payment.post): fue escrito por fuera de la aplicación.`);
        } else {
          const differences = PAYMENT_FIELDS.filter(([column]) => column in post && num(post[column]) !== num(p[column as keyof PaymentRow])).map(
            ([column, name, isMoney]) =>
              `${name} ${isMoney ? money(num(p[column as keyof PaymentRow])) : String(p[column as keyof PaymentRow])} y la auditoría registró ${isMoney ? money(num(post[column])) : String(post[column])}`,
          );
          if (differences.length > 0) found.add('pago', id, `${label} dice ${differences.join('; ')}.`);
          if (!sameAllocations(stored, post.allocations)) {
            found.add('pago', id, `Las aplicaciones de ${label.replace(/^El /, 'el ')} a facturas y cobros no son las que registró la auditoría al aplicarlo.`);
          }
        }
      } else if (unidentified !== undefined) {
        const assign = assigned.get(unidentified)?.get('unidentified.assign');
        if (!assign || num(assign.payment_id) !== id) {
          found.add('pago', id, `${label} (por identificar ${unidentified}) no tiene su asignación en la auditoría: fue escrito por fuera de la aplicación.`);
        } else if (!sameAllocations(stored, assign.allocations) || num(assign.credit) !== num(p.credit_added)) {
          found.add('pago', id, `Las aplicaciones de ${label.replace(/^El /, 'el ')} (por identificar ${unidentified}) no son las que registró la auditoría al asignarlo.`);
        }
      }

      const voidAudit = audit?.get('payment.void');
      const voidRow = voids.find((v) => Number(v.payment_id) === id);
      const live = mine.filter((a) => Boolean(Number(a.live)));
      if (p.status === 'anulado') {
        if (!voidAudit || !voidRow) found.add('pago', id, `${label} está anulado, pero ${!voidAudit ? 'la auditoría no registra su anulación' : 'no tiene su anulación'}.`);
        else if ('cash_returned' in voidAudit && num(voidAudit.cash_returned) !== num(voidRow.cash_returned)) {
          found.add('pago', id, `La anulación de ${label.replace(/^El /, 'el ')} devolvió ${money(num(voidRow.cash_returned))} según la base de datos y ${money(num(voidAudit.cash_returned))} según la auditoría.`);
        }
        if (live.length > 0) found.add('pago', id, `${label} está anulado, pero sigue aplicado a ${live.length === 1 ? 'una deuda' : `${live.length} deudas`}.`);
      } else {
        if (voidAudit) found.add('pago', id, `${label} aparece vigente, pero la auditoría registra su anulación.`);
        if (live.length !== mine.length) found.add('pago', id, `${label} está vigente, pero ${mine.length - live.length} de sus aplicaciones están desactivadas.`);
      }
    }
  }
  return checked;
}

async function bankFiles(db: Knex, found: Findings, money: (n: number | string | null) => string): Promise<number> {
  if (!(await db.schema.hasTable('bank_files'))) return 0;
  const files: { id: number; file_name: string }[] = await db('bank_files').orderBy('id').select('id', 'file_name');
  for (let i = 0; i < files.length; i += PAGE) {
    const slice = files.slice(i, i + PAGE);
    const ids = slice.map((f) => Number(f.id));
    const audits = await auditRowsOf(db, 'bank_file', ids, ['bankFile.import']);
    const matched: { bank_file_id: number; s: number | string | null }[] = await db('payments')
      .whereIn('bank_file_id', ids)
      .andWhere('source', 'banco')
      .andWhere('idempotency_key', 'not like', 'unidentified:%')
      .groupBy('bank_file_id')
      .select('bank_file_id')
      .sum({ s: 'amount' });
    const queued: { bank_file_id: number; s: number | string | null }[] = await db('unidentified_payments').whereIn('bank_file_id', ids).groupBy('bank_file_id').select('bank_file_id').sum({ s: 'amount' });
    for (const file of slice) {
      const id = Number(file.id);
      const audit = audits.get(String(id))?.get('bankFile.import');
      const paid = Number(matched.find((m) => Number(m.bank_file_id) === id)?.s ?? 0);
      const pending = Number(queued.find((m) => Number(m.bank_file_id) === id)?.s ?? 0);
      if (!audit) {
        found.add('archivo del banco', id, `El archivo del banco «${file.file_name}» no tiene su fila de auditoría: fue escrito por fuera de la aplicación.`);
      } else if (num(audit.matchedAmount) !== paid || num(audit.unidentifiedAmount) !== pending) {
        found.add(
          'archivo del banco',
          id,
          `El archivo del banco «${file.file_name}» suma ${money(paid)} aplicados y ${money(pending)} por identificar, y la auditoría registró ${money(num(audit.matchedAmount))} y ${money(num(audit.unidentifiedAmount))}.`,
        );
      }
    }
  }
  return files.length;
}

async function movements(db: Knex, found: Findings, money: (n: number | string | null) => string): Promise<number> {
  let checked = 0;
  type MovementRow = { id: number; session_id: number; kind: string; amount: number | string };
  for await (const page of pages<MovementRow>((after) => db('cash_movements').where('id', '>', after).orderBy('id').limit(PAGE).select('id', 'session_id', 'kind', 'amount'))) {
    checked += page.length;
    const audits = await auditRowsOf(
      db,
      'cash_movement',
      page.map((m) => m.id),
      ['cashMovement.entrada', 'cashMovement.salida'],
    );
    for (const m of page) {
      const audited = audits.get(String(m.id))?.get(`cashMovement.${m.kind}`);
      const what = `La ${m.kind === 'entrada' ? 'entrada' : 'salida'} de efectivo ${m.id} del turno ${m.session_id}`;
      if (!audited) found.add('movimiento', Number(m.id), `${what} no tiene su fila de auditoría: fue escrita por fuera de la aplicación.`);
      else if (num(audited.amount) !== num(m.amount) || num(audited.session_id) !== num(m.session_id)) {
        found.add('movimiento', Number(m.id), `${what} es de ${money(num(m.amount))} y la auditoría registró ${money(num(audited.amount))} en el turno ${String(audited.session_id)}.`);
      }
    }
  }
  return checked;
}

async function tills(db: Knex, found: Findings, money: (n: number | string | null) => string, currency: CurrencyCode): Promise<number> {
  let checked = 0;
  const closed = (after: number): Promise<(SessionDbRow & { till_name: string })[]> =>
    db('cash_sessions as s').join('tills as t', 't.id', 's.till_id').where('s.id', '>', after).andWhere('s.status', 'cerrada').orderBy('s.id').limit(PAGE).select('s.*', 't.name as till_name');
  for await (const page of pages(closed)) {
    checked += page.length;
    const audits = await auditRowsOf(
      db,
      'cash_session',
      page.map((s) => s.id),
      ['cashSession.close', 'cashSession.forceClose'],
    );
    for (const s of page) {
      const id = Number(s.id);
      const what = `El turno ${id} (${s.till_name}, ${formatDate(s.business_date)})`;
      const counted = num(s.counted_cash) ?? 0;
      const expected = num(s.expected_cash) ?? 0;
      let countedByDenomination: number | null = null;
      try {
        countedByDenomination = countTotal(currency, JSON.parse(s.closing_count_json ?? '[]') as DenominationCount[]);
      } catch {
        found.add('turno', id, `${what} tiene un conteo de cierre ilegible.`);
      }
      if (countedByDenomination !== null && countedByDenomination !== counted) {
        found.add('turno', id, `${what} registró ${money(counted)} contados, pero su conteo por denominación suma ${money(countedByDenomination)}.`);
      }
      // the closing figures are exact amounts (text) since issue 12's exact sums
      const recomputed = (await closingSummary(db, s, counted, 0)).expectedCash;
      if (exactOf(recomputed) !== exactOf(expected)) {
        found.add('turno', id, `${what} registró efectivo esperado ${money(expected)}, pero sus pagos, movimientos y anulaciones dan ${money(recomputed)}.`);
      }
      if (num(s.difference) !== counted - expected) {
        found.add('turno', id, `${what} registró una diferencia de ${money(num(s.difference))}, y contado menos esperado da ${money(counted - expected)}.`);
      }
      const closeAudit = audits.get(String(id));
      const audited = closeAudit?.get('cashSession.close') ?? closeAudit?.get('cashSession.forceClose');
      if (!audited) {
        found.add('turno', id, `${what} está cerrado, pero la auditoría no registra su cierre.`);
      } else {
        const differences = (
          [
            ['counted_cash', 'contado'],
            ['expected_cash', 'esperado'],
            ['difference', 'diferencia'],
          ] as const
        )
          .filter(([column]) => column in audited && num(audited[column]) !== num(s[column]))
          .map(([column, name]) => `${name} ${money(num(s[column]))} y la auditoría registró ${money(num(audited[column]))}`);
        if (differences.length > 0) found.add('turno', id, `${what} dice ${differences.join('; ')}.`);
      }
    }
  }
  return checked;
}
