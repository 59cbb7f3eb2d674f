/**
 * The photos of a field result: only images (JPG or PNG, by their first bytes, not by the name), at
 * most PHOTO_MAX_BYTES each, stored as the PQR attachments are (data folder, SHA-256) and listed
 * with their order; a photo is read back only by the order's office.
 */
import type { Knex } from 'knex';
import { PHOTO_MAX_BYTES, type DocumentFile, type WorkOrderPhoto } from '../../../../shared/contract';
import { invalid, notFound } from '../../errors';
import type { OfficeScope } from '../../officeScope';
import { checkAttachment, decodedSize, inlineData, readStored, sniffType, type AttachmentUpload, type CheckedAttachment } from '../pqr/attachments';
import { orderOfOffice } from './orders';

const megabytes = (bytes: number) => `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toString().replace('.', ',')} MB`;

/** one photo checked: an image, not too large; then the attachments' own checks */
export function checkPhoto(upload: AttachmentUpload): CheckedAttachment {
  const name = upload.fileName;
  const data = inlineData(upload);
  const size = decodedSize(data);
  if (size > PHOTO_MAX_BYTES) throw invalid(`La foto «${name}» pesa ${megabytes(size)}; el máximo es ${megabytes(PHOTO_MAX_BYTES)}.`, { photos: name });
  const type = sniffType(Buffer.from(data.slice(0, 16), 'base64'));
  if (!type || !type.mimeType.startsWith('image/')) throw invalid(`«${name}» no es una foto: solo se reciben imágenes JPG o PNG.`, { photos: name });
  return checkAttachment(upload);
}

interface PhotoDbRow {
  id: number;
  work_order_id: number;
  file_name: string;
  mime_type: string;
  stored_path: string;
  sha256: string;
  size_bytes: number | string;
  uploaded_at: string;
  uploaded_by: string;
}

const toPhoto = (r: PhotoDbRow): WorkOrderPhoto => ({
  id: Number(r.id),
  orderId: Number(r.work_order_id),
  fileName: r.file_name,
  mimeType: r.mime_type,
  sizeBytes: Number(r.size_bytes),
  uploadedAt: r.uploaded_at,
  uploadedBy: r.uploaded_by,
});

/** the photos of an order of the caller's office, in the order they were uploaded */
export async function photosOfOrder(db: Knex, scope: OfficeScope, orderId: number): Promise<WorkOrderPhoto[]> {
  await orderOfOffice(db, scope, orderId);
  const rows: PhotoDbRow[] = await db('work_order_photos').where({ work_order_id: orderId }).orderBy('id');
  return rows.map(toPhoto);
}

/** one photo's file; a photo of another office's order answers as one that does not exist */
export async function photoFile(db: Knex, dataDir: string, scope: OfficeScope, photoId: number): Promise<DocumentFile> {
  const row: PhotoDbRow | undefined = await db('work_order_photos').where({ id: photoId }).first();
  if (!row) throw notFound('La foto');
  await orderOfOffice(db, scope, Number(row.work_order_id)).catch(() => {
    throw notFound('La foto');
  });
  const content = readStored(dataDir, { fileName: row.file_name, storedPath: row.stored_path, sha256: row.sha256 });
  return { fileName: row.file_name, mimeType: row.mime_type, base64: content.toString('base64') };
}
