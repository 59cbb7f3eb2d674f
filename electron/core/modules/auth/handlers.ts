import { sessionOf, type HandlerTable } from '../../context';
import { getSettings } from '../settings/service';
import { auditSession, changePassword, login, unlock } from './service';

export const authHandlers: Pick<
  HandlerTable,
  'auth.login' | 'auth.logout' | 'auth.me' | 'auth.activity' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword'
> = {
  'auth.login': { access: 'public', run: ({ username, password }, { app }) => login(app.db, app.sessions, username, password) },
  'auth.logout': {
    access: 'public',
    run: async (_input, { app, session }) => {
      if (session) {
        app.sessions.delete(session.token);
        await auditSession(app.db, session, 'auth.logout');
      }
      return { loggedOut: true };
    },
  },
  'auth.me': {
    access: 'authenticated',
    run: async (_input, ctx) => {
      const session = sessionOf(ctx);
      const { idleLockMinutes } = await getSettings(ctx.app.db);
      ctx.app.sessions.setIdleLockMinutes(idleLockMinutes);
      return { user: session.user, locked: session.locked, idleLockMinutes, mustChangePassword: session.mustChangePassword };
    },
  },
  // the renderer says the person is at the keyboard (the dispatcher counted the call as activity)
  'auth.activity': { access: 'authenticated', run: async () => ({ locked: false as const }) },
  'auth.lock': {
    access: 'authenticated',
    run: async (_input, ctx) => {
      const session = sessionOf(ctx);
      if (!session.locked) {
        session.locked = true;
        await auditSession(ctx.app.db, session, 'auth.lock', { reason: 'manual' });
      }
      return { locked: true };
    },
  },
  'auth.unlock': {
    access: 'authenticated',
    run: async ({ password }, ctx) => {
      await unlock(ctx.app.db, ctx.app.sessions, sessionOf(ctx), password);
      return { locked: false };
    },
  },
  'auth.changePassword': {
    access: 'authenticated',
    run: async ({ currentPassword, newPassword }, ctx) => {
      await changePassword(ctx.app.db, ctx.app.sessions, sessionOf(ctx), currentPassword, newPassword);
      return { changed: true };
    },
  },
};
