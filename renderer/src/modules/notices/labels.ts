/** Labels of the notices module shared by its screens. */
import type { MessageKey } from '../../i18n';
import type { DeliveryMethod, NoticeKind, NoticeRow, NoticeState } from '../../../../shared/contract';

export const kindKey = (kind: NoticeKind) => `notices.kind.${kind}` as MessageKey;
export const stateKey = (state: NoticeState) => `notices.state.${state}` as MessageKey;
export const methodKey = (method: DeliveryMethod) => `notices.method.${method}` as MessageKey;

export const STATE_COLORS: Record<NoticeState, string> = { generado: 'blue', impreso: 'indigo', entregado: 'teal', cerrado: 'gray' };

/** "Cerrado (pagada)" */
export function stateText(t: (key: MessageKey) => string, notice: Pick<NoticeRow, 'state' | 'closeReason'>): string {
  const base = t(stateKey(notice.state));
  return notice.closeReason ? `${base} (${t(`notices.reason.${notice.closeReason}` as MessageKey)})` : base;
}
