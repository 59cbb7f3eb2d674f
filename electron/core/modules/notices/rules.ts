/**
 * Who may get which notice: the collection policy applied to one account. Pure (no database), so the
 * preview and the generation decide with the same function.
 *
 * - Suspension notice: unpaid (overdue) periods ≥ policy.suspensionMinPeriods, no open suspension
 *   notice, and — when asked — an unpaid invoice whose suspension date has passed.
 * - Collection letters: persuasivo → prejurídico → jurídico. A stage needs the days past due of its
 *   policy, no open letter of the same or a later stage, and (after persuasivo) an OPEN letter of the
 *   previous stage that was delivered or generated at least policy.stageWaitDays days before.
 */
import { COLLECTION_STAGES, NOTICE_KIND_LABELS, type CollectionStage, type NoticeKind, type NoticePolicy, type NoticeState } from '../../../../shared/contract';
import { addDays, formatDate } from '../../../../shared/dates';

export interface AccountDebt {
  debt: number;
  unpaidPeriods: number;
  daysPastDue: number;
  /** the earliest suspension date among its unpaid invoices */
  suspensionDate: string | null;
}

export interface ExistingNotice {
  id: number;
  number: string;
  kind: NoticeKind;
  state: NoticeState;
  /** 'YYYY-MM-DD' of the letter */
  letterDate: string;
}

export interface Verdict {
  eligible: boolean;
  reason: string;
  /** the open previous-stage letter this one escalates (closed as escalada on generation) */
  escalates: ExistingNotice | null;
}

const STAGE_DAYS: Record<CollectionStage, keyof NoticePolicy> = { persuasivo: 'persuasivoDays', prejuridico: 'prejuridicoDays', juridico: 'juridicoDays' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function judge(kind: NoticeKind, account: AccountDebt, notices: ExistingNotice[], policy: NoticePolicy, today: string, options: { pastSuspensionDate: boolean }): Verdict {
  const no = (reason: string): Verdict => ({ eligible: false, reason, escalates: null });
  if (account.debt <= 0) return no('No debe nada');
  const open = notices.filter((n) => n.state !== 'cerrado');

  if (kind === 'suspension') {
    const openNotice = open.find((n) => n.kind === 'suspension');
    if (openNotice) return no(`Ya tiene el aviso ${openNotice.number} abierto`);
    if (account.unpaidPeriods < policy.suspensionMinPeriods)
      return no(`Tiene ${plural(account.unpaidPeriods, 'periodo vencido', 'periodos vencidos')}; el aviso pide ${policy.suspensionMinPeriods}`);
    if (options.pastSuspensionDate && (account.suspensionDate === null || account.suspensionDate >= today))
      return no(account.suspensionDate ? `Su fecha de suspensión es el ${formatDate(account.suspensionDate)}: aún no pasa` : 'Sus facturas no tienen fecha de suspensión');
    return { eligible: true, reason: `${plural(account.unpaidPeriods, 'periodo vencido', 'periodos vencidos')} (mínimo ${policy.suspensionMinPeriods})`, escalates: null };
  }

  const stage = COLLECTION_STAGES.indexOf(kind);
  const openLetters = open.filter((n) => n.kind !== 'suspension').sort((a, b) => COLLECTION_STAGES.indexOf(b.kind as CollectionStage) - COLLECTION_STAGES.indexOf(a.kind as CollectionStage));
  const current = openLetters[0];
  if (current && COLLECTION_STAGES.indexOf(current.kind as CollectionStage) >= stage) return no(`Ya tiene el ${NOTICE_KIND_LABELS[current.kind].toLowerCase()} ${current.number} abierto`);
  const minDays = policy[STAGE_DAYS[kind]];
  if (account.daysPastDue < minDays) return no(`Lleva ${plural(account.daysPastDue, 'día', 'días')} de mora; esta etapa aplica desde ${minDays}`);
  if (stage === 0) return { eligible: true, reason: `${plural(account.daysPastDue, 'día', 'días')} de mora (desde ${minDays})`, escalates: null };

  const previousKind = COLLECTION_STAGES[stage - 1];
  const previous = openLetters.find((n) => n.kind === previousKind);
  if (!previous) return no(`Falta el ${NOTICE_KIND_LABELS[previousKind].toLowerCase()}: las etapas no se saltan`);
  const delivered = previous.state === 'entregado';
  const waitUntil = addDays(previous.letterDate, policy.stageWaitDays);
  if (!delivered && waitUntil > today) return no(`El ${NOTICE_KIND_LABELS[previousKind].toLowerCase()} ${previous.number} no se ha entregado: podrá escalar desde el ${formatDate(waitUntil)}`);
  return { eligible: true, reason: `Escala el ${NOTICE_KIND_LABELS[previousKind].toLowerCase()} ${previous.number}${delivered ? ' (entregado)' : ''}`, escalates: previous };
}
