import type { HandlerTable } from '../../context';
import type { PettyCashOutputs } from '../../../../shared/contract';

/** placeholder: the engineer who owns this module this session writes its handlers here */
export const pettyCashHandlers = {} as Pick<HandlerTable, keyof PettyCashOutputs>;
