/** Accounts on routes with six periods of invoices and their charge lines, for the invoice printing tests. */
import type { Knex } from 'knex';
import { serviceCharges } from '../../electron/core/modules/demo/charges';
import { periodMinus } from '../../electron/core/modules/invoicing/queries';
import { accountRow } from './accounts';

export interface RouteFixture {
  cycle: string;
  route: string;
  accounts: number;
}

export interface SeededInvoice {
  invoiceId: number;
  number: string;
  accountNumber: string;
  cycle: string;
  route: string;
  sequence: number;
}

/**
 * For each route, `accounts` accounts (inserted in reverse route order, so that printing must sort)
 * with invoices for the six periods ending in `period`; returns the invoices of `period`.
 */
export async function seedRoutes(db: Knex, period: string, routes: RouteFixture[]): Promise<SeededInvoice[]> {
  const now = new Date().toISOString();
  const current: SeededInvoice[] = [];
  let n = 0;
  for (const r of routes) {
    for (let k = r.accounts; k >= 1; k--) {
      n += 1;
      const number = `${r.cycle}${r.route}${String(k).padStart(3, '0')}`;
      const holder = `TITULAR ${number} PÉREZ`;
      const address = `Calle ${k} # ${n}-10`;
      const [row] = await db('accounts')
        .insert({
          ...accountRow({ number, holderName: holder, idNumber: `9${number}`, address }, now),
          cycle: r.cycle,
          route: r.route,
          route_sequence: k * 10,
        })
        .returning('id');
      const accountId = Number(typeof row === 'object' ? row.id : row);
      for (let back = 5; back >= 0; back--) {
        const p = periodMinus(period, back);
        const consumption = 10 + ((k * 7 + back * 3) % 15);
        const lines = serviceCharges('residencial', 2, consumption);
        const total = lines.reduce((s, l) => s + l.amount, 0);
        const invoiceNumber = `FV${p.replace('-', '')}-${number}`;
        const [inv] = await db('invoices')
          .insert({
            number: invoiceNumber,
            account_id: accountId,
            period: p,
            issue_date: `${p}-01`,
            due_date: `${p}-16`,
            suspension_date: `${p}-26`,
            previous_reading: 500,
            current_reading: 500 + consumption,
            consumption_m3: consumption,
            payment_reference: `${number}${p.replace('-', '')}`,
            total,
            balance: back === 0 ? total : 0,
            created_at: now,
            updated_at: now,
          })
          .returning('id');
        const invoiceId = Number(typeof inv === 'object' ? inv.id : inv);
        await db('invoice_lines').insert(lines.map((l, i) => ({ invoice_id: invoiceId, line_no: i + 1, concept: l.concept, quantity: l.quantity, unit_value: l.unitValue, amount: l.amount })));
        if (back === 0) current.push({ invoiceId, number: invoiceNumber, accountNumber: number, cycle: r.cycle, route: r.route, sequence: k * 10 });
      }
    }
  }
  return current;
}
