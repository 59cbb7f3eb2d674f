/**
 * The support of a voucher (the invoice or receipt: a scan or a photo). Checked like the PQR
 * attachments (size, then the type by the first bytes, never by the name) but narrower: only PDF,
 * JPG and PNG, at most 10 MB. Stored in the same content-addressed folder of the data folder
 * (`attachments/<year>/<sha256>.<ext>`) with the PQR module's writer, so the same file is kept once.
 */
import crypto from 'node:crypto';
import { SUPPORT_MAX_BYTES, SUPPORT_TYPES } from '../../../../shared/contract';
import { invalid } from '../../errors';
import { checkContent, decodedSize, discardStored, inlineData, readStored, sniffType, storeAttachments, type CheckedAttachment, type StoredAttachment } from '../pqr/attachments';
import { nameWithExtension } from '../pqr/fileContent';

export interface SupportUpload {
  fileName: string;
  mimeType: string;
  /** inline; a support sent in chunks is read back into it by its handler (imports/uploads.ts) */
  dataBase64?: string;
  uploadId?: string;
}

const ALLOWED = [...new Set(Object.values(SUPPORT_TYPES))].join(', ');

/** Checks one support: not empty, at most 10 MB, a PDF, JPG or PNG by its content, hiding nothing (fileContent.ts). */
export function checkSupport(upload: SupportUpload): CheckedAttachment {
  const name = upload.fileName;
  const data = inlineData(upload);
  const size = decodedSize(data);
  if (size > SUPPORT_MAX_BYTES) throw invalid(`El soporte «${name}» supera el tamaño máximo de 10 MB.`, { support: name });
  const content = Buffer.from(data, 'base64');
  if (content.length === 0) throw invalid(`El soporte «${name}» está vacío.`, { support: name });
  const type = sniffType(content);
  if (!type || !(type.mimeType in SUPPORT_TYPES)) {
    const executable = (content[0] === 0x4d && content[1] === 0x5a) || (content[0] === 0x7f && content.subarray(1, 4).toString() === 'ELF') ? ' (es un programa ejecutable)' : '';
    throw invalid(`El soporte «${name}» no es un archivo permitido${executable}: solo se reciben ${ALLOWED}.`, { support: name });
  }
  checkContent(name, content, type.extension, 'support');
  return { fileName: nameWithExtension(name, type.extension), mimeType: type.mimeType, extension: type.extension, content, sha256: crypto.createHash('sha256').update(content).digest('hex') };
}

/** Checks and writes the support into the data folder; null when there is none. */
export function storeSupport(dataDir: string, year: number, upload: SupportUpload | undefined): StoredAttachment | null {
  if (!upload) return null;
  const [stored] = storeAttachments(dataDir, year, [checkSupport(upload)]);
  return stored;
}

/** Removes the file a failed act wrote (not one that was already there). */
export function discardSupport(dataDir: string, stored: StoredAttachment | null): void {
  if (stored) discardStored(dataDir, [stored]);
}

/** the columns of petty_cash_expenses that describe the support */
export function supportColumns(stored: StoredAttachment) {
  return {
    support_file_name: stored.fileName,
    support_mime_type: stored.mimeType,
    support_size: stored.content.length,
    support_sha256: stored.sha256,
    support_path: stored.storedPath,
  };
}

/** The stored support's bytes, checked against its SHA-256. */
export function readSupport(dataDir: string, support: { fileName: string; sha256: string }, storedPath: string): Buffer {
  return readStored(dataDir, { fileName: support.fileName, storedPath, sha256: support.sha256 });
}
