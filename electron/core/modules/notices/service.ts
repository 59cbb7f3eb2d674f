/**
 * Suspension notices and collection letters: the policy, the preview, the generation of a numbered
 * round (one transaction: numbers, notice rows, escalations, one audit row; one PDF), and the
 * tracking acts (printed, delivered, closed). Open notices of accounts that paid everything are
 * closed as pagada whenever notices are previewed, listed or generated.
 */
import type { Knex } from 'knex';
import {
  DEFAULT_NOTICE_POLICY,
  NOTICE_KIND_LABELS,
  NOTICE_LETTER_KINDS,
  NOTICE_PREFIXES,
  noticePolicyFields,
  type DocumentFile,
  type GenerateResult,
  type NoticeCandidate,
  type NoticeCriteria,
  type NoticeKind,
  type NoticePolicy,
  type NoticePreviewResult,
  type NoticeRow,
} from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { invalid, notFound, rule } from '../../errors';
import { lettersPdf, type LetterData } from '../../documents/letter';
import { longDate } from '../../documents/labels';
import { pdfFile } from '../../documents/file';
import { fillLetter, getLetterSettings, loadTemplate, officeLetterhead } from '../letters/templates';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { debtors, disputesByAccount, noticeQuery, noticesByAccount, toNoticeRow, type NoticeDbRow } from './queries';
import { judge, type SuspensionCap } from './rules';
import { legalRules, type Rules } from '../pqr/catalog';
import { onlyHandedOff, withLegalHandoffs } from '../collections/legalHandoffs';

export const NOTICE_POLICY_KEY = 'noticePolicy';

export async function getNoticePolicy(db: Knex): Promise<NoticePolicy> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: NOTICE_POLICY_KEY }).first('value_json');
  if (!row) return { ...DEFAULT_NOTICE_POLICY };
  const parsed = noticePolicyFields.safeParse({ ...DEFAULT_NOTICE_POLICY, ...(JSON.parse(row.value_json) as object) });
  return parsed.success ? parsed.data : { ...DEFAULT_NOTICE_POLICY };
}

/** the law's cap on the unpaid periods before a suspension, for the billing period (legal rules table) */
export function suspensionCap(rules: Rules, billingPeriod: NoticePolicy['billingPeriod']): SuspensionCap & { explanation: string } {
  const r = billingPeriod === 'bimestral' ? rules.suspensionMaxBimonthlyPeriods : rules.suspensionMaxMonthlyPeriods;
  return { maxPeriods: r.value, basis: r.basis, explanation: r.explanation };
}

export async function saveNoticePolicy(db: Knex, actor: Actor, next: NoticePolicy): Promise<NoticePolicy> {
  if (!(next.persuasivoDays < next.prejuridicoDays && next.prejuridicoDays < next.juridicoDays))
    throw invalid('Los días de mora deben crecer de una etapa a la siguiente: persuasivo < prejurídico < jurídico.', { prejuridicoDays: 'Mayor que persuasivo', juridicoDays: 'Mayor que prejurídico' });
  const cap = suspensionCap(await legalRules(db), next.billingPeriod);
  if (cap.maxPeriods !== null && next.suspensionMinPeriods > cap.maxPeriods) {
    const kind = next.billingPeriod === 'bimestral' ? 'bimestrales' : 'mensuales';
    throw invalid(
      `La suspensión no puede esperar más de ${cap.maxPeriods} periodos ${kind} sin pagar (${cap.basis}): la política puede ser más estricta, nunca más laxa.`,
      { suspensionMinPeriods: `Máximo ${cap.maxPeriods}` },
    );
  }
  return db.transaction(async (trx) => {
    const before = await getNoticePolicy(trx);
    await trx('settings').insert({ key: NOTICE_POLICY_KEY, value_json: JSON.stringify(next) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'notices.policy.update', entity: 'settings', entityId: NOTICE_POLICY_KEY, before, after: next });
    return next;
  });
}

