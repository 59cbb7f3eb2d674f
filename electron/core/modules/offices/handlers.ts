import type { HandlerTable } from '../../context';
import { createOffice, listOffices, updateOffice } from './service';

export const officeHandlers: Pick<HandlerTable, 'offices.list' | 'offices.create' | 'offices.update'> = {
  'offices.list': { access: 'authenticated', run: (_input, { app }) => listOffices(app.db) },
  'offices.create': { access: ['administrador'], run: (input, { app, actor }) => createOffice(app.db, actor, input) },
  'offices.update': {
    access: ['administrador'],
    run: ({ officeId, ...office }, { app, actor }) => updateOffice(app.db, actor, officeId, office),
  },
};
