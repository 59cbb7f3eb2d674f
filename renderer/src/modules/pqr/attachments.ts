/**
 * Attached files at the counter: checked here first (size, accepted type) so the clerk hears it at
 * once; the back office checks again (also the content's first bytes). Read as base64 for the contract.
 */
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../../../../shared/contract';

export interface PendingAttachment {
  fileName: string;
  mimeType: string;
  size: number;
  dataBase64: string;
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

/** The file's bytes as base64 (without the "data:…;base64," prefix). */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(`No se pudo leer «${file.name}»`));
    reader.readAsDataURL(file);
  });
}

export async function toPending(file: File): Promise<PendingAttachment> {
  return { fileName: file.name, mimeType: attachmentType(file), size: file.size, dataBase64: await readAsBase64(file) };
}
