/** Sends a file to the back office in chunks (imports.begin + imports.chunk), reporting progress. */
import { send } from '../../api/client';
import { UPLOAD_CHUNK_BYTES, type UploadKind } from '../../../../shared/contract';

function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function uploadFile(
  kind: UploadKind,
  file: File,
  onProgress: (sentBytes: number) => void,
  onBegun: (uploadId: string) => void,
  cancelled: () => boolean,
): Promise<string> {
  const { uploadId } = await send('imports.begin', { kind, fileName: file.name, size: file.size });
  onBegun(uploadId);
  for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
    if (cancelled()) break;
    const dataBase64 = await blobToBase64(file.slice(offset, offset + UPLOAD_CHUNK_BYTES));
    await send('imports.chunk', { uploadId, offset, dataBase64 });
    onProgress(Math.min(file.size, offset + UPLOAD_CHUNK_BYTES));
  }
  return uploadId;
}
