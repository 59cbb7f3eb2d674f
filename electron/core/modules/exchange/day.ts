/** What a day holds before the coordinator exports it: its standing payments and the tills still open (Administración › Intercambio). */
import type { Knex } from 'knex';
import type { ExchangeDay } from '../../../../shared/contract';

export async function exchangeDay(db: Knex, date: string, officeId: number | null): Promise<ExchangeDay> {
  const payments = db('payments').where({ business_date: date, status: 'vigente' });
  const open = db('cash_sessions').where({ business_date: date, status: 'abierta' });
  if (officeId !== null) {
    payments.andWhere('office_id', officeId);
    open.andWhere('office_id', officeId);
  }
  const [sums, sessions] = await Promise.all([
    payments.first(db.raw('COUNT(*) AS n'), db.raw('SUM(amount) AS total')) as Promise<{ n: number | string; total: number | string | null }>,
    open.count<{ n: number | string }[]>({ n: '*' }),
  ]);
  return { date, payments: Number(sums.n), total: Number(sums.total ?? 0), openSessions: Number(sessions[0].n) };
}
