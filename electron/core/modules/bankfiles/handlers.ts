import type { HandlerTable } from '../../context';
import { rule } from '../../errors';
import { callerScope } from '../../officeScope';
import { requireUnidentifiedOfOffice } from './scope';
import { deleteUpload, getUpload, withUploadLock, type Upload } from '../imports/uploads';
import { listBankFiles, listUnidentified } from './queries';
import { assignUnidentified, commitBankFile, previewBankFile, returnUnidentified } from './service';

const coordination = ['coordinador', 'administrador'] as const;

/** An upload begun with kind 'asobancaria' (a CSV of accounts or invoices is refused here). */
function bankUpload(upload: Upload): Upload {
  if (upload.meta.kind === 'adjunto') throw rule('Esta carga es un adjunto, no un archivo del banco.');
  if (upload.meta.kind !== 'asobancaria') {
    throw rule('Esta carga es un archivo CSV de cuentas o facturas, no un archivo del banco: revíselo desde «Importar datos».');
  }
  return upload;
}

export const bankFileHandlers: Pick<
  HandlerTable,
  'bankFiles.preview' | 'bankFiles.commit' | 'bankFiles.list' | 'unidentified.list' | 'unidentified.assign' | 'unidentified.return'
> = {
  'bankFiles.preview': {
    access: coordination,
    run: ({ uploadId }, { app, actor }) =>
      withUploadLock(uploadId, async () => {
        const upload = bankUpload(await getUpload(app, actor, uploadId, { complete: true }));
        return previewBankFile(app, upload.file, { fileName: upload.meta.fileName });
      }),
  },
  'bankFiles.commit': {
    access: coordination,
    run: ({ uploadId }, { app, actor }) =>
      withUploadLock(uploadId, async () => {
        const upload = bankUpload(await getUpload(app, actor, uploadId, { complete: true }));
        const result = await commitBankFile(app, actor, upload.file, { fileName: upload.meta.fileName });
        await deleteUpload(app, uploadId);
        return result;
      }),
  },
  'bankFiles.list': { access: coordination, run: (_input, ctx) => listBankFiles(ctx.app.db, callerScope(ctx)) },
  'unidentified.list': { access: coordination, run: ({ status }, ctx) => listUnidentified(ctx.app.db, status, callerScope(ctx)) },
  'unidentified.assign': {
    access: coordination,
    run: async (input, ctx) => {
      await requireUnidentifiedOfOffice(ctx.app.db, callerScope(ctx), input.unidentifiedId);
      return assignUnidentified(ctx.app, ctx.actor, input);
    },
  },
  'unidentified.return': {
    access: coordination,
    run: async (input, ctx) => {
      await requireUnidentifiedOfOffice(ctx.app.db, callerScope(ctx), input.unidentifiedId);
      return returnUnidentified(ctx.app, ctx.actor, input);
    },
  },
};
