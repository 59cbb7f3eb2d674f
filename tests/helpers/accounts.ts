/** Small fixtures: accounts and invoices written straight to the real database, for tests of reads. */
import type { Knex } from 'knex';
import { normalizeForSearch } from '../../shared/text';

export interface AccountFixture {
  number: string;
  holderName: string;
  idNumber?: string;
  address?: string;
  meterNumber?: string;
}

/** the row of `accounts` for a fixture (route 1-01, residential, active) */
export function accountRow(a: AccountFixture, now: string) {
  const address = a.address ?? 'Calle 1 # 2-3';
  return {
    number: a.number,
    holder_name: a.holderName,
    id_type: 'CC',
    id_number: a.idNumber ?? `1${a.number}`,
    address,
    neighborhood: 'Centro',
    city_dane: '15299',
    estrato: 2,
    use: 'residencial',
    status: 'activo',
    cycle: '1',
    route: '01',
    route_sequence: 1,
    meter_number: a.meterNumber ?? `M${a.number}`,
    search_name: normalizeForSearch(a.holderName),
    search_address: normalizeForSearch(address),
    created_at: now,
    updated_at: now,
  };
}

export async function insertAccount(db: Knex, a: AccountFixture): Promise<number> {
  const [row] = await db('accounts').insert(accountRow(a, new Date().toISOString())).returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** many accounts at once, ids in the list's order */
export async function insertAccounts(db: Knex, list: AccountFixture[]): Promise<void> {
  const now = new Date().toISOString();
  await db.batchInsert('accounts', list.map((a) => accountRow(a, now)), 100);
}

export async function insertInvoice(
  db: Knex,
  accountId: number,
  i: { number: string; period: string; dueDate: string; total: number; balance?: number },
): Promise<number> {
  const now = new Date().toISOString();
  const [row] = await db('invoices')
    .insert({
      number: i.number,
      account_id: accountId,
      period: i.period,
      issue_date: `${i.period}-01`,
      due_date: i.dueDate,
      suspension_date: null,
      previous_reading: 100,
      current_reading: 118,
      consumption_m3: 18,
      payment_reference: `REF${i.number}`,
      total: i.total,
      balance: i.balance ?? i.total,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const id = typeof row === 'object' ? row.id : row;
  await db('invoice_lines').insert([
    { invoice_id: id, line_no: 1, concept: 'Cargo fijo acueducto', quantity: '1', unit_value: 9800, amount: 9800 },
    { invoice_id: id, line_no: 2, concept: 'Consumo básico', quantity: '18', unit_value: 2600, amount: i.total - 9800 },
  ]);
  return id;
}
