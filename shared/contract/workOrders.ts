/**
 * The contract of issue 17, órdenes de trabajo: suspension and reconnection orders, crews, results and the board.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const workOrdersSchemas = {};

export type WorkOrdersOutputs = Record<never, never>;