/**
 * Closes as pagada the open notices of accounts that owe nothing (sum of invoice balances is 0), in
 * the caller's transaction, with one audit row for the sweep. Returns how many it closed.
 */
export async function closePaidNotices(trx: Knex.Transaction, actor: Actor): Promise<number> {
  const paid: { id: number; number: string; account_id: number; state: string }[] = await trx('notices as n')
    .whereNot('n.state', 'cerrado')
    .whereNotExists(trx('invoices as i').whereRaw('i.account_id = n.account_id').andWhere('i.balance', '>', 0).select(trx.raw('1')))
    .select('n.id', 'n.number', 'n.account_id', 'n.state');
  if (paid.length === 0) return 0;
  const at = nowTimestamp();
  const ids = paid.map((p) => Number(p.id));
  for (let i = 0; i < ids.length; i += 500) {
    await trx('notices')
      .whereIn('id', ids.slice(i, i + 500))
      .update({ state: 'cerrado', close_reason: 'pagada', closed_at: at, closed_by: actor.name, close_note: 'La cuenta quedó sin deuda' });
  }
  await writeAudit(trx, actor, {
    action: 'notices.close.paid',
    entity: 'notice',
    entityId: null,
    before: paid.map((p) => ({ number: p.number, state: p.state })),
    after: { state: 'cerrado', closeReason: 'pagada', numbers: paid.map((p) => p.number) },
  });
  return paid.length;
}

/** the sweep in its own transaction (before a list or a preview) */
export async function sweepPaidNotices(db: Knex): Promise<number> {
  // cheap check first, so that reading does not take the write lock when nothing changed
  const open = await db('notices as n')
    .whereNot('n.state', 'cerrado')
    .whereNotExists(db('invoices as i').whereRaw('i.account_id = n.account_id').andWhere('i.balance', '>', 0).select(db.raw('1')))
    .first('n.id');
  if (!open) return 0;
  return retryingTransaction(db, (trx) => closePaidNotices(trx, SYSTEM_ACTOR));
}

async function candidatesFor(db: Knex, criteria: Omit<NoticeCriteria, 'limit'> & { limit?: number; accountIds?: number[] }, today: string, policy: NoticePolicy) {
  const rows = await debtors(db, today, criteria);
  const ids = rows.map((r) => r.accountId);
  const notices = await noticesByAccount(db, ids);
  // a suspension does not count the invoices under a pending reclamo or recurso (Ley 142 art. 155)
  const disputes = criteria.kind === 'suspension' ? await disputesByAccount(db, ids, today) : new Map();
  const cap = criteria.kind === 'suspension' ? suspensionCap(await legalRules(db), policy.billingPeriod) : undefined;
  return rows.map((r) => {
    const existing = notices.get(r.accountId) ?? [];
    const account = { ...r, ...(disputes.get(r.accountId) ?? {}) };
    const verdict = judge(criteria.kind, account, existing, policy, today, { pastSuspensionDate: criteria.pastSuspensionDate, cap });
    return { row: r, existing, verdict };
  });
}

