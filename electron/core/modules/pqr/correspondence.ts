/**
 * Outgoing (salida) and internal (interna) correspondence that is not the answer itself: a
 * radicado of its own (the same sequences as the PQRs' radicados, one per kind, office and year), a
 * letter filled from the templates correspondencia_salida / correspondencia_interna, the delivery
 * record (carrier, guide, sent on, delivered on, received by) and the annulment of a radicado made
 * by mistake (the number stays, anulado, with the reason; the letter then prints ANULADO).
 *
 * The letters a PQR sends to third parties (the traslado to another entity, the remisión to the
 * SSPD) are correspondence too: `insertCorrespondence` files them inside the PQR act's transaction.
 */
import type { Knex } from 'knex';
import type { AnswerTemplateOption, Correspondence, CorrespondenceItem, CorrespondenceKind, DocumentFile } from '../../../../shared/contract';
import { formatDate, type IsoDate } from '../../../../shared/dates';
import type { LetterKind } from '../../../../shared/letterTemplates';
import { normalizeForSearch } from '../../../../shared/text';
import type { BackOffice } from '../../context';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf, retryingTransaction } from '../../db/dialect';
import { pdfFile } from '../../documents/file';
import { longDate } from '../../documents/labels';
import { letterPdf, type LetterData } from '../../documents/letter';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { fillLetter, loadTemplate, templatesOfKind } from '../letters/templates';
import { letterBase, type PqrLetterBase } from './letters';
import { officeScope, visiblePqr, type Reader } from './queries';
import { issueRadicado, normalizeRadicado } from './radicados';
import type { Worker } from './service';

export const CORRESPONDENCE_TEMPLATE_KIND: Record<CorrespondenceKind, LetterKind> = { salida: 'correspondencia_salida', interna: 'correspondencia_interna' };

export interface CreateInput {
  kind: CorrespondenceKind;
  recipientName: string;
  recipientAddress: string;
  subject: string;
  text: string;
  templateId?: number;
  pqrId?: number;
}

/** the values every letter of an office shares ({{fecha}}, {{ciudad}}, {{firmante}}…) */
function commonValues(base: PqrLetterBase, date: IsoDate): Record<string, string> {
  return {
    fecha: longDate(date),
    ciudad: base.city,
    empresa: base.companyName,
    oficina: base.officeName,
    firmante: base.signer.name,
    cargo_firmante: base.signer.title,
  };
}

/**
 * Files one piece of correspondence in the caller's transaction: the radicado, the row (subject and
 * body already filled, the radicado's own number too) and its audit row. Returns the id and number.
 */
export async function insertCorrespondence(
  trx: Knex.Transaction,
  worker: Worker,
  c: {
    officeId: number;
    kind: CorrespondenceKind;
    pqrId: number | null;
    templateId: number | null;
    recipientName: string;
    recipientAddress: string;
    businessDate: IsoDate;
    signer: { name: string; title: string };
    /** subject and body given the radicado number */
    letter: (radicado: string) => { subject: string; body: string };
  },
): Promise<{ id: number; radicado: string }> {
  const office: { code: string } | undefined = await trx('offices').where({ id: c.officeId }).first('code');
  if (!office) throw notFound('La oficina');
  const radicado = await issueRadicado(trx, { officeId: c.officeId, officeCode: office.code, kind: c.kind, businessDate: c.businessDate, userId: worker.userId });
  const { subject, body } = c.letter(radicado.number);
  const row = {
    radicado_id: radicado.id,
    office_id: c.officeId,
    kind: c.kind,
    pqr_id: c.pqrId,
    template_id: c.templateId,
    recipient_name: c.recipientName,
    recipient_address: c.recipientAddress,
    subject: subject.slice(0, 300),
    body,
    signer_name: c.signer.name,
    signer_title: c.signer.title,
    business_date: c.businessDate,
    created_by: worker.userId,
    created_at: nowTimestamp(),
    search_text: normalizeForSearch(`${c.recipientName} ${subject}`),
  };
  const [inserted] = await trx('correspondence').insert(row).returning('id');
  const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
  const { search_text: _search, body: _body, ...audited } = row;
  await writeAudit(trx, worker.actor, { action: 'correspondence.create', entity: 'correspondence', entityId: id, after: { radicado: radicado.number, ...audited } });
  return { id, radicado: radicado.number };
}

