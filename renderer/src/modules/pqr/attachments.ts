/**
 * Attached files at the counter (PQR attachments, petty-cash supports): checked here first (size,
 * accepted type) so the clerk hears it at once; the back office checks again (the content's first
 * bytes and what it hides). When the act is confirmed, each file goes to the back office in chunks
 * (attachments.begin + attachments.chunk, as the imports do: the web door takes at most 6 MB a
 * request) and the act names its upload.
 */
import { send } from '../../api/client';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, UPLOAD_CHUNK_BYTES } from '../../../../shared/contract';

export interface PendingAttachment {
  fileName: string;
  mimeType: string;
  size: number;
  file: Blob;
}

/** the browser leaves some types empty (a .docx on some systems): known by the extension */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** the file chooser's filter */
export const ATTACHMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,application/pdf,image/jpeg,image/png';

export function attachmentType(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? '';
}

/** The Spanish reason a file is refused here, or null when it may go. */
export function attachmentProblem(file: { name: string; type: string; size: number }): string | null {
  const type = attachmentType(file);
  if (!(type in ATTACHMENT_TYPES)) {
    return `«${file.name}» no se puede adjuntar: solo se aceptan ${Object.values(ATTACHMENT_TYPES).join(', ')}.`;
  }
  if (file.size > ATTACHMENT_MAX_BYTES) {
    return `«${file.name}» pesa ${formatSize(file.size)}: el máximo es ${formatSize(ATTACHMENT_MAX_BYTES)}.`;
  }
  if (file.size === 0) return `«${file.name}» está vacío.`;
  return null;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('es-CO', { maximumFractionDigits: 0 })} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`;
}

export function typeLabel(mimeType: string): string {
  return ATTACHMENT_TYPES[mimeType] ?? mimeType;
}

/** The bytes of a file (or a piece of it) as base64, without the "data:…;base64," prefix. */
export function readAsBase64(blob: Blob, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(`No se pudo leer «${name}»`));
    reader.readAsDataURL(blob);
  });
}

export function toPending(file: File): PendingAttachment {
  return { fileName: file.name, mimeType: attachmentType(file), size: file.size, file };
}

/** Sends the file in chunks and returns what an act names: its name, its type and its upload. */
export async function uploadAttachment(pending: PendingAttachment): Promise<{ fileName: string; mimeType: string; uploadId: string }> {
  const { uploadId } = await send('attachments.begin', { fileName: pending.fileName, size: pending.size });
  for (let offset = 0; offset < pending.size; offset += UPLOAD_CHUNK_BYTES) {
    const dataBase64 = await readAsBase64(pending.file.slice(offset, offset + UPLOAD_CHUNK_BYTES), pending.fileName);
    await send('attachments.chunk', { uploadId, offset, dataBase64 });
  }
  return { fileName: pending.fileName, mimeType: pending.mimeType, uploadId };
}

/** every file, one after the other */
export async function uploadAttachments(list: readonly PendingAttachment[]): Promise<{ fileName: string; mimeType: string; uploadId: string }[]> {
  const sent: { fileName: string; mimeType: string; uploadId: string }[] = [];
  for (const pending of list) sent.push(await uploadAttachment(pending));
  return sent;
}
