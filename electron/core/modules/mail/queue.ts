/**
 * The outgoing queue and its log. A message is written first (to, purpose, document, the PDF's bytes)
 * and then tried: at once by the act that queued it, and again by the back office's scheduler
 * (scheduler.ts) until the server takes it. Each try is a row of mail_attempts with the server's
 * answer; a failure is said in Spanish. A try claims the message with one conditional UPDATE, so two
 * back offices on one PostgreSQL server never send it twice; a claim older than CLAIM_STALE_MS (a
 * program that died mid-send) may be taken again.
 *
 * Retries: after 1, 5, 15, 60 and 240 minutes; after MAX_ATTEMPTS the message is 'fallido' (the log
 * says why, and "Reintentar" queues it again). A permanent refusal (a 5xx on the recipient or the
 * content) is 'fallido' at once, and so is a failed test message (the administrator is looking).
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { MailMessage, MailPurpose, MailState } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { notFound } from '../../errors';
import { inScope, type OfficeScope } from '../../officeScope';
import { smtpSettings } from './settings';
import { sendMail, type SmtpOutcome } from './smtp';

export const RETRY_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
const CLAIM_STALE_MS = 10 * 60 * 1000;

export interface NewMessage {
  officeId: number | null;
  accountId: number | null;
  to: string;
  purpose: MailPurpose;
  documentKind: string;
  documentId: number | null;
  documentLabel: string;
  subject: string;
  body: string;
  attachment: { fileName: string; content: Buffer } | null;
}

const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

/** writes the message (pending, due now) and its audit row, in one transaction; returns its id */
export async function enqueue(db: Knex, actor: Actor, message: NewMessage, trx?: Knex.Transaction): Promise<number> {
  const work = async (t: Knex.Transaction) => {
    const [row] = await t('mail_messages')
      .insert({
        office_id: message.officeId,
        account_id: message.accountId,
        to_address: message.to,
        purpose: message.purpose,
        document_kind: message.documentKind,
        document_id: message.documentId,
        document_label: message.documentLabel,
        subject: message.subject,
        body: message.body,
        attachment_name: message.attachment?.fileName ?? '',
        attachment_base64: message.attachment?.content.toString('base64') ?? '',
        attachment_sha256: message.attachment ? crypto.createHash('sha256').update(message.attachment.content).digest('hex') : '',
        state: 'pendiente',
        attempts: 0,
        next_attempt_at: nowTimestamp(),
        created_by: actor.userId,
        created_at: nowTimestamp(),
      })
      .returning('id');
    const id = idOf(row);
    await writeAudit(t, actor, {
      action: 'mail.queue',
      entity: 'mail_message',
      entityId: id,
      after: { to: message.to, purpose: message.purpose, document: message.documentKind, documentId: message.documentId, label: message.documentLabel },
    });
    return id;
  };
  return trx ? work(trx) : retryingTransaction(db, work);
}

interface MessageRow {
  id: number;
  office_id: number | null;
  account_id: number | null;
  account_number: string | null;
  to_address: string;
  purpose: MailPurpose;
  document_kind: string;
  document_id: number | null;
  document_label: string;
  subject: string;
  body: string;
  attachment_name: string;
  attachment_base64: string;
  state: MailState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string;
  server_response: string;
  message_id: string;
  sent_at: string | null;
  created_by_name: string | null;
  created_at: string;
}

function messageQuery(db: Knex) {
  return db('mail_messages as m')
    .leftJoin('accounts as a', 'a.id', 'm.account_id')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .select('m.*', 'a.number as account_number', 'u.full_name as created_by_name');
}

async function toMessages(db: Knex, rows: MessageRow[]): Promise<MailMessage[]> {
  const ids = rows.map((r) => Number(r.id));
  const tries: { message_id: number; at: string; ok: unknown; error: string; server_response: string }[] = ids.length
    ? await db('mail_attempts').whereIn('message_id', ids).orderBy('id').select('message_id', 'at', 'ok', 'error', 'server_response')
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    officeId: r.office_id === null ? null : Number(r.office_id),
    accountId: r.account_id === null ? null : Number(r.account_id),
    accountNumber: r.account_number ?? '',
    to: r.to_address,
    purpose: r.purpose,
    documentKind: r.document_kind,
    documentId: r.document_id === null ? null : Number(r.document_id),
    documentLabel: r.document_label,
    subject: r.subject,
    attachmentName: r.attachment_name,
    state: r.state,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    serverResponse: r.server_response,
    sentAt: r.sent_at,
    createdBy: r.created_by_name ?? 'sistema',
    createdAt: r.created_at,
    tries: tries
      .filter((t) => Number(t.message_id) === Number(r.id))
      .map((t) => ({ at: t.at, ok: t.ok === true || t.ok === 1 || t.ok === '1', error: t.error, serverResponse: t.server_response })),
  }));
}

/** one message of the caller's offices (another office's: "no existe") */
export async function getMessage(db: Knex, scope: OfficeScope, id: number): Promise<MailMessage> {
  const row: MessageRow | undefined = await messageQuery(db).where('m.id', id).first();
  if (!row || !inScope(scope, row.office_id)) throw notFound('El correo');
  const [message] = await toMessages(db, [row]);
  return message;
}