export async function previewNotices(db: Knex, criteria: NoticeCriteria): Promise<NoticePreviewResult> {
  const closedAsPaid = await sweepPaidNotices(db);
  const [today, policy] = await Promise.all([businessToday(db), getNoticePolicy(db)]);
  const judged = await withLegalHandoffs(db, criteria.kind, await candidatesFor(db, await onlyHandedOff(db, criteria), today, policy));
  const candidates: NoticeCandidate[] = judged.map(({ row, existing, verdict }) => {
    const last = existing[0];
    return {
      accountId: row.accountId,
      accountNumber: row.accountNumber,
      holderName: row.holderName,
      address: row.address,
      cycle: row.cycle,
      route: row.route,
      use: row.use,
      estrato: row.estrato,
      debt: row.debt,
      unpaidPeriods: row.unpaidPeriods,
      oldestDueDate: row.oldestDueDate,
      suspensionDate: row.suspensionDate,
      daysPastDue: row.daysPastDue,
      lastNotice: last
        ? { id: last.id, number: last.number, kind: last.kind, state: last.state, closeReason: null, generatedOn: last.letterDate }
        : null,
      eligible: verdict.eligible,
      reason: verdict.reason,
    };
  });
  // the close reason of the last notices, in one read
  const lastIds = candidates.flatMap((c) => (c.lastNotice && c.lastNotice.state === 'cerrado' ? [c.lastNotice.id] : []));
  if (lastIds.length) {
    const reasons = new Map<number, string>();
    for (let i = 0; i < lastIds.length; i += 500) {
      const rows: { id: number; close_reason: string }[] = await db('notices').whereIn('id', lastIds.slice(i, i + 500)).select('id', 'close_reason');
      for (const r of rows) reasons.set(Number(r.id), r.close_reason);
    }
    for (const c of candidates) if (c.lastNotice && reasons.has(c.lastNotice.id)) c.lastNotice.closeReason = reasons.get(c.lastNotice.id) as 'pagada';
  }
  return { kind: criteria.kind, today, candidates, eligibleCount: candidates.filter((c) => c.eligible).length, closedAsPaid, limited: candidates.length >= criteria.limit };
}

function noticeLetter(r: NoticeDbRow, head: LetterData['head'], watermark?: string): LetterData {
  return {
    head,
    city: r.city,
    date: r.letter_date,
    number: r.number,
    recipient: { name: r.recipient_name, lines: JSON.parse(r.recipient_lines_json) as string[] },
    reference: [`Cuenta No. ${r.account_number}`],
    subject: r.subject,
    body: r.body,
    signer: { name: r.signer_name, title: r.signer_title },
    footer: r.footer,
    watermark,
  };
}

export interface GenerateInput {
  kind: NoticeKind;
  accountIds: number[];
  templateId?: number;
  pastSuspensionDate: boolean;
}

/**
 * One numbered round: every chosen account must be eligible (checked again inside the transaction),
 * or nothing is written. Numbers come from the kind's counter of the year; the previous stage's open
 * letters close as escalada; one audit row names the round, its numbers and the escalations.
 */
