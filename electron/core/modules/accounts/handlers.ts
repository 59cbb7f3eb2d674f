// STUB — being written
import type { HandlerTable } from '../../context';
import { AppError } from '../../errors';
const todo = async (): Promise<never> => { throw new AppError('INTERNAL', 'No implementado'); };
export const accountHandlers: Pick<HandlerTable, 'accounts.search' | 'accounts.get' | 'accounts.updateContact' | 'invoices.get'> = {
  'accounts.search': { access: 'authenticated', run: todo },
  'accounts.get': { access: 'authenticated', run: todo },
  'accounts.updateContact': { access: ['auxiliar', 'coordinador', 'administrador'], run: todo },
  'invoices.get': { access: 'authenticated', run: todo },
};
