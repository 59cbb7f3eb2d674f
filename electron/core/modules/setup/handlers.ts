import type { HandlerTable } from '../../context';
import { conflict } from '../../errors';
import { seedDemo } from '../demo/seed';
import { getCompany, initialize, setupStatus, updateCompany } from './service';

export const setupHandlers: Pick<HandlerTable, 'setup.status' | 'setup.initialize' | 'setup.loadDemo' | 'company.get' | 'company.update'> = {
  'setup.status': { access: 'public', run: (_input, { app }) => setupStatus(app.db) },
  'setup.initialize': {
    access: 'public',
    run: async (input, { app }) => {
      const done = await initialize(app.db, input);
      // the first automatic copy now, not at the next hourly check: a new office is never a day without one
      const firstBackup = app.afterSetup ? await app.afterSetup().catch(() => null) : null;
      return { ...done, firstBackup };
    },
  },
  'setup.loadDemo': {
    access: 'public',
    run: async ({ accounts }, { app }) => {
      if ((await setupStatus(app.db)).initialized) throw conflict('La empresa ya está configurada');
      return seedDemo(app.db, { accounts });
    },
  },
  'company.get': { access: 'authenticated', run: (_input, { app }) => getCompany(app.db) },
  'company.update': { access: ['administrador'], run: (input, { app, actor }) => updateCompany(app.db, actor, input) },
};