export async function generateNotices(db: Knex, actor: Actor, officeId: number, input: GenerateInput): Promise<GenerateResult> {
  const accountIds = [...new Set(input.accountIds)];
  const letterKind = NOTICE_LETTER_KINDS[input.kind];
  const [template, settings, letterhead, company, rules] = await Promise.all([
    loadTemplate(db, letterKind, input.templateId),
    getLetterSettings(db),
    officeLetterhead(db, officeId),
    getCompany(db),
    legalRules(db),
  ]);
  const recursoDays = rules.recursoBusinessDays.value ?? 5;
  if (!template.active) throw rule(`La plantilla «${template.name}» está desactivada.`);

  const { stored, batch, escalated } = await retryingTransaction(db, async (trx) => {
    await closePaidNotices(trx, SYSTEM_ACTOR);
    const [today, policy] = await Promise.all([businessToday(trx), getNoticePolicy(trx)]);
    const judged = await withLegalHandoffs(trx, input.kind, await candidatesFor(trx, { kind: input.kind, pastSuspensionDate: input.pastSuspensionDate, accountIds }, today, policy));
    const found = new Set(judged.map((j) => j.row.accountId));
    const refusals = [
      ...accountIds.filter((id) => !found.has(id)).map((id) => `la cuenta con id ${id} no tiene deuda`),
      ...judged.filter((j) => !j.verdict.eligible).map((j) => `${j.row.accountNumber}: ${j.verdict.reason}`),
    ];
    if (refusals.length) {
      const shown = refusals.slice(0, 3).join('; ');
      throw rule(`No se generó ningún aviso: ${refusals.length === 1 ? 'una cuenta no cumple' : `${refusals.length} cuentas no cumplen`} (${shown}${refusals.length > 3 ? '; …' : ''}).`);
    }

    const year = today.slice(0, 4);
    const prefix = NOTICE_PREFIXES[input.kind];
    const numbers: string[] = [];
    for (let i = 0; i < judged.length; i++) numbers.push(`${prefix}-${year}-${String(await nextNumber(trx, `notice:${prefix}:${year}`)).padStart(6, '0')}`);
    const at = nowTimestamp();
    const [insertedBatch] = await trx('notice_batches')
      .insert({
        kind: input.kind,
        office_id: officeId,
        template_id: template.id,
        count: judged.length,
        first_number: numbers[0],
        last_number: numbers[numbers.length - 1],
        created_at: at,
        created_by: actor.userId,
        created_by_name: actor.name,
      })
      .returning('id');
    const batchId = Number(typeof insertedBatch === 'object' ? insertedBatch.id : insertedBatch);
    const suspensionDate = addDays(today, policy.suspensionGraceDays);

    const rows = judged.map(({ row }, i) => {
      const values = {
        fecha: longDate(today),
        ciudad: letterhead.office.city,
        empresa: company.name,
        oficina: letterhead.office.name,
        firmante: settings.signerName,
        cargo_firmante: settings.signerTitle,
        destinatario: row.holderName,
        direccion: row.noticeAddress || row.address,
        numero_aviso: numbers[i],
        cuenta: row.accountNumber,
        titular: row.holderName,
        direccion_predio: row.address,
        deuda: formatMoney(row.debt, company.currency),
        periodos: String(row.unpaidPeriods),
        fecha_suspension: longDate(suspensionDate),
        dias_mora: String(row.daysPastDue),
        etapa: NOTICE_KIND_LABELS[input.kind],
        plazo_recurso: String(recursoDays),
      };
      const letter = fillLetter(template, values);
      // a suspension notice always states the recursos against it and their term (Ley 142 arts. 154, 155 and 159)
      if (input.kind === 'suspension' && !/reposici[oó]n/i.test(letter.body)) letter.body = withRecursos(letter.body, recursoDays);
      const lines = [row.noticeAddress || row.address, row.neighborhood ? `Barrio ${row.neighborhood}` : '', letterhead.office.city].filter(Boolean);
      return {
        number: numbers[i],
        kind: input.kind,
        batch_id: batchId,
        account_id: row.accountId,
        letter_date: today,
        debt: row.debt,
        unpaid_periods: row.unpaidPeriods,
        oldest_due_date: row.oldestDueDate,
        suspension_date: input.kind === 'suspension' ? suspensionDate : null,
        days_past_due: row.daysPastDue,
        recipient_name: row.holderName,
        recipient_lines_json: JSON.stringify(lines),
        city: letterhead.office.city,
        subject: letter.subject,
        body: letter.body,
        signer_name: settings.signerName,
        signer_title: settings.signerTitle,
        footer: settings.footer,
        state: 'generado',
        generated_at: at,
        generated_by: actor.name,
      };
    });
    for (let i = 0; i < rows.length; i += 50) await trx('notices').insert(rows.slice(i, i + 50));

    const escalations = judged.flatMap((j, i) => (j.verdict.escalates ? [{ previous: j.verdict.escalates, by: numbers[i] }] : []));
    for (const e of escalations) {
      await trx('notices').where({ id: e.previous.id }).update({ state: 'cerrado', close_reason: 'escalada', closed_at: at, closed_by: actor.name, close_note: `Escalado con ${e.by}` });
    }

    const stored: NoticeDbRow[] = await noticeQuery(trx).where('n.batch_id', batchId).orderBy('n.id');
    const batch = { id: batchId, kind: input.kind, count: stored.length, firstNumber: numbers[0], lastNumber: numbers[numbers.length - 1], createdAt: at };
    await writeAudit(trx, actor, {
      action: 'notices.generate',
      entity: 'notice_batch',
      entityId: batchId,
      after: { ...batch, templateId: template.id, numbers, accounts: stored.map((r) => r.account_number), escalated: escalations.map((e) => ({ closed: e.previous.number, by: e.by })) },
    });
    return { stored, batch, escalated: escalations.length };
  });
  // The PDF is drawn after the commit, from the stored letters (what a reprint draws too): a round of
  // hundreds of letters takes seconds of CPU, and the counters must not wait for it on the write lock.
  const pdf = await lettersPdf(
    stored.map((r) => noticeLetter(r, letterhead.head)),
    `${NOTICE_KIND_LABELS[input.kind]} ${batch.firstNumber} a ${batch.lastNumber}`,
  );
  return { batch, notices: stored.map(toNoticeRow), escalated, file: pdfFile(`avisos-${batch.firstNumber}.pdf`, pdf) };
}

