/**
 * The letter-template editor (Administración › Plantillas): list and save templates (refusing
 * placeholders the kind does not know), preview unsaved text as a PDF filled with sample values, and
 * the letterhead settings (signer, title, footer). Every module reads the templates and settings
 * through modules/letters/templates.ts; this is the writing side.
 */
import type { Knex } from 'knex';
import { LETTER_KIND_LABELS, LETTER_PLACEHOLDERS, unknownPlaceholders, type LetterKind } from '../../../../shared/letterTemplates';
import { NOTICE_KIND_LABELS, NOTICE_LETTER_KINDS, NOTICE_PREFIXES, type LetterPreview, type LetterSettingsData, type LetterTemplateRow, type NoticeKind } from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { conflict, invalid, notFound } from '../../errors';
import { letterPdf } from '../../documents/letter';
import { longDate } from '../../documents/labels';
import { pdfFile } from '../../documents/file';
import { fillLetter, getLetterSettings, officeLetterhead, LETTER_SETTINGS_KEY } from '../letters/templates';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';

interface TemplateDbRow {
  id: number;
  kind: string;
  name: string;
  subject: string;
  body: string;
  active: boolean | number;
  updated_at: string;
}

function toRow(r: TemplateDbRow): LetterTemplateRow {
  return { id: Number(r.id), kind: r.kind as LetterKind, name: r.name, subject: r.subject, body: r.body, active: Boolean(r.active), updatedAt: r.updated_at };
}

/** every template (active first, by name) of one kind or of all kinds */
export async function listTemplates(db: Knex, kind?: LetterKind): Promise<LetterTemplateRow[]> {
  const query = db('letter_templates').select('id', 'kind', 'name', 'subject', 'body', 'active', 'updated_at');
  if (kind) query.where({ kind });
  const rows: TemplateDbRow[] = await query.orderBy([{ column: 'kind' }, { column: 'active', order: 'desc' }, { column: 'name' }]);
  return rows.map(toRow);
}

/** refuses text with placeholders the kind does not know, naming them */
function checkPlaceholders(kind: LetterKind, subject: string, body: string): void {
  const unknownInSubject = unknownPlaceholders(kind, subject);
  const unknownInBody = unknownPlaceholders(kind, body);
  const all = [...new Set([...unknownInSubject, ...unknownInBody])];
  if (all.length === 0) return;
  const names = all.map((n) => `{{${n}}}`).join(', ');
  const fields: Record<string, string> = {};
  if (unknownInSubject.length) fields.subject = `Marcador desconocido: ${unknownInSubject.map((n) => `{{${n}}}`).join(', ')}`;
  if (unknownInBody.length) fields.body = `Marcador desconocido: ${unknownInBody.map((n) => `{{${n}}}`).join(', ')}`;
  throw invalid(`La plantilla usa ${all.length === 1 ? 'un marcador' : 'marcadores'} que «${LETTER_KIND_LABELS[kind]}» no conoce: ${names}.`, fields);
}

export interface TemplateInput {
  templateId?: number;
  kind: LetterKind;
  name: string;
  subject: string;
  body: string;
  active: boolean;
}

/** creates or edits a template (one audit row); templates are deactivated, never deleted */
export async function saveTemplate(db: Knex, actor: Actor, input: TemplateInput): Promise<LetterTemplateRow> {
  checkPlaceholders(input.kind, input.subject, input.body);
  return db.transaction(async (trx) => {
    const clash: { id: number } | undefined = await trx('letter_templates').where({ kind: input.kind, name: input.name }).first('id');
    if (clash && Number(clash.id) !== input.templateId) throw conflict(`Ya existe una plantilla «${input.name}» de ${LETTER_KIND_LABELS[input.kind]}.`);
    const values = { kind: input.kind, name: input.name, subject: input.subject, body: input.body, active: input.active, updated_at: nowTimestamp(), updated_by: actor.userId };
    let id: number;
    let before: LetterTemplateRow | undefined;
    if (input.templateId !== undefined) {
      const row: TemplateDbRow | undefined = await trx('letter_templates').where({ id: input.templateId }).first();
      if (!row) throw notFound('La plantilla');
      if (row.kind !== input.kind) throw invalid('Una plantilla no cambia de tipo: cree una nueva.', { kind: 'No se puede cambiar' });
      before = toRow(row);
      await trx('letter_templates').where({ id: input.templateId }).update(values);
      id = input.templateId;
    } else {
      const [inserted] = await trx('letter_templates').insert(values).returning('id');
      id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    }
    const saved = toRow((await trx('letter_templates').where({ id }).first()) as TemplateDbRow);
    await writeAudit(trx, actor, { action: before ? 'letters.template.update' : 'letters.template.create', entity: 'letter_template', entityId: id, before, after: saved });
    return saved;
  });
}

