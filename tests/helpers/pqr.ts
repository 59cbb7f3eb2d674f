/** PQR fixtures: file one through the handlers as a user of the office, with sensible defaults. */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { searchWords } from '../../electron/core/db/wordIndex';
import { pqrIdsWithWords } from '../../electron/core/modules/pqr/wordSearch';
import type { Input, Output } from '../../shared/contract';
import type { TestBackOffice } from './backoffice';

export type FilingInput = Input<'pqr.file'>;

/** a tiny valid PDF (the back office checks the first bytes: %PDF) */
export const SMALL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** a Windows executable's first bytes (MZ header) */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120, 0)]);

export function upload(fileName: string, content: Buffer, mimeType = 'application/pdf') {
  return { fileName, mimeType, dataBase64: content.toString('base64') };
}

export const DEFAULT_FILING: FilingInput = {
  type: 'peticion',
  channel: 'ventanilla',
  petitioner: {
    name: 'María Fernanda Rodríguez Suárez',
    idType: 'CC',
    idNumber: '52123456',
    phone: '3104528871',
    email: 'mafe.rodriguez@correo.com.co',
    address: 'Carrera 8 # 12-40, Garagoa',
    acceptsElectronicNotification: false,
  },
  subject: 'Solicitud de revisión del consumo',
  text: 'Solicito la revisión del consumo facturado en el último periodo porque la casa estuvo desocupada.',
  pages: 1,
  annexes: 0,
  destination: 'Área comercial',
};

/** the id of the SUI causal with this code (e.g. '120' cobro por promedio) */
export async function causalId(t: TestBackOffice, code: string): Promise<number> {
  const row: { id: number } = await t.app.db('sui_causales').where({ code }).first('id');
  return Number(row.id);
}

/** Files a PQR as the holder of `token`; `overrides` replace the defaults (petitioner merged). */
export async function filePqr(
  t: TestBackOffice,
  token: string,
  overrides: Partial<Omit<FilingInput, 'petitioner'>> & { petitioner?: Partial<FilingInput['petitioner']> } = {},
): Promise<Output<'pqr.file'>> {
  const { petitioner, ...rest } = overrides;
  let filing: FilingInput = { ...DEFAULT_FILING, ...rest, petitioner: { ...DEFAULT_FILING.petitioner, ...petitioner } };
  if (['queja', 'reclamo', 'recurso_reposicion', 'reposicion_apelacion'].includes(filing.type) && filing.causalId === undefined) {
    filing = { ...filing, causalId: await causalId(t, '120') };
  }
  return t.ok('pqr.file', filing, token);
}

/** row counts of the PQR tables (to show a refusal wrote nothing) */
export async function pqrCounts(t: TestBackOffice): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['radicados', 'pqrs', 'pqr_attachments', 'pqr_events', 'audit_log']) {
    const [{ n }] = await t.app.db(table).count<{ n: number | string }[]>({ n: '*' });
    counts[table] = Number(n);
  }
  const [{ n }] = await t.app.db('counters').where('key', 'like', 'radicado:%').sum<{ n: number | string | null }[]>({ n: 'value' });
  counts.radicadoNumbersUsed = Number(n ?? 0);
  return counts;
}

/** every file under <dataDir>/attachments */
export function storedFiles(t: TestBackOffice): string[] {
  const root = path.join(t.app.dataDir, 'attachments');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** pqrCounts plus the tables of answers, notifications and correspondence */
export async function answerCounts(t: TestBackOffice): Promise<Record<string, number>> {
  const counts = await pqrCounts(t);
  for (const table of ['pqr_answers', 'pqr_notifications', 'correspondence']) {
    const [{ n }] = await t.app.db(table).count<{ n: number | string }[]>({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}

/** Drafts an answer with `decision` as `clerk` and approves it as `coordinator`; returns the approval's output. */
export async function answerAndApprove(
  t: TestBackOffice,
  pqrId: number,
  decision: Input<'pqr.draftAnswer'>['decision'],
  tokens: { clerk: string; coordinator: string },
  more: Partial<Input<'pqr.draftAnswer'>> = {},
): Promise<Output<'pqr.approveAnswer'>> {
  await t.ok('pqr.draftAnswer', { pqrId, decision, decisionText: 'Revisada la lectura del medidor, el consumo facturado corresponde a lo registrado.', ...more }, tokens.clerk);
  return t.ok('pqr.approveAnswer', { pqrId }, tokens.coordinator);
}

/** what the LIKE search of pqr/queries.ts finds: every word at the start of the text or after a space (ids in order) */
export async function pqrIdsLike(db: Knex, text: string): Promise<number[]> {
  const q = db('pqrs').select('id').orderBy('id');
  for (const word of searchWords(text)) q.where((w) => w.where('search_text', 'like', `${word}%`).orWhere('search_text', 'like', `% ${word}%`));
  return (await q).map((r: { id: number }) => Number(r.id));
}

/** what the words search (FTS5 / GIN, modules/pqr/wordSearch.ts) finds (ids in order) */
export async function pqrIdsByWords(db: Knex, text: string): Promise<number[]> {
  const match = await pqrIdsWithWords(db, text);
  if (match === null) return [];
  return (await db('pqrs').whereIn('id', match.ids).orderBy('id').select('id')).map((r: { id: number }) => Number(r.id));
}
