import { z } from 'zod';
import { ROLES, type Role } from '../roles';
import { empty, id, requiredText } from './common';

export const MIN_PASSWORD_LENGTH = 8;
export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres` })
  .max(128, { message: 'Máximo 128 caracteres' });

export const userFields = z.strictObject({
  fullName: requiredText(100),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .max(30, { message: 'Usuario: 3 a 30 letras minúsculas, dígitos, punto, guion' })
    .regex(/^[a-z0-9._-]{3,30}$/, { message: 'Usuario: 3 a 30 letras minúsculas, dígitos, punto, guion' }),
  officeId: id,
  role: z.enum(ROLES),
  password,
});

export const usersSchemas = {
  'auth.login': z.strictObject({ username: z.string().trim().toLowerCase().max(30), password: z.string().max(128) }),
  'auth.logout': empty,
  'auth.me': empty,
  /** the person is at the keyboard: the renderer says so while it is used, so the session does not lock */
  'auth.activity': empty,
  'auth.lock': empty,
  'auth.unlock': z.strictObject({ password: z.string().max(128) }),
  'auth.changePassword': z.strictObject({ currentPassword: z.string().max(128), newPassword: password }),
  'users.list': empty,
  'users.create': userFields,
  'users.update': z.strictObject({
    userId: id,
    fullName: requiredText(100),
    officeId: id,
    role: z.enum(ROLES),
  }),
  'users.resetPassword': z.strictObject({ userId: id, newPassword: password }),
  'users.setActive': z.strictObject({ userId: id, active: z.boolean() }),
};

export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  officeId: number;
  officeCode: string;
  officeName: string;
}

export interface LoginResult {
  token: string;
  user: SessionUser;
  /** minutes of inactivity before the screen locks */
  idleLockMinutes: number;
  mustChangePassword: boolean;
}

export interface UserRow {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  officeId: number;
  officeName: string;
  active: boolean;
  lastLoginAt: string | null;
}

export interface UsersOutputs {
  'auth.login': LoginResult;
  'auth.logout': { loggedOut: true };
  'auth.me': { user: SessionUser; locked: boolean; idleLockMinutes: number; mustChangePassword: boolean };
  'auth.activity': { locked: false };
  'auth.lock': { locked: true };
  'auth.unlock': { locked: false };
  'auth.changePassword': { changed: true };
  'users.list': UserRow[];
  'users.create': UserRow;
  'users.update': UserRow;
  'users.resetPassword': { reset: true };
  'users.setActive': UserRow;
}
