import { z } from 'zod';
import { CURRENCY_CODES } from '../money';
import { isValidGln, isValidNit } from '../nit';
import { isClockTime, isValidTimeZone } from '../dates';
import { phone, requiredText, empty } from './common';
import { userFields } from './users';

export const COUNTRIES = ['CO', 'EC', 'CR'] as const;
export type Country = (typeof COUNTRIES)[number];
export const COUNTRY_LABELS: Record<Country, string> = { CO: 'Colombia', EC: 'Ecuador', CR: 'Costa Rica' };

export const companyFields = z.strictObject({
  name: requiredText(120),
  nit: z
    .string()
    .trim()
    .max(20, { message: 'Máximo 20 caracteres' })
    .refine(isValidNit, { message: 'NIT inválido: revise el dígito de verificación' }),
  gln: z
    .string()
    .trim()
    .max(13, { message: 'GLN inválido: 13 dígitos con dígito de control' })
    .refine(isValidGln, { message: 'GLN inválido: 13 dígitos con dígito de control' }),
  country: z.enum(COUNTRIES),
  currency: z.enum(CURRENCY_CODES as [string, ...string[]]),
  timeZone: z.string().max(64, { message: 'Zona horaria desconocida' }).refine(isValidTimeZone, { message: 'Zona horaria desconocida' }),
  /** PNG or JPEG as a data: URL, at most ~300 KB */
  logoDataUrl: z
    .string()
    .max(400_000, { message: 'El logo no puede pasar de 300 KB' })
    .refine((v) => v === '' || /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(v), {
      message: 'El logo debe ser una imagen PNG o JPEG',
    })
    .optional()
    .default(''),
});
export type CompanyInput = z.input<typeof companyFields>;

export const officeFields = z.strictObject({
  code: z
    .string()
    .trim()
    .max(6, { message: 'Código de 2 a 6 letras mayúsculas o dígitos' })
    .regex(/^[A-Z0-9]{2,6}$/, { message: 'Código de 2 a 6 letras mayúsculas o dígitos' }),
  name: requiredText(80),
  city: requiredText(80),
  cityDane: z
    .string()
    .trim()
    .max(5, { message: 'Código DANE de municipio: 5 dígitos' })
    .regex(/^\d{5}$/, { message: 'Código DANE de municipio: 5 dígitos' }),
  address: requiredText(120),
  phone: phone.optional().default(''),
  saturdayIsBusinessDay: z.boolean(),
  /**
   * 'HH:MM': a petition received after this hour counts as received the next business day (the
   * office's published schedule); '': none (every hour of a business day counts that day, the safe
   * reading), written ''. Left out on an update: unchanged.
   */
  closingTime: z
    .string()
    .trim()
    .max(5, { message: 'Hora inválida (use HH:MM, o vacío si no hay)' })
    .refine((v) => v === '' || isClockTime(v), { message: 'Hora inválida (use HH:MM, o vacío si no hay)' })
    .optional(),
});
export type OfficeInput = z.input<typeof officeFields>;
/** an office as the services take it: every field but the closing hour, which may be left out */
export type OfficeValues = Required<Omit<OfficeInput, 'closingTime'>> & Pick<OfficeInput, 'closingTime'>;

export const setupSchemas = {
  'setup.status': empty,
  'setup.initialize': z.strictObject({
    company: companyFields,
    office: officeFields,
    admin: userFields.pick({ fullName: true, username: true, password: true }),
    /** who signs the company's letters and notices (the wizard asks; Administración › Plantillas changes it) */
    letters: z.strictObject({ signerName: requiredText(100), signerTitle: requiredText(100) }).optional(),
  }),
  'setup.loadDemo': z.strictObject({ accounts: z.number().int().min(10).max(5000).optional().default(300) }),
  'company.get': empty,
  'company.update': companyFields,
};

export interface Company {
  name: string;
  nit: string;
  gln: string;
  country: Country;
  currency: 'COP' | 'USD' | 'CRC';
  timeZone: string;
  logoDataUrl: string;
}

export interface SetupStatus {
  initialized: boolean;
  companyName: string | null;
}

export interface DemoCredentials {
  users: { username: string; password: string; role: string; fullName: string }[];
}

export interface SetupOutputs {
  'setup.status': SetupStatus;
  /** `firstBackup`: the automatic copy made right after the set-up (null on PostgreSQL, or if it failed: the hourly check retries) */
  'setup.initialize': { officeId: number; adminUserId: number; firstBackup: string | null };
  'setup.loadDemo': DemoCredentials;
  'company.get': Company;
  'company.update': Company;
}

