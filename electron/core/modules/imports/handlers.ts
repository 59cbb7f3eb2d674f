import type { ImportKind, ImportResult, ImportSummary } from '../../../../shared/contract';
import type { HandlerTable } from '../../context';
import { rule } from '../../errors';
import { importFile } from './service';
import { appendChunk, beginUpload, deleteUpload, getAttachmentUpload, getUpload, withUploadLock, type Upload } from './uploads';

/** The CSV kind of an upload; a bank file (Asobancaria) is refused with where to take it. */
function csvKind(upload: Upload): ImportKind {
  const { kind } = upload.meta;
  if (kind === 'adjunto') throw rule('Esta carga es un adjunto, no un archivo de importación.');
  if (kind === 'asobancaria') {
    throw rule('Este es un archivo de recaudo del banco (Asobancaria): véalo y aplíquelo desde «Archivos del banco» (bankFiles.preview y bankFiles.commit), no desde la importación de cuentas o facturas.');
  }
  return kind;
}

const coordination = ['coordinador', 'administrador'] as const;

export const importHandlers: Pick<
  HandlerTable,
  'imports.begin' | 'imports.chunk' | 'imports.preview' | 'imports.commit' | 'imports.discard' | 'attachments.begin' | 'attachments.chunk' | 'attachments.discard'
> = {
  'imports.begin': { access: coordination, run: (input, { app, actor }) => beginUpload(app, actor, input) },

  'imports.chunk': {
    access: coordination,
    run: (input, { app, actor }) => withUploadLock(input.uploadId, () => appendChunk(app, actor, input)),
  },

  'imports.preview': {
    access: coordination,
    run: ({ uploadId }, { app, actor }) =>
      withUploadLock(uploadId, async (): Promise<ImportSummary> => {
        const upload = await getUpload(app, actor, uploadId, { complete: true });
        const summary: ImportSummary & Partial<ImportResult> = await importFile(app, actor, csvKind(upload), upload.file, {
          commit: false,
          fileName: upload.meta.fileName,
        });
        delete summary.committed;
        delete summary.batchId;
        return summary;
      }),
  },

  'imports.commit': {
    access: coordination,
    run: ({ uploadId }, { app, actor }) =>
      withUploadLock(uploadId, async () => {
        const upload = await getUpload(app, actor, uploadId, { complete: true });
        const result = await importFile(app, actor, csvKind(upload), upload.file, { commit: true, fileName: upload.meta.fileName });
        if (result.committed) await deleteUpload(app, uploadId);
        return result;
      }),
  },

  'imports.discard': {
    access: coordination,
    run: ({ uploadId }, { app, actor }) =>
      withUploadLock(uploadId, async () => {
        await getUpload(app, actor, uploadId, { complete: false });
        await deleteUpload(app, uploadId);
        return { discarded: true as const };
      }),
  },

  /**
   * Attached files in chunks, for everyone who attaches (clerks' PQRs, custodians' supports): the
   * act that keeps the file names the upload (pqr.file, pqr.addAttachment, pettyCash.*), which
   * checks it then. Each upload is its sender's alone.
   */
  'attachments.begin': { access: 'authenticated', run: (input, { app, actor }) => beginUpload(app, actor, { kind: 'adjunto', ...input }) },
  'attachments.chunk': {
    access: 'authenticated',
    run: (input, { app, actor }) =>
      withUploadLock(input.uploadId, async () => {
        await getAttachmentUpload(app, actor, input.uploadId, { complete: false });
        return appendChunk(app, actor, input);
      }),
  },
  'attachments.discard': {
    access: 'authenticated',
    run: ({ uploadId }, { app, actor }) =>
      withUploadLock(uploadId, async () => {
        await getAttachmentUpload(app, actor, uploadId, { complete: false });
        await deleteUpload(app, uploadId);
        return { discarded: true as const };
      }),
  },
};
