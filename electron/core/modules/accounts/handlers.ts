import type { HandlerTable } from '../../context';
import { getAccountDetail, getInvoiceDetail, searchAccounts } from './queries';
import { businessToday, updateContact } from './service';

export const accountHandlers: Pick<HandlerTable, 'accounts.search' | 'accounts.get' | 'accounts.updateContact' | 'invoices.get'> = {
  'accounts.search': { access: 'authenticated', run: ({ query, limit }, { app }) => searchAccounts(app.db, query, limit) },
  'accounts.get': { access: 'authenticated', run: async ({ accountId }, { app }) => getAccountDetail(app.db, accountId, await businessToday(app.db)) },
  'accounts.updateContact': {
    access: ['auxiliar', 'coordinador', 'administrador'],
    run: ({ accountId, ...change }, { app, actor }) => updateContact(app.db, actor, accountId, change),
  },
  'invoices.get': { access: 'authenticated', run: async ({ invoiceId }, { app }) => getInvoiceDetail(app.db, invoiceId, await businessToday(app.db)) },
};
