/** A report month ('YYYY-MM') as its first and last business date, and the office it covers. */
import type { Knex } from 'knex';
import { addDays } from '../../../../shared/dates';
import { notFound } from '../../errors';

export interface MonthRange {
  month: string;
  from: string;
  to: string;
}

export function monthRange(month: string): MonthRange {
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return { month, from: `${month}-01`, to: addDays(next, -1) };
}

/** the office a report covers (null: every office), with its name for the paper; throws when it does not exist */
export async function reportOffice(db: Knex, officeId: number | null): Promise<{ officeId: number | null; officeName: string; officeCode: string }> {
  if (officeId === null) return { officeId: null, officeName: 'Todas las oficinas', officeCode: 'TODAS' };
  const office: { name: string; code: string } | undefined = await db('offices').where({ id: officeId }).first('name', 'code');
  if (!office) throw notFound('La oficina');
  return { officeId, officeName: office.name, officeCode: office.code };
}
