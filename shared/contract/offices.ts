import { z } from 'zod';
import { officeFields } from './setup';
import { empty, id, phone } from './common';


export const settingsFields = z.strictObject({
  /** minutes without keyboard or mouse before the screen locks */
  idleLockMinutes: z.number().int().min(1).max(240),
  /** business days before a due date at which an alert turns yellow */
  dueSoonBusinessDays: z.number().int().min(0).max(30),
  /** wrong passwords in a row that lock a username */
  maxFailedLogins: z.number().int().min(3).max(20),
  /** minutes a username stays locked after too many wrong passwords */
  lockoutMinutes: z.number().int().min(1).max(1440),
  /** days the automatic daily backups are kept */
  backupRetentionDays: z.number().int().min(1).max(3650),
  /** a closing difference (sobrante or faltante) above this, in minor units, needs a coordinator */
  cashDifferenceLimit: z.number().int().min(0).max(100_000_000),
  /** days a paz y salvo certificate stays valid */
  pazYSalvoValidityDays: z.number().int().min(1).max(365),
  /** the most one receipt at the counter may total, in minor units (every method together) */
  maxReceiptAmount: z.number().int().min(1).max(999_999_999_999),
  /** card, transfer and cheque tenders of one receipt above this total (minor units) need a coordinator on the spot */
  nonCashApprovalThreshold: z.number().int().min(0).max(999_999_999_999),
  /**
   * where a citizen verifies a paz y salvo, printed on the certificate (the offices always): a web
   * address (its QR carries it with the code; `{codigo}` marks where the code goes, otherwise
   * `?codigo=` is added) and a phone line; '' when the company has none
   */
  pazYSalvoVerifyUrl: z
    .string()
    .trim()
    .max(200, { message: 'Máximo 200 caracteres' })
    .refine((v) => v === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v), { message: 'Escriba la dirección completa, por ejemplo https://www.empresa.gov.co/verificar' }),
  pazYSalvoVerifyPhone: phone,
});
export type Settings = z.infer<typeof settingsFields>;
export const DEFAULT_SETTINGS: Settings = {
  idleLockMinutes: 10,
  dueSoonBusinessDays: 3,
  maxFailedLogins: 5,
  lockoutMinutes: 5,
  backupRetentionDays: 30,
  cashDifferenceLimit: 5000,
  pazYSalvoValidityDays: 30,
  maxReceiptAmount: 100_000_000,
  nonCashApprovalThreshold: 10_000_000,
  pazYSalvoVerifyUrl: '',
  pazYSalvoVerifyPhone: '',
};

export const officesSchemas = {
  'offices.list': empty,
  'offices.create': officeFields,
  'offices.update': officeFields.extend({ officeId: id }),
  'settings.get': empty,
  'settings.update': settingsFields,
};

export interface Office {
  id: number;
  code: string;
  name: string;
  city: string;
  cityDane: string;
  address: string;
  phone: string;
  saturdayIsBusinessDay: boolean;
  /** 'HH:MM' after which a petition counts as received the next business day; null: none */
  closingTime: string | null;
  active: boolean;
}

export interface OfficesOutputs {
  'offices.list': Office[];
  'offices.create': Office;
  'offices.update': Office;
  'settings.get': Settings;
  'settings.update': Settings;
}