async function callerOffice(db: Knex, worker: Worker): Promise<number> {
  if (worker.officeId !== null) return worker.officeId;
  const first: { id: number } | undefined = await db('offices').orderBy('id').first('id');
  if (!first) throw notFound('La oficina');
  return Number(first.id);
}

/** the templates of a kind, with the office's values filled; {{asunto}}, {{texto}}, {{destinatario}} stay as [asunto]… */
export async function correspondenceTemplates(db: Knex, worker: Worker, kind: CorrespondenceKind): Promise<AnswerTemplateOption[]> {
  const base = await letterBase(db, await callerOffice(db, worker));
  const values = commonValues(base, await businessToday(db));
  return (await templatesOfKind(db, CORRESPONDENCE_TEMPLATE_KIND[kind])).map((t) => {
    const filled = fillLetter(t, values);
    return { templateId: t.id, name: t.name, subject: filled.subject, body: filled.body };
  });
}

export async function createCorrespondence(app: BackOffice, worker: Worker, input: CreateInput): Promise<number> {
  const db = app.db;
  if (worker.officeId === null) throw rule('Radique desde una oficina: ingrese con un usuario de la oficina que envía.');
  const officeId = worker.officeId;
  const template = await loadTemplate(db, CORRESPONDENCE_TEMPLATE_KIND[input.kind], input.templateId);
  if (input.pqrId !== undefined) {
    await visiblePqr(db, worker, input.pqrId).catch(() => {
      throw new AppError('NOT_FOUND', 'La PQR relacionada no existe.', { pqrId: 'No existe' });
    });
  }
  const base = await letterBase(db, officeId);
  const today = await businessToday(db);
  return retryingTransaction(db, async (trx) => {
    const { id } = await insertCorrespondence(trx, worker, {
      officeId,
      kind: input.kind,
      pqrId: input.pqrId ?? null,
      templateId: template.id,
      recipientName: input.recipientName,
      recipientAddress: input.recipientAddress,
      businessDate: today,
      signer: base.signer,
      letter: (radicado) =>
        fillLetter(template, {
          ...commonValues(base, today),
          radicado,
          asunto: input.subject,
          texto: input.text,
          destinatario: input.recipientName,
          direccion: input.recipientAddress,
        }),
    });
    return id;
  });
}

interface CorrespondenceRow {
  id: number;
  radicado: string;
  radicado_status: string;
  annul_reason: string | null;
  annulled_at: string | null;
  annulled_by_name: string | null;
  office_id: number;
  kind: CorrespondenceKind;
  pqr_id: number | null;
  pqr_radicado: string | null;
  recipient_name: string;
  recipient_address: string;
  subject: string;
  body: string;
  signer_name: string;
  signer_title: string;
  business_date: string;
  created_by_name: string | null;
  created_at: string;
  carrier: string | null;
  guide: string | null;
  sent_on: string | null;
  delivered_on: string | null;
  received_by: string | null;
}

function baseQuery(db: Knex) {
  return db('correspondence as c')
    .join('radicados as r', 'r.id', 'c.radicado_id')
    .leftJoin('pqrs as p', 'p.id', 'c.pqr_id')
    .leftJoin('radicados as pr', 'pr.id', 'p.radicado_id')
    .leftJoin('users as cb', 'cb.id', 'c.created_by')
    .leftJoin('users as ab', 'ab.id', 'r.annulled_by')
    .select(
      'c.id',
      'r.number as radicado',
      'r.status as radicado_status',
      'r.annul_reason',
      'r.annulled_at',
      'ab.full_name as annulled_by_name',
      'c.office_id',
      'c.kind',
      'c.pqr_id',
      'pr.number as pqr_radicado',
      'c.recipient_name',
      'c.recipient_address',
      'c.subject',
      'c.body',
      'c.signer_name',
      'c.signer_title',
      'c.business_date',
      'cb.full_name as created_by_name',
      'c.created_at',
      'c.carrier',
      'c.guide',
      'c.sent_on',
      'c.delivered_on',
      'c.received_by',
    );
}

