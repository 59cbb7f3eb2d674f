import type { HandlerContext, HandlerTable } from '../../context';
import type { PqrOutputs } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { AppError, notFound, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { readStored } from './attachments';
import { getCatalog, listLegalRules, saveCausal, saveLegalRule, saveTerm } from './catalog';
import { desist, recognizeSilencio } from './legalActs';
import { getCompany } from '../setup/service';
import { answerLetterFile, answerPreviewFile, answerTemplates, approveAnswer, draftAnswer, recordAnswerSent, returnAnswer, transferLetterFile } from './answers';
import {
  annulCorrespondence,
  correspondenceLetterFile,
  correspondenceTemplates,
  createCorrespondence,
  getCorrespondence,
  listCorrespondence,
  recordDelivery,
} from './correspondence';
import { notificationFile, notificationFileById, notify } from './notifications';
import { constanciaFile, extensionLetterFile, stickerFile } from './papers';
import { recordSspdDecision, sendToSspd } from './recursos';
import { findByRadicado, getPqrDetail, searchPqrs, tray, visiblePqr } from './queries';
import { addAttachment, annul, assign, close, comment, dueDateFor, extend, extendCompletion, filePqr, pause, reopen, resume, take, type Worker } from './service';
import { inlineUploads } from '../imports/uploads';

const CLERKS: readonly Role[] = ['auxiliar', 'coordinador', 'administrador'];
const COORDINATORS: readonly Role[] = ['coordinador', 'administrador'];
const ADMINISTRATORS: readonly Role[] = ['administrador'];
/** a gestor de cobro files the reclamo heard in a collections call (issue 15), nothing else of PQR */
const FILERS: readonly Role[] = [...CLERKS, 'gestor'];

/** who acts: the session's user; the CLI door acts as an administrator of no office */
function workerOf(ctx: HandlerContext): Worker {
  const user = ctx.session?.user;
  if (!user) return { actor: ctx.actor, userId: null, fullName: ctx.actor.name, role: 'administrador', officeId: null };
  return { actor: { ...ctx.actor, userId: user.id, officeId: user.officeId }, userId: user.id, fullName: user.fullName, role: user.role, officeId: user.officeId };
}

/** the caller's office, or (CLI, no session) the first office */
async function officeOfCaller(ctx: HandlerContext, officeId?: number): Promise<number> {
  if (officeId !== undefined) return officeId;
  const own = ctx.session?.user.officeId;
  if (own !== undefined) return own;
  const first: { id: number } | undefined = await ctx.app.db('offices').orderBy('id').first('id');
  if (!first) throw notFound('La oficina');
  return Number(first.id);
}

async function detail(ctx: HandlerContext, pqrId: number) {
  await visiblePqr(ctx.app.db, workerOf(ctx), pqrId);
  return getPqrDetail(ctx.app.db, pqrId, await businessToday(ctx.app.db));
}

export const pqrHandlers: Pick<HandlerTable, keyof PqrOutputs> = {
  'pqr.catalog': { access: FILERS, run: async (_input, ctx) => getCatalog(ctx.app.db, await officeOfCaller(ctx)) },
  'pqr.file': {
    access: FILERS,
    run: async (input, ctx) => {
      // attachments sent in chunks (attachments.begin/chunk) are read back first, and let go once filed
      const uploads = await inlineUploads(ctx.app, ctx.actor, input.attachments);
      const pqrId = await filePqr(ctx.app, workerOf(ctx), { ...input, attachments: uploads.files });
      await uploads.done();
      const pqr = await getPqrDetail(ctx.app.db, pqrId, await businessToday(ctx.app.db));
      return { pqr, sticker: await stickerFile(ctx.app.db, pqr), constancia: await constanciaFile(ctx.app.db, pqr) };
    },
  },
  'pqr.get': { access: CLERKS, run: ({ pqrId }, ctx) => detail(ctx, pqrId) },
  'pqr.findByRadicado': { access: CLERKS, run: async ({ radicado }, ctx) => findByRadicado(ctx.app.db, workerOf(ctx), radicado, await businessToday(ctx.app.db)) },
  'pqr.tray': { access: CLERKS, run: async ({ scope }, ctx) => tray(ctx.app.db, workerOf(ctx), scope, await businessToday(ctx.app.db)) },
  'pqr.search': { access: CLERKS, run: async (input, ctx) => searchPqrs(ctx.app.db, workerOf(ctx), input, await businessToday(ctx.app.db)) },
  'pqr.assign': { access: COORDINATORS, run: (input, ctx) => assign(ctx.app, workerOf(ctx), input) },
  'pqr.take': { access: ['auxiliar', 'coordinador'], run: (input, ctx) => take(ctx.app, workerOf(ctx), input) },
  'pqr.comment': { access: CLERKS, run: (input, ctx) => comment(ctx.app, workerOf(ctx), input) },
  'pqr.pause': { access: CLERKS, run: (input, ctx) => pause(ctx.app, workerOf(ctx), input) },
  'pqr.resume': { access: CLERKS, run: (input, ctx) => resume(ctx.app, workerOf(ctx), input) },
  'pqr.extend': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      const pqr = await extend(ctx.app, workerOf(ctx), input);
      return { pqr, letter: await extensionLetterFile(ctx.app.db, pqr) };
    },
  },
  'pqr.addAttachment': {
    access: CLERKS,
    run: async (input, ctx) => {
      await visiblePqr(ctx.app.db, workerOf(ctx), input.pqrId);
      const uploads = await inlineUploads(ctx.app, ctx.actor, [input.attachment]);
      const pqr = await addAttachment(ctx.app, workerOf(ctx), { ...input, attachment: uploads.files[0] });
      await uploads.done();
      return pqr;
    },
  },
  'pqr.attachment': {
    access: CLERKS,
    run: async ({ attachmentId }, ctx) => {
      const row: { pqr_id: number; file_name: string; stored_path: string; mime_type: string; sha256: string } | undefined = await ctx.app
        .db('pqr_attachments')
        .where({ id: attachmentId })
        .first('pqr_id', 'file_name', 'stored_path', 'mime_type', 'sha256');
      if (!row) throw notFound('El adjunto');
      await visiblePqr(ctx.app.db, workerOf(ctx), Number(row.pqr_id)).catch(() => {
        throw notFound('El adjunto');
      });
      const content = readStored(ctx.app.dataDir, { fileName: row.file_name, storedPath: row.stored_path, sha256: row.sha256 });
      return { fileName: row.file_name, mimeType: row.mime_type, base64: content.toString('base64'), sha256: row.sha256 };
    },
  },
  'pqr.close': { access: CLERKS, run: (input, ctx) => close(ctx.app, workerOf(ctx), input) },
  'pqr.reopen': { access: COORDINATORS, run: (input, ctx) => reopen(ctx.app, workerOf(ctx), input) },
  'pqr.annul': { access: COORDINATORS, run: (input, ctx) => annul(ctx.app, workerOf(ctx), input) },
  'pqr.stickerPdf': { access: CLERKS, run: async ({ pqrId }, ctx) => stickerFile(ctx.app.db, await detail(ctx, pqrId)) },
  'pqr.constanciaPdf': { access: CLERKS, run: async ({ pqrId }, ctx) => constanciaFile(ctx.app.db, await detail(ctx, pqrId)) },
  'pqr.extensionLetterPdf': { access: CLERKS, run: async ({ pqrId }, ctx) => extensionLetterFile(ctx.app.db, await detail(ctx, pqrId)) },
  'pqr.dueDate': {
    access: CLERKS,
    run: async ({ type, filed, officeId }, ctx) => {
      const office = await officeOfCaller(ctx, officeId);
      const own = ctx.session?.user;
      if (own && own.role !== 'administrador' && own.officeId !== office) throw new AppError('FORBIDDEN', 'Solo puede calcular plazos de su oficina.');
      if (filed < '2000-01-01' || filed > '2100-12-31') throw rule('La fecha de radicación está fuera del rango que maneja el calendario.');
      return dueDateFor(ctx.app.db, office, type, filed);
    },
  },
  'pqr.answerTemplates': { access: CLERKS, run: ({ pqrId }, ctx) => answerTemplates(ctx.app.db, workerOf(ctx), pqrId) },
  'pqr.draftAnswer': { access: CLERKS, run: (input, ctx) => draftAnswer(ctx.app, workerOf(ctx), input) },
  'pqr.answerPreviewPdf': { access: CLERKS, run: async ({ pqrId }, ctx) => answerPreviewFile(ctx.app.db, await detail(ctx, pqrId)) },
  'pqr.approveAnswer': {
    access: COORDINATORS,
    run: async ({ pqrId, silencioAcknowledged }, ctx) => {
      const worker = workerOf(ctx);
      const { pqr, transferId } = await approveAnswer(ctx.app, worker, pqrId, { silencioAcknowledged });
      return { pqr, letter: await answerLetterFile(ctx.app.db, pqr), transferLetter: await transferLetterFile(ctx.app.db, worker, transferId) };
    },
  },
  'pqr.returnAnswer': { access: COORDINATORS, run: (input, ctx) => returnAnswer(ctx.app, workerOf(ctx), input) },
  'pqr.answerLetterPdf': { access: CLERKS, run: async ({ pqrId }, ctx) => answerLetterFile(ctx.app.db, await detail(ctx, pqrId)) },
  'pqr.recordAnswerSent': { access: CLERKS, run: (input, ctx) => recordAnswerSent(ctx.app, workerOf(ctx), input) },
  'pqr.notify': {
    access: CLERKS,
    run: async (input, ctx) => {
      const { pqr, notificationId } = await notify(ctx.app, workerOf(ctx), input);
      return { pqr, paper: await notificationFile(ctx.app.db, pqr, notificationId) };
    },
  },
  'pqr.notificationPdf': { access: CLERKS, run: ({ notificationId }, ctx) => notificationFileById(ctx.app.db, workerOf(ctx), notificationId) },
  'pqr.sendToSspd': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      const worker = workerOf(ctx);
      const { pqr, letterId } = await sendToSspd(ctx.app, worker, input);
      return { pqr, letter: await correspondenceLetterFile(ctx.app.db, worker, letterId) };
    },
  },
  'pqr.recordSspdDecision': { access: COORDINATORS, run: (input, ctx) => recordSspdDecision(ctx.app, workerOf(ctx), input) },
  'correspondence.create': {
    access: CLERKS,
    run: async (input, ctx) => {
      const worker = workerOf(ctx);
      const id = await createCorrespondence(ctx.app, worker, input);
      return { item: await getCorrespondence(ctx.app.db, worker, id), letter: await correspondenceLetterFile(ctx.app.db, worker, id) };
    },
  },
  'correspondence.list': { access: CLERKS, run: (input, ctx) => listCorrespondence(ctx.app.db, workerOf(ctx), input) },
  'correspondence.get': { access: CLERKS, run: ({ correspondenceId }, ctx) => getCorrespondence(ctx.app.db, workerOf(ctx), correspondenceId) },
  'correspondence.templates': { access: CLERKS, run: ({ kind }, ctx) => correspondenceTemplates(ctx.app.db, workerOf(ctx), kind) },
  'correspondence.recordDelivery': { access: CLERKS, run: (input, ctx) => recordDelivery(ctx.app, workerOf(ctx), input) },
  'correspondence.letterPdf': { access: CLERKS, run: ({ correspondenceId }, ctx) => correspondenceLetterFile(ctx.app.db, workerOf(ctx), correspondenceId) },
  'correspondence.annul': { access: COORDINATORS, run: (input, ctx) => annulCorrespondence(ctx.app, workerOf(ctx), input) },
  'pqr.saveTerm': { access: ADMINISTRATORS, run: (input, ctx) => saveTerm(ctx.app.db, ctx.actor, input) },
  'pqr.legalRules': { access: CLERKS, run: async (_input, ctx) => listLegalRules(ctx.app.db, (await getCompany(ctx.app.db)).country) },
  'pqr.saveLegalRule': { access: ADMINISTRATORS, run: (input, ctx) => saveLegalRule(ctx.app.db, ctx.actor, input) },
  'pqr.extendCompletion': { access: CLERKS, run: (input, ctx) => extendCompletion(ctx.app, workerOf(ctx), input) },
  'pqr.desist': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      const worker = workerOf(ctx);
      const { pqr, letterId } = await desist(ctx.app, worker, input);
      return { pqr, letter: await correspondenceLetterFile(ctx.app.db, worker, letterId) };
    },
  },
  'pqr.recognizeSilencio': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      const worker = workerOf(ctx);
      const { pqr, letterId } = await recognizeSilencio(ctx.app, worker, input);
      return { pqr, letter: await correspondenceLetterFile(ctx.app.db, worker, letterId) };
    },
  },
  'pqr.saveCausal': { access: ADMINISTRATORS, run: (input, ctx) => saveCausal(ctx.app.db, ctx.actor, input) },
};
