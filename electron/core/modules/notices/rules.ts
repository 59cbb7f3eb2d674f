/**
 * Who may get which notice: the collection policy applied to one account. Pure (no database), so the
 * preview and the generation decide with the same function.
 *
 * - Suspension notice: unpaid (overdue) periods ≥ policy.suspensionMinPeriods (never more than the
 *   law's cap, Ley 142 art. 140), no open suspension notice, and — when asked — an unpaid invoice whose
 *   suspension date has passed. Invoices under a pending reclamo or recurso do not count (art. 155):
 *   an account whose only unpaid periods are disputed has paid the undisputed amounts and is not
 *   eligible, with that reason.
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
  /** pending reclamos or recursos about its overdue unpaid invoices (Ley 142 art. 155) */
  disputes?: Dispute[];
  /** overdue unpaid periods without a pending reclamo or recurso */
  undisputedUnpaidPeriods?: number;
}

export interface Dispute {
  radicado: string;
  invoiceNumber: string;
}

/** the law's cap on the unpaid periods a suspension may wait for, and its source */
export interface SuspensionCap {
  maxPeriods: number | null;
  basis: string;
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

const STAGE_DAYS: Record<CollectionStage, 'persuasivoDays' | 'prejuridicoDays' | 'juridicoDays'> = { persuasivo: 'persuasivoDays', prejuridico: 'prejuridicoDays', juridico: 'juridicoDays' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function judge(
  kind: NoticeKind,
  account: AccountDebt,
  notices: ExistingNotice[],
  policy: NoticePolicy,
  today: string,
  options: { pastSuspensionDate: boolean; cap?: SuspensionCap },
): Verdict {
  const no = (reason: string): Verdict => ({ eligible: false, reason, escalates: null });
  if (account.debt <= 0) return no('No debe nada');
  const open = notices.filter((n) => n.state !== 'cerrado');

  if (kind === 'suspension') {
    const openNotice = open.find((n) => n.kind === 'suspension');
    if (openNotice) return no(`Ya tiene el aviso ${openNotice.number} abierto`);
    // a policy stored before the cap was checked still obeys the law
    const cap = options.cap?.maxPeriods ?? null;
    const min = cap !== null ? Math.min(policy.suspensionMinPeriods, cap) : policy.suspensionMinPeriods;
    const disputes = account.disputes ?? [];
    const periods = disputes.length > 0 ? (account.undisputedUnpaidPeriods ?? account.unpaidPeriods) : account.unpaidPeriods;
    const disputed = disputes.map((d) => `${d.radicado} sobre la factura ${d.invoiceNumber}`).join(', ');
    if (disputes.length > 0 && periods === 0)
      return no(`Tiene ${disputes.length === 1 ? 'un reclamo o recurso pendiente' : 'reclamos o recursos pendientes'} (${disputed}) y pagó lo no reclamado: no se suspende por lo reclamado (Ley 142 de 1994, art. 155)`);
    if (periods < min) {
      const why = disputes.length > 0 ? ` sin reclamo pendiente (${disputed}: Ley 142 de 1994, art. 155)` : '';
      return no(`Tiene ${plural(periods, 'periodo vencido', 'periodos vencidos')}${why}; el aviso pide ${min}`);
    }
    if (options.pastSuspensionDate && (account.suspensionDate === null || account.suspensionDate >= today))
      return no(account.suspensionDate ? `Su fecha de suspensión es el ${formatDate(account.suspensionDate)}: aún no pasa` : 'Sus facturas no tienen fecha de suspensión');
    const note = disputes.length > 0 ? `; sin contar lo reclamado (${disputed})` : '';
    return { eligible: true, reason: `${plural(periods, 'periodo vencido', 'periodos vencidos')} (mínimo ${min})${note}`, escalates: null };
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
