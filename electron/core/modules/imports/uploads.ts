/**
 * Files uploaded from the screen, in chunks, to `<dataDir>/uploads/<uploadId>.csv`, with their
 * bookkeeping (kind, original name, declared size, owner) in `<uploadId>.json` beside them.
 * Only the user who began an upload may add to it, preview, commit or discard it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UPLOAD_CHUNK_BYTES, type UploadKind } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import type { Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { uploadsDir } from './staging';

/** what an upload carries: a CSV import, a bank file, or an attached file ('adjunto': attachments.*) */
export type StoredUploadKind = UploadKind | 'adjunto';

export interface UploadMeta {
  /** a CSV import, 'asobancaria' (a bank file, previewed and applied by bankFiles.*) or 'adjunto' (a PQR attachment or petty-cash support) */
  kind: StoredUploadKind;
  fileName: string;
  size: number;
  userId: number | null;
  createdAt: string;
}

export interface Upload {
  id: string;
  meta: UploadMeta;
  /** the uploaded bytes */
  file: string;
}

/** Uploads (and scratch files) older than this are removed when a new upload begins. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

const filesOf = (app: BackOffice, id: string) => ({
  data: path.join(uploadsDir(app), `${id}.csv`),
  meta: path.join(uploadsDir(app), `${id}.json`),
});

/** Chunks, previews and commits of one upload run one after another. */
const locks = new Map<string, Promise<unknown>>();

export async function withUploadLock<T>(uploadId: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(uploadId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  locks.set(uploadId, next);
  try {
    return await next;
  } finally {
    if (locks.get(uploadId) === next) locks.delete(uploadId);
  }
}

export async function beginUpload(app: BackOffice, actor: Actor, input: { kind: StoredUploadKind; fileName: string; size: number }): Promise<{ uploadId: string }> {
  const dir = uploadsDir(app);
  await fs.promises.mkdir(dir, { recursive: true });
  await removeStaleFiles(dir);
  const uploadId = crypto.randomBytes(16).toString('hex');
  const files = filesOf(app, uploadId);
  const meta: UploadMeta = { kind: input.kind, fileName: input.fileName, size: input.size, userId: actor.userId, createdAt: nowTimestamp() };
  await fs.promises.writeFile(files.data, '');
  await fs.promises.writeFile(files.meta, JSON.stringify(meta));
  return { uploadId };
}

/** The upload, if it exists and belongs to the actor; `complete` also requires every byte. */
export async function getUpload(app: BackOffice, actor: Actor, uploadId: string, options: { complete: boolean }): Promise<Upload> {
  const files = filesOf(app, uploadId);
  let meta: UploadMeta;
  try {
    meta = JSON.parse(await fs.promises.readFile(files.meta, 'utf8')) as UploadMeta;
  } catch {
    throw notFound('La carga del archivo (empiece de nuevo)');
  }
  if (meta.userId !== actor.userId) throw new AppError('FORBIDDEN', 'Esta carga de archivo pertenece a otro usuario.');
  if (options.complete) {
    const received = await sizeOf(files.data);
    if (received !== meta.size) {
      throw rule(`La carga del archivo está incompleta: se recibieron ${received} de ${meta.size} bytes.`);
    }
  }
  return { id: uploadId, meta, file: files.data };
}

export async function appendChunk(
  app: BackOffice,
  actor: Actor,
  input: { uploadId: string; offset: number; dataBase64: string },
): Promise<{ received: number }> {
  const { meta, file } = await getUpload(app, actor, input.uploadId, { complete: false });
  if (input.dataBase64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(input.dataBase64)) {
    throw invalid('El fragmento del archivo llegó dañado (base64 inválido).');
  }
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length > UPLOAD_CHUNK_BYTES) throw invalid('El fragmento del archivo es demasiado grande.');
  const received = await sizeOf(file);
  if (input.offset !== received) {
    throw conflict(`El fragmento no corresponde: se esperaba la posición ${received} y llegó la ${input.offset}.`);
  }
  if (received + data.length > meta.size) {
    throw invalid(`El archivo es más grande de lo anunciado (${meta.size} bytes).`);
  }
  await fs.promises.appendFile(file, data);
  return { received: received + data.length };
}

export async function deleteUpload(app: BackOffice, uploadId: string): Promise<void> {
  const files = filesOf(app, uploadId);
  await fs.promises.rm(files.data, { force: true });
  await fs.promises.rm(files.meta, { force: true });
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch {
    throw notFound('La carga del archivo (empiece de nuevo)');
  }
}

async function removeStaleFiles(dir: string): Promise<void> {
  const limit = Date.now() - STALE_AFTER_MS;
  for (const name of await fs.promises.readdir(dir)) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat?.isFile() && stat.mtimeMs < limit) await fs.promises.rm(file, { force: true });
  }
}

/** An attached file's upload (attachments.*): the caller's own, of kind 'adjunto'. */
export async function getAttachmentUpload(app: BackOffice, actor: Actor, uploadId: string, options: { complete: boolean }): Promise<Upload> {
  const upload = await getUpload(app, actor, uploadId, options);
  if (upload.meta.kind !== 'adjunto') throw rule('Esta carga es un archivo de importación, no un adjunto: adjunte el archivo de nuevo.');
  return upload;
}

/** a file of an input: inline, or named by its upload */
export interface FileOfInput {
  fileName: string;
  mimeType: string;
  dataBase64?: string;
  uploadId?: string;
}

/**
 * The files of an input with every uploaded one read back inline (the services check and store
 * the inline form), and `done`, which removes those uploads once the act that keeps them succeeded
 * (a refused act leaves them, so the same upload can be sent again with the mistake corrected;
 * forgotten ones go after a day).
 */
export async function inlineUploads<F extends FileOfInput>(app: BackOffice, actor: Actor, files: readonly F[]): Promise<{ files: F[]; done: () => Promise<void> }> {
  const used: string[] = [];
  const inline: F[] = [];
  for (const file of files) {
    if (file.uploadId === undefined) {
      inline.push(file);
      continue;
    }
    const upload = await getAttachmentUpload(app, actor, file.uploadId, { complete: true });
    used.push(upload.id);
    const { uploadId: _uploadId, ...rest } = file;
    inline.push({ ...rest, dataBase64: (await fs.promises.readFile(upload.file)).toString('base64') } as F);
  }
  return { files: inline, done: async () => Promise.all(used.map((id) => deleteUpload(app, id))).then(() => undefined) };
}
