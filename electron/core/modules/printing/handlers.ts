import type { HandlerTable } from '../../context';
import type { PrintingOutputs } from '../../../../shared/contract';

/** placeholder: the engineer who owns this module this session writes its handlers here */
export const printingHandlers = {} as Pick<HandlerTable, keyof PrintingOutputs>;
