/**
 * The gestor's payment reminder by e-mail (issue 19 item 4, "for collections, only within the contact
 * rules"). Before anything is written, in this order:
 *  1. the account is one the caller works (a gestor: the accounts of their campaigns; another office's
 *     campaign: "no existe") — collections/scope.ts accountAccess;
 *  2. the address is an e-mail of the account whose holder authorised it for collections (Ley 1581 de
 *     2012) — the same check as every other paper sent (send.ts requireConsent);
 *  3. the contact rules for an outgoing e-mail at this instant (shared/contactRules.ts, the values of
 *     resources/tables/contact-rules.json or the administrator's edits): days and hours, holidays, the
 *     daily limit and one channel a week after a direct contact (Ley 2300 de 2023 in Colombia);
 *  4. the account owes something overdue, and the mail server is configured.
 * Then one transaction queues the message and records it as a contact of the account (outcome «Correo
 * enviado», not a direct contact), with an audit row each; the message is tried at once.
 */
import type { MailMessage } from '../../../../shared/contract';
import { localTime } from '../../../../shared/contactRules';
import { formatDate } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import type { BackOffice } from '../../context';
import { writeAudit } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { notFound, rule } from '../../errors';
import { insertedId } from '../cashier/queries';
import { checkContactNow } from '../collections/contacts';
import { debtOf } from '../collections/debt';
import { contactPoints } from '../collections/queries';
import { accountAccess, officeScope, type Person } from '../collections/scope';
import { getPolicy } from '../collections/settings';
import { getCompany } from '../setup/service';
import { attempt, enqueue, getMessage } from './queue';
import { requireConsent, signature } from './send';
import { smtpSettings } from './settings';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** `now` is the instant the rules judge (the tests fix it); the message itself is tried at once */
export async function sendCollectionReminder(app: BackOffice, who: Person, input: { accountId: number; to: string }, now: Date = new Date()): Promise<MailMessage & { contactId: number }> {
  const db = app.db;
  const access = await accountAccess(db, who, input.accountId);
  const account: { id: number; number: string; holder_name: string } | undefined = await db('accounts').where({ id: input.accountId }).first('id', 'number', 'holder_name');
  if (!account) throw notFound('La cuenta');
  await requireConsent(db, account.id, account.number, 'cobranza', input.to);
  const point = (await contactPoints(db, account.id, await getPolicy(db))).find((p) => p.kind === 'correo' && same(p.value, input.to));
  if (!point) throw notFound('El correo de esta cuenta');
  const verdict = await checkContactNow(db, who, { accountId: account.id, channel: 'correo', direction: 'saliente', contactPointId: point.id ?? undefined, address: point.value }, now);
  if (!verdict.allowed) throw rule(`No se envía el correo de cobro: ${verdict.message}`);
  const company = await getCompany(db);
  const today = localTime(now, company.timeZone).date;
  const debt = await debtOf(db, account.id, today);
  if (debt.debt <= 0) throw rule(`La cuenta ${account.number} no tiene deuda vencida al ${formatDate(today)}: no hay pago que recordar.`);
  await smtpSettings(app);
  const office: { name: string } | undefined = await db('offices').where({ id: who.officeId }).first('name');
  const amount = formatMoney(debt.debt, company.currency);
  const since = debt.oldest ? `, vencida desde el ${formatDate(debt.oldest)}` : '';
  const { messageId, contactId } = await retryingTransaction(db, async (trx) => {
    const messageId = await enqueue(
      db,
      who.actor,
      {
        officeId: who.officeId,
        accountId: account.id,
        to: point.value,
        purpose: 'cobranza',
        documentKind: 'cobranza',
        documentId: null,
        documentLabel: account.number,
        subject: `Recordatorio de pago de la cuenta ${account.number}`,
        body:
          `Señor(a) ${account.holder_name}:\n\nLe recordamos que la cuenta ${account.number} tiene un saldo vencido de ${amount}${since}. ` +
          `Puede pagarlo en nuestras oficinas o en los puntos de recaudo autorizados; si ya pagó, por favor no tenga en cuenta este mensaje. ` +
          `Si necesita un acuerdo de pago, acérquese a la oficina o responda a este correo.` +
          signature(company.name, office?.name ?? ''),
        attachment: null,
      },
      trx,
    );
    const at = now.toISOString();
    const [row] = await trx('collection_contacts')
      .insert({
        office_id: who.officeId,
        account_id: account.id,
        campaign_id: access.campaignId,
        assignment_id: access.assignmentId,
        gestor_id: who.userId,
        channel: 'correo',
        direction: 'saliente',
        contact_point_id: point.id,
        address: point.value,
        outcome: 'correo_enviado',
        effective: false,
        notes: `Recordatorio de pago por correo (mensaje ${messageId}): saldo vencido ${amount}.`,
        at,
        business_date: today,
        debt: debt.debt,
        days_past_due: debt.daysPastDue,
        bucket: debt.bucket,
        idempotency_key: `correo-${messageId}`,
      })
      .returning('id');
    const contactId = insertedId(row);
    if (access.assignmentId !== null) await trx('collection_assignments').where({ id: access.assignmentId }).update({ contacts: trx.raw('contacts + 1'), last_contact_at: at, updated_at: at });
    await writeAudit(trx, who.actor, {
      action: 'collections.contact.record',
      entity: 'collection_contact',
      entityId: contactId,
      after: { accountId: account.id, campaignId: access.campaignId, channel: 'correo', direction: 'saliente', address: point.value, outcome: 'correo_enviado', effective: false, rule: verdict.message, mailMessageId: messageId },
    });
    return { messageId, contactId };
  });
  await attempt(app, messageId);
  return { ...(await getMessage(db, officeScope(who), messageId)), contactId };
}
