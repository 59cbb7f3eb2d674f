import { z } from 'zod';
import { officeFields } from './setup';
import { empty, id } from './common';

export const SETTINGS_KEYS = ['idleLockMinutes', 'dueSoonBusinessDays'] as const;

export const settingsFields = z.strictObject({
  /** minutes without keyboard or mouse before the screen locks */
  idleLockMinutes: z.number().int().min(1).max(240),
  /** business days before a due date at which an alert turns yellow */
  dueSoonBusinessDays: z.number().int().min(0).max(30),
});
export type Settings = z.infer<typeof settingsFields>;
export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: 10, dueSoonBusinessDays: 3 };

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
  active: boolean;
}

export interface OfficesOutputs {
  'offices.list': Office[];
  'offices.create': Office;
  'offices.update': Office;
  'settings.get': Settings;
  'settings.update': Settings;
}
