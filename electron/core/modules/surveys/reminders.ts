/**
 * Reminders once (issue 19): an e-mailed survey invitation that the server took (state 'enviado') and
 * that is still unanswered `reminderDays` days later gets ONE reminder, never two. "Never two" is the
 * database's: the reminder's mail_messages row points at its invitation (`reminder_of`, UNIQUE,
 * migration 034), so a second run — or a second back office on the same PostgreSQL server — finds it
 * done or loses the race on the unique index. An account invited twice to the same survey is reminded
 * once. The reminder goes only where the invitation went, and only if that address is still authorised
 * for surveys (Ley 1581 de 2012: the holder may have withdrawn it since); otherwise it is counted, not sent.
 *
 * Runs from the "Enviar recordatorios" button (surveys.sendReminders) and from the mail queue's clock
 * (mail/scheduler.ts), over every active survey.
 */
import type { Knex } from 'knex';
import type { ReminderRun, SurveySettings } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { isUniqueViolation } from '../cashier/queries';
import { attempt, enqueue } from '../mail/queue';
import { recipientsOf } from '../mail/send';
import type { OfficeScope } from '../../officeScope';

const SETTINGS_KEY = 'surveys.reminderDays';
export const DEFAULT_REMINDER_DAYS = 7;

export async function getSurveySettings(db: Knex): Promise<SurveySettings> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: SETTINGS_KEY }).first('value_json');
  const days = row ? Number(JSON.parse(row.value_json)) : DEFAULT_REMINDER_DAYS;
  return { reminderDays: Number.isInteger(days) && days >= 1 ? days : DEFAULT_REMINDER_DAYS };
}

export async function saveSurveySettings(db: Knex, actor: Actor, next: SurveySettings): Promise<SurveySettings> {
  return retryingTransaction(db, async (trx) => {
    const before = await getSurveySettings(trx);
    await trx('settings').insert({ key: SETTINGS_KEY, value_json: JSON.stringify(next.reminderDays) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'survey.settings', entity: 'settings', entityId: null, before, after: next });
    return next;
  });
}

interface Invitation {
  id: number;
  office_id: number | null;
  account_id: number;
  to_address: string;
  document_id: number;
  document_label: string;
  subject: string;
  body: string;
}

/** the invitations due for their reminder: sent, old enough, unanswered, and no reminder yet for that survey and account */
async function dueInvitations(db: Knex, surveyId: number | null, scope: OfficeScope, sentBefore: string): Promise<Invitation[]> {
  const q = db('mail_messages as m')
    .join('surveys as s', 's.id', 'm.document_id')
    .where({ 'm.purpose': 'encuesta', 'm.document_kind': 'encuesta', 'm.state': 'enviado', 's.state': 'activa' })
    .whereNull('m.reminder_of')
    .whereNotNull('m.account_id')
    .where('m.sent_at', '<=', sentBefore)
    .whereNotExists((sub) => sub.select(db.raw('1')).from('survey_responses as r').whereRaw('r.survey_id = m.document_id').whereRaw('r.account_id = m.account_id'))
    .whereNotExists((sub) =>
      sub
        .select(db.raw('1'))
        .from('mail_messages as x')
        .whereRaw('x.document_id = m.document_id')
        .whereRaw('x.account_id = m.account_id')
        .where('x.document_kind', 'encuesta')
        .whereNotNull('x.reminder_of'),
    )
    .orderBy('m.id')
    .select('m.id', 'm.office_id', 'm.account_id', 'm.to_address', 'm.document_id', 'm.document_label', 'm.subject', 'm.body');
  if (surveyId !== null) q.where('m.document_id', surveyId);
  if (scope !== null) q.where('m.office_id', scope);
  const rows = (await q) as Invitation[];
  // an account invited twice: its first invitation only
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.document_id}:${r.account_id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function sendSurveyReminders(app: BackOffice, actor: Actor, surveyId: number | null, scope: OfficeScope, now: Date = new Date()): Promise<ReminderRun> {
  const db = app.db;
  const { reminderDays } = await getSurveySettings(db);
  const sentBefore = new Date(now.getTime() - reminderDays * 86_400_000).toISOString();
  const run: ReminderRun = { queued: 0, sent: 0, withoutConsent: 0 };
  for (const inv of await dueInvitations(db, surveyId, scope, sentBefore)) {
    const allowed = (await recipientsOf(db, Number(inv.account_id), 'encuesta')).some((r) => r.allowed && same(r.address, inv.to_address));
    if (!allowed) {
      run.withoutConsent++;
      continue;
    }
    let id: number;
    try {
      id = await retryingTransaction(db, async (trx) => {
        const newId = await enqueue(
          db,
          actor,
          {
            officeId: inv.office_id === null ? null : Number(inv.office_id),
            accountId: Number(inv.account_id),
            to: inv.to_address,
            purpose: 'encuesta',
            documentKind: 'encuesta',
            documentId: Number(inv.document_id),
            documentLabel: inv.document_label,
            subject: `Recordatorio: ${inv.subject}`.slice(0, 200),
            body: `Hace ${reminderDays} ${reminderDays === 1 ? 'día' : 'días'} le escribimos para conocer su opinión y aún no hemos recibido su respuesta. Este es el único recordatorio que le enviaremos.\n\n${inv.body}`,
            attachment: null,
          },
          trx,
        );
        await trx('mail_messages').where({ id: newId }).update({ reminder_of: inv.id });
        return newId;
      });
    } catch (error) {
      // another back office reminded this invitation at the same moment: done, not doubled
      if (isUniqueViolation(error, 'reminder_of')) continue;
      throw error;
    }
    run.queued++;
    const outcome = await attempt(app, id, now);
    if (outcome?.ok) run.sent++;
  }
  return run;
}
