import type { Knex } from 'knex';
import type { AccountDetail } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { notFound } from '../../errors';
import { getCompany } from '../setup/service';
import { getAccountDetail } from './queries';

/** Today in the company's time zone: the date invoices are overdue against. */
export async function businessToday(db: Knex): Promise<string> {
  const company = await getCompany(db);
  return todayIn(company.timeZone);
}

export interface ContactChange {
  phone: string;
  email: string;
  noticeAddress: string;
}

/** A clerk updates the phone, email and address for notices; the old and new values are audited. */
export async function updateContact(db: Knex, actor: Actor, accountId: number, change: ContactChange): Promise<AccountDetail> {
  const today = await businessToday(db);
  return db.transaction(async (trx) => {
    const before = await trx('accounts').where({ id: accountId }).first('phone', 'email', 'notice_address');
    if (!before) throw notFound('La cuenta');
    const after = { phone: change.phone, email: change.email, notice_address: change.noticeAddress };
    await trx('accounts').where({ id: accountId }).update({ ...after, updated_at: nowTimestamp() });
    await writeAudit(trx, actor, { action: 'account.updateContact', entity: 'account', entityId: accountId, before, after });
    return getAccountDetail(trx, accountId, today);
  });
}
