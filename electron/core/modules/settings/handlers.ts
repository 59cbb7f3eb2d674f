import type { HandlerTable } from '../../context';
import { getSettings, updateSettings } from './service';

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.update'> = {
  'settings.get': { access: 'authenticated', run: (_input, { app }) => getSettings(app.db) },
  'settings.update': { access: ['administrador'], run: (input, { app, actor }) => updateSettings(app.db, actor, input) },
};
