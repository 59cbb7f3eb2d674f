/**
 * Attached files: checked (size, and the type by the content's first bytes, not by the name), then
 * stored in `<dataDir>/attachments/<year>/<sha256>.<ext>` (written under a temporary name and
 * renamed, so a half-written file never has the final name) with their SHA-256 in the database.
 * The same content is stored once. When the filing's transaction fails, the files it wrote are
 * removed (`discardStored`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../../../../shared/contract';
import { invalid, rule } from '../../errors';
import { contentProblem, nameWithExtension } from './fileContent';

export interface AttachmentUpload {
  fileName: string;
  mimeType: string;
  /** the file inline; a file sent in chunks (attachments.begin/chunk) is read back into it by the handler (uploads.ts) */
  dataBase64?: string;
  uploadId?: string;
}

export interface CheckedAttachment {
  fileName: string;
  mimeType: string;
  extension: string;
  content: Buffer;
  sha256: string;
}

export interface StoredAttachment extends CheckedAttachment {
  /** relative to the data folder */
  storedPath: string;
  /** this call wrote the file (it did not exist): remove it if the transaction fails */
  written: boolean;
}

const MB = 1024 * 1024;

function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`.replace('.', ',');
}

/** bytes the base64 text decodes to, without decoding it */
export function decodedSize(base64: string): number {
  const clean = base64.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** the type by the first bytes: PDF, PNG, JPEG, Word 97-2003 (OLE), Word .docx (zip) */
export function sniffType(content: Buffer): { mimeType: string; extension: string } | null {
  const starts = (bytes: number[]) => bytes.every((b, i) => content[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46])) return { mimeType: 'application/pdf', extension: 'pdf' };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mimeType: 'image/png', extension: 'png' };
  if (starts([0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg', extension: 'jpg' };
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { mimeType: 'application/msword', extension: 'doc' };
  if (starts([0x50, 0x4b, 0x03, 0x04])) {
    return { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
  }
  return null;
}

const ALLOWED_LIST = [...new Set(Object.values(ATTACHMENT_TYPES).map((label) => label.replace(/ \(.*\)$/, '')))].join(', ');

/** the inline bytes of an upload (a chunked one was read back by its handler before any service runs) */
export function inlineData(upload: AttachmentUpload): string {
  if (upload.dataBase64 === undefined) throw new Error(`the upload of «${upload.fileName}» was not read back before checking it`);
  return upload.dataBase64;
}

/**
 * What the content hides, once its type is known (fileContent.ts): the name's extension must agree,
 * no macros, no archive or program inside a Word package, no web page or program inside a PDF.
 */
export function checkContent(name: string, content: Buffer, extension: string, field: string): void {
  const problem = contentProblem(name, content, extension);
  if (problem) throw invalid(`${field === 'support' ? 'El soporte' : 'El adjunto'} ${problem}`, { [field]: name });
}

/**
 * Checks one upload: size, then the type by its content, then what the content hides. Spanish errors
 * name the file. The name it is kept and served under carries the detected type's extension.
 */
export function checkAttachment(upload: AttachmentUpload): CheckedAttachment {
  const name = upload.fileName;
  const data = inlineData(upload);
  const size = decodedSize(data);
  if (size > ATTACHMENT_MAX_BYTES) {
    throw invalid(`El adjunto «${name}» pesa ${megabytes(size)}; el máximo es ${megabytes(ATTACHMENT_MAX_BYTES)}.`, { attachments: name });
  }
  const content = Buffer.from(data, 'base64');
  if (content.length === 0) throw invalid(`El adjunto «${name}» está vacío.`, { attachments: name });
  const type = sniffType(content);
  if (!type) {
    const executable = content[0] === 0x4d && content[1] === 0x5a ? ' (es un programa ejecutable)' : content[0] === 0x7f && content.subarray(1, 4).toString() === 'ELF' ? ' (es un programa ejecutable)' : '';
    throw invalid(`El adjunto «${name}» no es un archivo permitido${executable}: solo se reciben ${ALLOWED_LIST}.`, { attachments: name });
  }
  checkContent(name, content, type.extension, 'attachments');
  return {
    fileName: nameWithExtension(name, type.extension),
    mimeType: type.mimeType,
    extension: type.extension,
    content,
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
  };
}

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** Writes the checked files into the data folder (temp name, then rename); existing identical files are left alone. */
export function storeAttachments(dataDir: string, year: number, files: CheckedAttachment[]): StoredAttachment[] {
  const stored: StoredAttachment[] = [];
  try {
    for (const file of files) {
      const storedPath = path.join('attachments', String(year), `${file.sha256}.${file.extension}`);
      const target = path.join(dataDir, storedPath);
      if (fs.existsSync(target)) {
        stored.push({ ...file, storedPath, written: false });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(temp, file.content);
      fs.renameSync(temp, target);
      stored.push({ ...file, storedPath, written: true });
    }
  } catch (error) {
    discardStored(dataDir, stored);
    throw error;
  }
  return stored;
}

/** Removes the files a failed filing wrote (not those that were there before). */
export function discardStored(dataDir: string, stored: StoredAttachment[]): void {
  for (const file of stored) if (file.written) fs.rmSync(path.join(dataDir, file.storedPath), { force: true });
}

/** Reads a stored file and checks it is still the one filed. */
export function readStored(dataDir: string, a: { fileName: string; storedPath: string; sha256: string }): Buffer {
  const target = path.join(dataDir, a.storedPath);
  if (!fs.existsSync(target)) throw rule(`El archivo del adjunto «${a.fileName}» no está en la carpeta de datos: fue borrado o movido fuera de la aplicación.`);
  const content = fs.readFileSync(target);
  const sha = crypto.createHash('sha256').update(content).digest('hex');
  if (sha !== a.sha256) {
    throw rule(`El archivo del adjunto «${a.fileName}» fue modificado fuera de la aplicación: su huella SHA-256 ya no coincide con la registrada al radicar.`);
  }
  return content;
}