function toItem(r: CorrespondenceRow): CorrespondenceItem {
  return {
    id: Number(r.id),
    radicado: r.radicado,
    kind: r.kind,
    recipientName: r.recipient_name,
    subject: r.subject,
    businessDate: r.business_date,
    pqrRadicado: r.pqr_radicado ?? null,
    annulled: r.radicado_status === 'anulado',
    delivery: r.carrier
      ? { carrier: r.carrier, guide: r.guide ?? '', sentOn: r.sent_on ?? '', deliveredOn: r.delivered_on ?? null, receivedBy: r.received_by ?? '' }
      : null,
  };
}

function toCorrespondence(r: CorrespondenceRow): Correspondence {
  return {
    ...toItem(r),
    pqrId: r.pqr_id === null ? null : Number(r.pqr_id),
    recipientAddress: r.recipient_address,
    body: r.body,
    signer: { name: r.signer_name, title: r.signer_title },
    createdBy: r.created_by_name ?? 'sistema',
    createdAt: r.created_at,
    annul: r.radicado_status === 'anulado' ? { reason: r.annul_reason ?? '', at: r.annulled_at ?? '', by: r.annulled_by_name ?? 'sistema' } : null,
  };
}

/** one piece the reader may see (another office's: "no existe") */
export async function getCorrespondence(db: Knex, reader: Reader, id: number): Promise<Correspondence> {
  const row: CorrespondenceRow | undefined = await baseQuery(db).where('c.id', id).first();
  const scope = officeScope(reader);
  if (!row || (scope !== null && Number(row.office_id) !== scope)) throw notFound('La comunicación');
  return toCorrespondence(row);
}

export interface ListInput {
  kind?: CorrespondenceKind;
  text: string;
  from?: string;
  to?: string;
  pendingDelivery: boolean;
  limit: number;
}

/** the newest first; text: a radicado, or words that begin words of the recipient or the subject */
export async function listCorrespondence(db: Knex, reader: Reader, input: ListInput): Promise<CorrespondenceItem[]> {
  const q = baseQuery(db);
  const scope = officeScope(reader);
  if (scope !== null) q.where('c.office_id', scope);
  if (input.kind) q.where('c.kind', input.kind);
  if (input.from) q.where('c.business_date', '>=', input.from);
  if (input.to) q.where('c.business_date', '<=', input.to);
  if (input.pendingDelivery) q.whereNull('c.sent_on').where('r.status', 'vigente');
  const text = input.text.trim();
  if (text !== '') {
    const number = normalizeRadicado(text);
    if (number) q.where('r.number', number);
    else {
      const words = normalizeForSearch(text).split(' ').filter((w) => w !== '');
      for (const word of words) q.where((w) => w.where('c.search_text', 'like', `${word}%`).orWhere('c.search_text', 'like', `% ${word}%`));
    }
  }
  const rows: CorrespondenceRow[] = await q.orderBy('c.id', 'desc').limit(input.limit);
  return rows.map(toItem);
}

/** one piece in a transaction, under the write lock, for a change */
async function lockedRow(trx: Knex.Transaction, reader: Reader, id: number): Promise<CorrespondenceRow> {
  const query = baseQuery(trx).where('c.id', id);
  const row: CorrespondenceRow | undefined = await (engineOf(trx) === 'pg' ? query.forUpdate('c') : query).first();
  const scope = officeScope(reader);
  if (!row || (scope !== null && Number(row.office_id) !== scope)) throw notFound('La comunicación');
  return row;
}

export interface DeliveryInput {
  correspondenceId: number;
  carrier: string;
  guide: string;
  sentOn: string;
  deliveredOn?: string;
  receivedBy: string;
}

