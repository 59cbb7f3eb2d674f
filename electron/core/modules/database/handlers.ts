import type { HandlerTable } from '../../context';
import { databaseStatus, saveConnection, testConnection } from './service';

export const databaseHandlers: Pick<HandlerTable, 'database.status' | 'database.test' | 'database.save'> = {
  'database.status': { access: ['administrador'], run: async (_input, { app }) => databaseStatus(app) },
  /** connects once to the server given; changes nothing */
  'database.test': { access: ['administrador'], run: ({ url }) => testConnection(url) },
  /** for the next start; '' goes back to the local SQLite file */
  'database.save': { access: ['administrador'], run: ({ url }, { app, actor }) => saveConnection(app, actor, url) },
};
