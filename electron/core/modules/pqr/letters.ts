/**
 * The letters of a PQR after filing (answer, traslado, citación, aviso, notificación electrónica,
 * acta de notificación personal, remisión a la SSPD): the placeholder values of a PQR for the
 * templates of letter_templates, and the LetterData on the office's letterhead that
 * documents/letter.ts draws.
 */
import type { Knex } from 'knex';
import type { AnswerDecision, PqrDetail } from '../../../../shared/contract';
import { DECISION_WORDS, RECURSO_WINDOW_BUSINESS_DAYS } from '../../../../shared/contract';
import { legalRules } from './catalog';
import { fillTemplate } from '../../../../shared/letterTemplates';
import type { IsoDate } from '../../../../shared/dates';
import { ID_TYPE_LABELS, longDate, PQR_TYPE_GENDER, PQR_TYPE_LABELS } from '../../documents/labels';
import type { LetterData } from '../../documents/letter';
import { getLetterSettings, officeLetterhead } from '../letters/templates';

/** the decision as a label: "No accede" */
export const DECISION_NAMES: Record<AnswerDecision, string> = {
  accede: 'Accede',
  accede_parcialmente: 'Accede parcialmente',
  no_accede: 'No accede',
  confirma: 'Confirma',
  modifica: 'Modifica',
  revoca: 'Revoca',
  rechaza: 'Rechaza',
  traslada: 'Traslada por competencia',
  archiva: 'Archiva',
};

/** "cédula de ciudadanía 52123456" */
export function identificationOf(pqr: PqrDetail): string {
  const { idType, idNumber } = pqr.petitioner;
  if (!idNumber) return '';
  return idType ? `${ID_TYPE_LABELS[idType] ?? idType} ${idNumber}` : idNumber;
}

/** what the office letters of a PQR share: letterhead, city, signer, footer */
export interface PqrLetterBase {
  head: LetterData['head'];
  city: string;
  officeName: string;
  companyName: string;
  signer: { name: string; title: string };
  footer: string;
  /** business days to file a recurso (legal rule recursoBusinessDays) */
  recursoDays: number;
}

export async function letterBase(db: Knex, officeId: number): Promise<PqrLetterBase> {
  const { head, office } = await officeLetterhead(db, officeId);
  const settings = await getLetterSettings(db);
  return {
    head,
    city: office.city,
    officeName: office.name,
    companyName: head.company.name,
    signer: { name: settings.signerName, title: settings.signerTitle },
    footer: settings.footer,
    recursoDays: (await legalRules(db)).recursoBusinessDays.value ?? RECURSO_WINDOW_BUSINESS_DAYS,
  };
}

/**
 * The placeholder values of a PQR (shared/letterTemplates.ts). Unknown ones (decision, texto
 * decisión, the answer's radicado before approval) are left out and print as [nombre].
 */
export function pqrValues(pqr: PqrDetail, base: PqrLetterBase, date: IsoDate, more: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const answer = pqr.answer;
  return {
    fecha: longDate(date),
    ciudad: base.city,
    empresa: base.companyName,
    oficina: base.officeName,
    firmante: base.signer.name,
    cargo_firmante: base.signer.title,
    destinatario: pqr.petitioner.name,
    direccion: pqr.petitioner.address,
    radicado: pqr.radicado,
    fecha_radicacion: longDate(pqr.filedDate),
    tipo: (PQR_TYPE_LABELS[pqr.type] ?? pqr.typeName).toLowerCase(),
    el_tipo: `${PQR_TYPE_GENDER[pqr.type] === 'm' ? 'el' : 'la'} ${(PQR_TYPE_LABELS[pqr.type] ?? pqr.typeName).toLowerCase()}`,
    radicada: PQR_TYPE_GENDER[pqr.type] === 'm' ? 'radicado' : 'radicada',
    asunto: pqr.subject,
    cuenta: pqr.accountNumber ?? undefined,
    factura: pqr.invoiceNumber ?? undefined,
    peticionario: pqr.petitioner.name,
    identificacion: identificationOf(pqr),
    plazo_recurso: String(base.recursoDays),
    decision: answer && answer.state !== 'devuelta' ? DECISION_WORDS[answer.decision] : undefined,
    texto_decision: answer?.decisionText,
    radicado_respuesta: answer?.outgoingRadicado ?? undefined,
    fecha_respuesta: answer?.answerDate ? longDate(answer.answerDate) : undefined,
    entidad: answer?.transfer?.entity,
    ...more,
  };
}

/** fills the markers an approved answer learns last ([radicado_respuesta], [fecha_respuesta]) in a stored text */
export function fillLateMarkers(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [name, value] of Object.entries(values)) out = out.split(`[${name}]`).join(value);
  return fillTemplate(out, values).text;
}

/** the petitioner as the recipient of a letter */
export function petitionerRecipient(pqr: PqrDetail): LetterData['recipient'] {
  const id = identificationOf(pqr);
  return { name: pqr.petitioner.name, lines: [id ? `Identificación: ${id}` : '', pqr.petitioner.address, pqr.petitioner.email] };
}

/** "Referencia: Radicado No. 2026-GAR-P-000123 del 20 de noviembre de 2026" (and the account) */
export function pqrReference(pqr: PqrDetail): string[] {
  const lines = [`Referencia: Radicado No. ${pqr.radicado} del ${longDate(pqr.filedDate)}`];
  if (pqr.accountNumber) lines.push(`Cuenta: ${pqr.accountNumber}${pqr.invoiceNumber ? ` · Factura: ${pqr.invoiceNumber}` : ''}`);
  return lines;
}