/** the paragraph of the recursos against a suspension notice, put before the closing ("Cordialmente,") */
export function withRecursos(body: string, recursoDays: number): string {
  const paragraph =
    `Contra este aviso proceden el recurso de reposición ante la empresa y, en subsidio, el de apelación ante la Superintendencia de Servicios Públicos ` +
    `Domiciliarios, que puede presentar por escrito dentro de los ${recursoDays} días hábiles siguientes a su recibo (Ley 142 de 1994, arts. 154 y 159). ` +
    'Mientras se resuelve un reclamo o recurso sobre la factura, y si paga lo que no reclama, el servicio no se suspende por lo reclamado (art. 155).';
  const closing = /\n\s*\n(Cordialmente,?|Atentamente,?)\s*$/i.exec(body);
  return closing ? `${body.slice(0, closing.index)}\n\n${paragraph}${body.slice(closing.index)}` : `${body}\n\n${paragraph}`;
}

async function loadNotices(trx: Knex | Knex.Transaction, noticeIds: number[]): Promise<NoticeDbRow[]> {
  const rows: NoticeDbRow[] = [];
  for (let i = 0; i < noticeIds.length; i += 500) rows.push(...((await noticeQuery(trx).whereIn('n.id', noticeIds.slice(i, i + 500)).orderBy('n.id')) as NoticeDbRow[]));
  if (rows.length !== new Set(noticeIds).size) throw notFound('Uno de los avisos');
  return rows;
}

/** generado → impreso (already printed or delivered ones are left as they are; closed ones refuse) */
export async function markPrinted(db: Knex, actor: Actor, noticeIds: number[]): Promise<NoticeRow[]> {
  return retryingTransaction(db, async (trx) => {
    const rows = await loadNotices(trx, noticeIds);
    const closed = rows.filter((r) => r.state === 'cerrado');
    if (closed.length) throw rule(`${closed.map((r) => r.number).join(', ')} ${closed.length === 1 ? 'está cerrado' : 'están cerrados'}: no se marca${closed.length === 1 ? '' : 'n'} como impreso${closed.length === 1 ? '' : 's'}.`);
    const toMark = rows.filter((r) => r.state === 'generado');
    const at = nowTimestamp();
    if (toMark.length) {
      await trx('notices').whereIn('id', toMark.map((r) => r.id)).update({ state: 'impreso', printed_at: at, printed_by: actor.name });
      await writeAudit(trx, actor, { action: 'notices.printed', entity: 'notice', entityId: toMark.length === 1 ? toMark[0].id : null, before: { state: 'generado' }, after: { state: 'impreso', numbers: toMark.map((r) => r.number) } });
    }
    return (await loadNotices(trx, noticeIds)).map(toNoticeRow);
  });
}

export interface DeliveryInput {
  noticeIds: number[];
  deliveredOn: string;
  deliveredBy: string;
  method: 'personal' | 'correo' | 'fijado';
  note: string;
}

