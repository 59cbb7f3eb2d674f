/** PLACEHOLDER: the PQR engineer replaces this with the real table (issue 4). */
import type { HandlerTable } from '../../context';

export const pqrHandlers = {} as Pick<HandlerTable, keyof import('../../../../shared/contract/pqr').PqrOutputs>;
