import type { HandlerTable } from '../../context';
import { getSettings, updateSettings } from './service';

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.update'> = {
  'settings.get': { access: 'authenticated', run: (_input, { app }) => getSettings(app.db) },
  'settings.update': {
    access: ['administrador'],
    run: async (input, { app, actor }) => {
      const saved = await updateSettings(app.db, actor, input);
      app.sessions.setIdleLockMinutes(saved.idleLockMinutes); // the server's idle lock follows at once
      return saved;
    },
  },
};