/** records the delivery (date, who delivered, how) of generated or printed notices */
export async function recordDelivery(db: Knex, actor: Actor, input: DeliveryInput): Promise<NoticeRow[]> {
  const today = await businessToday(db);
  if (input.deliveredOn > today) throw invalid('La fecha de entrega no puede ser posterior a hoy.', { deliveredOn: 'Posterior a hoy' });
  return retryingTransaction(db, async (trx) => {
    const rows = await loadNotices(trx, input.noticeIds);
    const wrong = rows.filter((r) => r.state === 'cerrado' || r.state === 'entregado');
    if (wrong.length) throw rule(`${wrong.map((r) => `${r.number} (${r.state === 'cerrado' ? 'cerrado' : 'ya entregado'})`).join(', ')}: no se registra la entrega.`);
    const early = rows.filter((r) => r.letter_date > input.deliveredOn);
    if (early.length) throw invalid(`La entrega no puede ser anterior a la fecha del aviso (${early[0].number}: ${longDate(early[0].letter_date)}).`, { deliveredOn: 'Anterior al aviso' });
    await trx('notices')
      .whereIn('id', rows.map((r) => r.id))
      .update({ state: 'entregado', delivered_on: input.deliveredOn, delivered_by: input.deliveredBy, delivery_method: input.method, delivery_note: input.note, delivery_recorded_by: actor.name });
    await writeAudit(trx, actor, {
      action: 'notices.delivered',
      entity: 'notice',
      entityId: rows.length === 1 ? rows[0].id : null,
      before: rows.map((r) => ({ number: r.number, state: r.state })),
      after: { state: 'entregado', deliveredOn: input.deliveredOn, deliveredBy: input.deliveredBy, method: input.method, note: input.note, numbers: rows.map((r) => r.number) },
    });
    return (await loadNotices(trx, input.noticeIds)).map(toNoticeRow);
  });
}

/** closes one notice by hand: anulada, or pagada when the account owes nothing */
export async function closeNotice(db: Knex, actor: Actor, input: { noticeId: number; reason: 'pagada' | 'anulada'; note: string }): Promise<NoticeRow> {
  return retryingTransaction(db, async (trx) => {
    const [row] = await loadNotices(trx, [input.noticeId]);
    if (row.state === 'cerrado') throw rule(`El aviso ${row.number} ya está cerrado (${row.close_reason}).`);
    if (input.reason === 'pagada') {
      const owed = (await trx('invoices').where({ account_id: row.account_id }).andWhere('balance', '>', 0).sum({ debt: 'balance' }).first()) as { debt: number | string | null } | undefined;
      const debt = Number(owed?.debt ?? 0);
      if (debt > 0) throw rule(`La cuenta ${row.account_number} todavía debe ${formatMoney(debt)}: el aviso no se cierra como pagado.`);
    }
    await trx('notices').where({ id: row.id }).update({ state: 'cerrado', close_reason: input.reason, close_note: input.note, closed_at: nowTimestamp(), closed_by: actor.name });
    await writeAudit(trx, actor, { action: 'notices.close', entity: 'notice', entityId: row.id, before: { number: row.number, state: row.state }, after: { state: 'cerrado', closeReason: input.reason, note: input.note } });
    return toNoticeRow((await loadNotices(trx, [row.id]))[0]);
  });
}

/** the stored letters again, marked COPIA: one notice or a whole round */
export async function noticesPdf(db: Knex, input: { noticeId?: number; batchId?: number }): Promise<DocumentFile> {
  if ((input.noticeId === undefined) === (input.batchId === undefined)) throw invalid('Indique un aviso o una tanda.', {});
  const query = noticeQuery(db).orderBy('n.id');
  if (input.noticeId !== undefined) query.where('n.id', input.noticeId);
  else query.where('n.batch_id', input.batchId as number);
  const rows: NoticeDbRow[] = await query;
  if (rows.length === 0) throw notFound(input.noticeId !== undefined ? 'El aviso' : 'La tanda de avisos');
  const batch: { office_id: number } = await db('notice_batches').where({ id: rows[0].batch_id }).first('office_id');
  const { head } = await officeLetterhead(db, Number(batch.office_id));
  const pdf = await lettersPdf(
    rows.map((r) => noticeLetter(r, head, 'COPIA')),
    `Copia ${rows[0].number}`,
  );
  return pdfFile(`${rows.length === 1 ? rows[0].number : `avisos-${rows[0].number}`}-copia.pdf`, pdf);
}
