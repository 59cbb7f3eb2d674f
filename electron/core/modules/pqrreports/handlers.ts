import type { HandlerTable } from '../../context';
import type { PqrReportsOutputs } from '../../../../shared/contract';

/** placeholder: the engineer who owns this module this session writes its handlers here */
export const pqrReportHandlers = {} as Pick<HandlerTable, keyof PqrReportsOutputs>;
