/** Saves a generated paper or file (a PDF, a CSV) through the browser's download, as the user named it. */
import type { DocumentFile } from '../../../shared/contract';

export function documentBlob(file: DocumentFile): Blob {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: file.mimeType });
}

export function downloadDocument(file: DocumentFile): void {
  const url = URL.createObjectURL(documentBlob(file));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
