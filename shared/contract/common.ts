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

/** an upload begun with imports.begin or attachments.begin: 32 hexadecimal characters */
export const uploadId = z
  .string()
  .max(32, { message: 'Carga desconocida' })
  .regex(/^[a-f0-9]{32}$/, { message: 'Carga desconocida' });

/**
 * A file in an input: inline (base64: small files, the CLI, the tests) or sent first in chunks
 * (attachments.begin + attachments.chunk, as the screen does: the web door takes at most 6 MB a
 * request) and named by its upload. Exactly one of the two.
 */
export function fileInput(maxBytes: number, tooBig: string) {
  return z
    .strictObject({
      fileName: requiredText(200),
      /** the browser's type; the back office checks the content's first bytes and what it hides */
      mimeType: z.string().max(120),
      /** base64 of the file, at most `maxBytes` once decoded */
      dataBase64: z.string().max(Math.ceil(maxBytes / 3) * 4 + 4, { message: tooBig }).optional(),
      uploadId: uploadId.optional(),
    })
    .refine((file) => (file.dataBase64 === undefined) !== (file.uploadId === undefined), { message: 'Envíe el archivo o el número de su carga, uno de los dos' });
}
