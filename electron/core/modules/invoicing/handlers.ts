import type { HandlerTable } from '../../context';
import type { InvoicingOutputs } from '../../../../shared/contract';

/** placeholder: the engineer who owns this module this session writes its handlers here */
export const invoicingHandlers = {} as Pick<HandlerTable, keyof InvoicingOutputs>;
