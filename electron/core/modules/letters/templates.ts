/**
 * Letter templates and the letterhead settings, as every module reads them: the PQR answers and
 * notifications, outgoing correspondence, suspension notices and collection letters. The editor
 * (handlers, screen, live preview) lives in modules/notices; this file is only the reading side.
 */
import type { Knex } from 'knex';
import { fillTemplate, type LetterKind } from '../../../../shared/letterTemplates';
import { notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import type { Letterhead } from '../../documents/layout';

export interface LetterTemplate {
  id: number;
  kind: LetterKind;
  name: string;
  subject: string;
  body: string;
  active: boolean;
}

interface TemplateRow {
  id: number;
  kind: string;
  name: string;
  subject: string;
  body: string;
  active: boolean | number;
}

function toTemplate(row: TemplateRow): LetterTemplate {
  return { id: Number(row.id), kind: row.kind as LetterKind, name: row.name, subject: row.subject, body: row.body, active: Boolean(row.active) };
}

/** the active templates of a kind, by name */
export async function templatesOfKind(db: Knex, kind: LetterKind): Promise<LetterTemplate[]> {
  const rows: TemplateRow[] = await db('letter_templates').where({ kind, active: true }).orderBy('name');
  return rows.map(toTemplate);
}

/** one template by id (it must be of the kind asked for), or the first active one of the kind */
export async function loadTemplate(db: Knex, kind: LetterKind, templateId?: number): Promise<LetterTemplate> {
  const query = db('letter_templates').where({ kind });
  const row: TemplateRow | undefined = templateId !== undefined ? await query.andWhere({ id: templateId }).first() : await query.andWhere({ active: true }).orderBy('id').first();
  if (!row) throw templateId !== undefined ? notFound('La plantilla') : rule('No hay una plantilla activa para esta carta: créela en Administración › Plantillas.');
  return toTemplate(row);
}

/** subject and body of a template with the values filled in; `missing` names placeholders without a value */
export function fillLetter(template: Pick<LetterTemplate, 'subject' | 'body'>, values: Record<string, string | number | null | undefined>): { subject: string; body: string; missing: string[] } {
  const subject = fillTemplate(template.subject, values);
  const body = fillTemplate(template.body, values);
  return { subject: subject.text, body: body.text, missing: [...new Set([...subject.missing, ...body.missing])] };
}

/** who signs the company's letters and the footer line; company settings, edited in Administración › Plantillas */
export interface LetterSettings {
  signerName: string;
  signerTitle: string;
  /** printed at the foot of every letter page (address, phone, web, línea de atención) */
  footer: string;
}

export const DEFAULT_LETTER_SETTINGS: LetterSettings = { signerName: '', signerTitle: 'Coordinador(a) de oficina', footer: '' };
export const LETTER_SETTINGS_KEY = 'letters';

export async function getLetterSettings(db: Knex): Promise<LetterSettings> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: LETTER_SETTINGS_KEY }).first('value_json');
  if (!row) return { ...DEFAULT_LETTER_SETTINGS };
  return { ...DEFAULT_LETTER_SETTINGS, ...(JSON.parse(row.value_json) as Partial<LetterSettings>) };
}

/** the letterhead of an office's letters: the company (logo, name, NIT) and the office's lines */
export async function officeLetterhead(db: Knex, officeId: number): Promise<{ head: Letterhead; office: { name: string; city: string }; timeZone: string }> {
  const company = await getCompany(db);
  const office: { name: string; address: string; city: string; phone: string } | undefined = await db('offices').where({ id: officeId }).first('name', 'address', 'city', 'phone');
  if (!office) throw notFound('La oficina');
  return {
    head: {
      company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
      officeLines: [office.name, `${office.address}, ${office.city}`, office.phone ? `Teléfono ${office.phone}` : ''],
    },
    office: { name: office.name, city: office.city },
    timeZone: company.timeZone,
  };
}