/** the delivery record; recorded again it replaces the former one (the audit keeps both) */
export async function recordDelivery(app: BackOffice, worker: Worker, input: DeliveryInput): Promise<Correspondence> {
  const today = await businessToday(app.db);
  await retryingTransaction(app.db, async (trx) => {
    const row = await lockedRow(trx, worker, input.correspondenceId);
    if (row.radicado_status === 'anulado') throw rule(`El radicado ${row.radicado} está anulado: no se registra su entrega.`);
    if (input.sentOn < row.business_date) throw invalid(`La fecha de envío no puede ser anterior a la de la comunicación (${formatDate(row.business_date)}).`, { sentOn: 'Antes de la comunicación' });
    if (input.sentOn > today) throw invalid('La fecha de envío no puede ser futura.', { sentOn: 'Fecha futura' });
    if (input.deliveredOn !== undefined) {
      if (input.deliveredOn < input.sentOn) throw invalid('La fecha de entrega no puede ser anterior a la de envío.', { deliveredOn: 'Antes del envío' });
      if (input.deliveredOn > today) throw invalid('La fecha de entrega no puede ser futura.', { deliveredOn: 'Fecha futura' });
    }
    const before = { carrier: row.carrier, guide: row.guide, sent_on: row.sent_on, delivered_on: row.delivered_on, received_by: row.received_by };
    const after = { carrier: input.carrier, guide: input.guide, sent_on: input.sentOn, delivered_on: input.deliveredOn ?? null, received_by: input.receivedBy };
    await trx('correspondence')
      .where({ id: row.id })
      .update({ ...after, delivery_recorded_by: worker.userId });
    await writeAudit(trx, worker.actor, { action: 'correspondence.recordDelivery', entity: 'correspondence', entityId: Number(row.id), before, after: { radicado: row.radicado, ...after } });
  });
  return getCorrespondence(app.db, worker, input.correspondenceId);
}

export async function annulCorrespondence(app: BackOffice, worker: Worker, input: { correspondenceId: number; reason: string }): Promise<Correspondence> {
  await retryingTransaction(app.db, async (trx) => {
    const row = await lockedRow(trx, worker, input.correspondenceId);
    if (row.radicado_status === 'anulado') throw conflict(`El radicado ${row.radicado} ya está anulado.`);
    const radicado: { id: number } = await trx('correspondence').where({ id: row.id }).first('radicado_id as id');
    await trx('radicados')
      .where({ id: radicado.id })
      .update({ status: 'anulado', annul_reason: input.reason, annulled_by: worker.userId, annulled_at: nowTimestamp() });
    await writeAudit(trx, worker.actor, {
      action: 'correspondence.annul',
      entity: 'correspondence',
      entityId: Number(row.id),
      before: { radicado: row.radicado, status: 'vigente' },
      after: { radicado: row.radicado, status: 'anulado', reason: input.reason },
    });
  });
  return getCorrespondence(app.db, worker, input.correspondenceId);
}

/** the letter of a piece of correspondence; ANULADO across it when its radicado was annulled */
export async function correspondenceLetterData(db: Knex, item: Correspondence, officeId: number): Promise<LetterData> {
  const base = await letterBase(db, officeId);
  return {
    head: base.head,
    city: base.city,
    date: item.businessDate,
    number: item.radicado,
    recipient: { name: item.recipientName, lines: [item.recipientAddress] },
    salutation: item.kind === 'interna' ? 'Para:' : undefined,
    reference: item.pqrRadicado ? [`Referencia: Radicado No. ${item.pqrRadicado}`] : undefined,
    subject: item.subject,
    body: item.body,
    signer: item.signer,
    footer: base.footer,
    watermark: item.annulled ? 'ANULADO' : undefined,
  };
}

export async function correspondenceLetterFile(db: Knex, reader: Reader, id: number): Promise<DocumentFile> {
  const item = await getCorrespondence(db, reader, id);
  const row: { office_id: number } = await db('correspondence').where({ id }).first('office_id');
  const data = await correspondenceLetterData(db, item, Number(row.office_id));
  return pdfFile(`${item.kind === 'interna' ? 'memorando' : 'comunicacion'}-${item.radicado}.pdf`, await letterPdf(data));
}
