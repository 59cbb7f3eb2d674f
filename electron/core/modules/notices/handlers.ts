import type { HandlerTable } from '../../context';
import type { NoticesOutputs } from '../../../../shared/contract';

/** placeholder: the engineer who owns this module this session writes its handlers here */
export const noticeHandlers = {} as Pick<HandlerTable, keyof NoticesOutputs>;