/** sample values for every placeholder of a kind, for the live preview */
export function sampleValues(kind: LetterKind, context: { company: string; office: string; city: string; today: string; signer: LetterSettingsData; currency: 'COP' | 'USD' | 'CRC' }): Record<string, string> {
  const noticeKind = (Object.keys(NOTICE_LETTER_KINDS) as NoticeKind[]).find((k) => NOTICE_LETTER_KINDS[k] === kind) ?? 'suspension';
  const samples: Record<string, string> = {
    fecha: longDate(context.today),
    ciudad: context.city,
    empresa: context.company,
    oficina: context.office,
    firmante: context.signer.signerName || 'Nombre de quien firma',
    cargo_firmante: context.signer.signerTitle || 'Cargo de quien firma',
    destinatario: 'María Fernanda Rojas Pérez',
    direccion: 'Carrera 7 # 12-34, Barrio Centro',
    radicado: '2026-GAR-P-000123',
    fecha_radicacion: longDate(addDays(context.today, -10)),
    tipo: 'reclamo',
    asunto: 'Cobro por consumo no realizado',
    cuenta: '100234',
    factura: 'F-2026-0001234',
    peticionario: 'María Fernanda Rojas Pérez',
    identificacion: 'CC 52.123.456',
    decision: 'accede',
    texto_decision: 'Revisada la lectura del medidor, se reliquida el consumo del periodo.',
    radicado_respuesta: '2026-GAR-S-000045',
    fecha_respuesta: longDate(context.today),
    entidad: 'Empresa de Energía de Boyacá',
    plazo_recurso: '5',
    texto: 'Texto de la comunicación.',
    numero_aviso: `${NOTICE_PREFIXES[noticeKind]}-${context.today.slice(0, 4)}-000001`,
    titular: 'María Fernanda Rojas Pérez',
    direccion_predio: 'Carrera 7 # 12-34',
    deuda: formatMoney(154_300, context.currency),
    periodos: '2',
    fecha_suspension: longDate(addDays(context.today, 5)),
    dias_mora: '45',
    etapa: NOTICE_KIND_LABELS[noticeKind],
    fecha_requerimiento: longDate(addDays(context.today, -40)),
    fecha_limite: longDate(addDays(context.today, -9)),
    fecha_vencimiento: longDate(addDays(context.today, -2)),
    fundamento: 'Ley 142 de 1994, art. 158',
    motivo_publicacion: 'desconocerse la dirección del destinatario',
    lugar_publicacion: 'la página web de la empresa y la cartelera de la oficina',
    fecha_fijacion: longDate(addDays(context.today, -7)),
    fecha_desfijacion: longDate(context.today),
    fecha_notificacion: longDate(addDays(context.today, 1)),
    numero_acuerdo: `AP-${context.today.slice(0, 4)}-000001`,
    cuota_inicial: formatMoney(26_231, context.currency),
    fecha_limite_inicial: longDate(addDays(context.today, 7)),
    financiado: formatMoney(128_069, context.currency),
    numero_cuotas: '6',
    tasa: '0 %',
    cuotas_incumplimiento: '2',
  };
  return Object.fromEntries(Object.keys(LETTER_PLACEHOLDERS[kind]).map((name) => [name, samples[name] ?? `[${name}]`]));
}

/** the PDF of an unsaved text with sample values, on the caller's office letterhead, marked BORRADOR */
export async function previewTemplate(db: Knex, officeId: number | null, input: { kind: LetterKind; subject: string; body: string }): Promise<LetterPreview> {
  const office = officeId ?? Number(((await db('offices').orderBy('id').first('id')) as { id: number } | undefined)?.id ?? 0);
  const [{ head, office: officeInfo }, settings, company, today] = await Promise.all([officeLetterhead(db, office), getLetterSettings(db), getCompany(db), businessToday(db)]);
  const values = sampleValues(input.kind, { company: company.name, office: officeInfo.name, city: officeInfo.city, today, signer: settings, currency: company.currency });
  const filled = fillLetter({ subject: input.subject, body: input.body }, values);
  const pdf = await letterPdf({
    head,
    city: officeInfo.city,
    date: today,
    number: values.numero_aviso ?? values.radicado_respuesta ?? values.radicado,
    recipient: { name: values.titular ?? values.destinatario ?? 'Destinatario', lines: [values.direccion_predio ?? values.direccion ?? ''] },
    subject: filled.subject || '(sin asunto)',
    body: filled.body || ' ',
    signer: { name: settings.signerName, title: settings.signerTitle },
    footer: settings.footer,
    watermark: 'BORRADOR',
  });
  return { file: pdfFile('vista-previa.pdf', pdf), unknown: [...new Set([...unknownPlaceholders(input.kind, input.subject), ...unknownPlaceholders(input.kind, input.body)])] };
}

export async function readLetterSettings(db: Knex): Promise<LetterSettingsData> {
  const s = await getLetterSettings(db);
  return { signerName: s.signerName, signerTitle: s.signerTitle, footer: s.footer };
}

/** saves the signer, title and footer every letter prints (settings key LETTER_SETTINGS_KEY), one audit row */
export async function saveLetterSettings(db: Knex, actor: Actor, next: LetterSettingsData): Promise<LetterSettingsData> {
  return db.transaction(async (trx) => {
    const before = await readLetterSettings(trx);
    await trx('settings').insert({ key: LETTER_SETTINGS_KEY, value_json: JSON.stringify(next) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'letters.settings.update', entity: 'settings', entityId: LETTER_SETTINGS_KEY, before, after: next });
    return next;
  });
}