export async function listMessages(db: Knex, scope: OfficeScope, filter: { accountId?: number; state?: MailState; limit?: number }): Promise<MailMessage[]> {
  const q = messageQuery(db)
    .orderBy('m.id', 'desc')
    .limit(filter.limit ?? 200);
  if (scope !== null) q.where('m.office_id', scope);
  if (filter.accountId !== undefined) q.where('m.account_id', filter.accountId);
  if (filter.state !== undefined) q.where('m.state', filter.state);
  return toMessages(db, (await q) as MessageRow[]);
}

/** after a message reached the server: what its document's workflow records (PQR notification) */
export type AfterSent = (trx: Knex.Transaction, message: { id: number; documentKind: string; documentId: number | null; to: string; response: string; sentAt: string }) => Promise<void>;

const afterSentHooks = new Map<string, AfterSent>();
export function onSent(documentKind: string, hook: AfterSent): void {
  afterSentHooks.set(documentKind, hook);
}

/**
 * One try of one message, if it is due (or `force`) and nobody else holds it. Returns the outcome, or
 * null when it was not tried.
 */
export async function attempt(app: BackOffice, id: number, now: Date = new Date(), force = false): Promise<SmtpOutcome | null> {
  const db = app.db;
  const at = now.toISOString();
  const stale = new Date(now.getTime() - CLAIM_STALE_MS).toISOString();
  const claimed = await db('mail_messages')
    .where({ id })
    .where((q) => {
      q.where((p) => {
        p.where('state', 'pendiente');
        if (!force) p.where('next_attempt_at', '<=', at);
      }).orWhere((p) => p.where('state', 'enviando').where('claimed_at', '<', stale));
      if (force) q.orWhere('state', 'fallido');
    })
    .update({ state: 'enviando', claimed_at: at });
  if (claimed === 0) return null;
  const row: MessageRow = await db('mail_messages').where({ id }).first();
  let outcome: SmtpOutcome;
  try {
    const settings = await smtpSettings(app);
    outcome = await sendMail(settings, {
      to: row.to_address,
      subject: row.subject,
      text: row.body,
      attachment: row.attachment_name ? { fileName: row.attachment_name, content: Buffer.from(row.attachment_base64, 'base64') } : null,
    });
  } catch (error) {
    // the settings are missing or the password cannot be opened here: said like a server failure
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error), response: '', permanent: false };
  }
  const attempts = Number(row.attempts) + 1;
  const finishedAt = new Date().toISOString();
  await retryingTransaction(db, async (trx) => {
    await trx('mail_attempts').insert({ message_id: id, at: finishedAt, ok: outcome.ok, error: outcome.ok ? '' : outcome.error, server_response: outcome.response });
    if (outcome.ok) {
      await trx('mail_messages')
        .where({ id })
        .update({ state: 'enviado', attempts, sent_at: finishedAt, next_attempt_at: null, claimed_at: null, last_error: '', server_response: outcome.response, message_id: outcome.messageId });
      const hook = afterSentHooks.get(row.document_kind);
      if (hook) {
        await hook(trx, {
          id,
          documentKind: row.document_kind,
          documentId: row.document_id === null ? null : Number(row.document_id),
          to: row.to_address,
          response: outcome.response,
          sentAt: finishedAt,
        });
      }
    } else {
      const giveUp = outcome.permanent || row.purpose === 'prueba' || attempts >= MAX_ATTEMPTS;
      const delay = RETRY_MINUTES[Math.min(attempts - 1, RETRY_MINUTES.length - 1)];
      const next = giveUp ? null : new Date(now.getTime() + delay * 60_000).toISOString();
      const error = giveUp ? outcome.error : `${outcome.error} Próximo intento: ${formatDate(next!.slice(0, 10))} (en ${delay} min).`;
      await trx('mail_messages')
        .where({ id })
        .update({ state: giveUp ? 'fallido' : 'pendiente', attempts, next_attempt_at: next, claimed_at: null, last_error: error, server_response: outcome.response });
    }
  });
  return outcome;
}

/** Every due message, oldest first (the scheduler's work); returns how many were sent and failed. */
export async function sendDue(app: BackOffice, now: Date = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
  const at = now.toISOString();
  const stale = new Date(now.getTime() - CLAIM_STALE_MS).toISOString();
  const due: { id: number }[] = await app.db('mail_messages')
    .where((q) => q.where('state', 'pendiente').where('next_attempt_at', '<=', at))
    .orWhere((q) => q.where('state', 'enviando').where('claimed_at', '<', stale))
    .orderBy('id')
    .limit(limit)
    .select('id');
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const outcome = await attempt(app, Number(id), now);
    if (outcome?.ok) sent++;
    else if (outcome) failed++;
  }
  return { sent, failed };
}

/** "Reintentar": a pending or failed message of the caller's offices, tried now */
export async function retryMessage(app: BackOffice, scope: OfficeScope, id: number): Promise<MailMessage> {
  const message = await getMessage(app.db, scope, id);
  if (message.state === 'enviado') return message;
  await attempt(app, id, new Date(), true);
  return getMessage(app.db, scope, id);
}
