import type { HandlerTable } from '../../context';
import { createUser, getSessionUser, listUsers, resetPassword, setUserActive, updateUser } from './service';

const admin = ['administrador'] as const;

export const userHandlers: Pick<HandlerTable, 'users.list' | 'users.create' | 'users.update' | 'users.resetPassword' | 'users.setActive'> = {
  'users.list': { access: admin, run: (_input, { app }) => listUsers(app.db) },
  'users.create': { access: admin, run: (input, { app, actor }) => createUser(app.db, actor, input) },
  'users.update': {
    access: admin,
    run: async ({ userId, ...changes }, { app, actor }) => {
      const user = await updateUser(app.db, actor, userId, changes);
      app.sessions.updateUser(await getSessionUser(app.db, userId));
      return user;
    },
  },
  'users.resetPassword': {
    access: admin,
    run: async ({ userId, newPassword }, { app, actor }) => {
      await resetPassword(app.db, actor, userId, newPassword);
      app.sessions.deleteUser(userId);
      return { reset: true };
    },
  },
  'users.setActive': {
    access: admin,
    run: async ({ userId, active }, { app, actor }) => {
      const user = await setUserActive(app.db, actor, userId, active);
      if (!active) app.sessions.deleteUser(userId);
      return user;
    },
  },
};
