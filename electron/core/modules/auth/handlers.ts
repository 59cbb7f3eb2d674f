import { sessionOf, type HandlerTable } from '../../context';
import { getSettings } from '../settings/service';
import { changePassword, login, unlock } from './service';

export const authHandlers: Pick<
  HandlerTable,
  'auth.login' | 'auth.logout' | 'auth.me' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword'
> = {
  'auth.login': { access: 'public', run: ({ username, password }, { app }) => login(app.db, app.sessions, username, password) },
  'auth.logout': {
    access: 'public',
    run: async (_input, { app, session }) => {
      if (session) app.sessions.delete(session.token);
      return { loggedOut: true };
    },
  },
  'auth.me': {
    access: 'authenticated',
    run: async (_input, ctx) => {
      const session = sessionOf(ctx);
      const { idleLockMinutes } = await getSettings(ctx.app.db);
      return { user: session.user, locked: session.locked, idleLockMinutes };
    },
  },
  'auth.lock': {
    access: 'authenticated',
    run: async (_input, ctx) => {
      sessionOf(ctx).locked = true;
      return { locked: true };
    },
  },
  'auth.unlock': {
    access: 'authenticated',
    run: async ({ password }, ctx) => {
      await unlock(ctx.app.db, sessionOf(ctx), password);
      return { locked: false };
    },
  },
  'auth.changePassword': {
    access: 'authenticated',
    run: async ({ currentPassword, newPassword }, ctx) => {
      await changePassword(ctx.app.db, sessionOf(ctx), currentPassword, newPassword);
      return { changed: true };
    },
  },
};
