import { z } from 'zod';
import { isIsoDate } from '../dates';

z.config(z.locales.es());

export const id = z.number().int().positive();
export const isoDate = z
  .string()
  .max(10, { message: 'Fecha inválida (use AAAA-MM-DD)' })
  .refine(isIsoDate, { message: 'Fecha inválida (use AAAA-MM-DD)' });
export const shortText = (max = 120) => z.string().trim().max(max, { message: `Máximo ${max} caracteres` });
export const requiredText = (max = 120) => shortText(max).min(1, { message: 'Obligatorio' });
export const optionalText = (max = 120) => shortText(max).optional().default('');
export const email = z
  .string()
  .trim()
  .max(120)
  .refine((v) => v === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), { message: 'Correo electrónico inválido' });
export const phone = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v === '' || /^[0-9+()\s-]{7,40}$/.test(v), { message: 'Teléfono inválido' });
export const empty = z.strictObject({});
