import type { HandlerTable } from '../../context';
import type { WorkOrdersOutputs } from '../../../../shared/contract';
import { pdfFile } from '../../documents/file';
import { routeSheetPdf } from '../../documents/route-sheet';
import { actingOffice, callerScope } from '../../officeScope';
import { nowTimestamp } from '../../db/connection';
import { inlineUploads } from '../imports/uploads';
import { requireNoticesOfOffice } from '../notices/scope';
import { officeLetterhead } from '../letters/templates';
import { assignedOrders, board, exportAssigned, indicators, ordersOfAccount } from './board';
import { crewOfOffice, getWorkOrderPolicy, listCauses, listCrews, listTypes, saveCrew, saveType, saveWorkOrderPolicy } from './catalog';
import { assignOrders, cancelOrder, createOrder, orderOfOffice, toOrderRow } from './orders';
import { photoFile, photosOfOrder } from './photos';
import { importResults, recordResult } from './results';
import { generateSuspensions, previewSuspensions } from './suspensions';

const ADMIN = ['administrador'] as const;
const COORDINATION = ['coordinador', 'administrador'] as const;


/** The handlers of issue 17, órdenes de trabajo: suspension and reconnection orders, crews, results and the board. */
export const workOrdersHandlers: Pick<HandlerTable, keyof WorkOrdersOutputs> = {
  'workOrders.types': { access: 'authenticated', run: ({ includeInactive }, { app }) => listTypes(app.db, includeInactive) },
  'workOrders.saveType': { access: ADMIN, run: (input, { app, actor }) => saveType(app.db, actor, input) },
  'workOrders.causes': { access: 'authenticated', run: (_input, { app }) => listCauses(app.db) },
  'workOrders.crews': { access: COORDINATION, run: ({ includeInactive }, ctx) => listCrews(ctx.app.db, callerScope(ctx), includeInactive) },
  'workOrders.saveCrew': { access: COORDINATION, run: async (input, ctx) => saveCrew(ctx.app.db, ctx.actor, await actingOffice(ctx.app.db, ctx.actor.officeId), callerScope(ctx), input) },
  'workOrders.policy': { access: COORDINATION, run: (_input, { app }) => getWorkOrderPolicy(app.db) },
  'workOrders.savePolicy': { access: ADMIN, run: (input, { app, actor }) => saveWorkOrderPolicy(app.db, actor, input) },
  'workOrders.create': { access: COORDINATION, run: async (input, ctx) => createOrder(ctx.app.db, ctx.actor, await actingOffice(ctx.app.db, ctx.actor.officeId), input) },
  'workOrders.assign': { access: COORDINATION, run: (input, ctx) => assignOrders(ctx.app.db, ctx.actor, callerScope(ctx), input) },
  'workOrders.cancel': { access: COORDINATION, run: (input, ctx) => cancelOrder(ctx.app.db, ctx.actor, callerScope(ctx), input) },
  'workOrders.recordResult': {
    access: COORDINATION,
    run: async (input, ctx) => {
      // photos sent in chunks (attachments.begin/chunk) are read back first, and let go once recorded
      const uploads = await inlineUploads(ctx.app, ctx.actor, input.photos);
      const result = await recordResult(ctx.app.db, ctx.app.dataDir, ctx.actor, callerScope(ctx), { ...input, photos: uploads.files });
      await uploads.done();
      return result;
    },
  },
  'workOrders.importResults': { access: COORDINATION, run: ({ csv }, ctx) => importResults(ctx.app.db, ctx.actor, callerScope(ctx), csv) },
  'workOrders.suspensionPreview': { access: COORDINATION, run: (filter, ctx) => previewSuspensions(ctx.app.db, callerScope(ctx), filter) },
  'workOrders.generateSuspensions': {
    access: COORDINATION,
    run: async (input, ctx) => {
      await requireNoticesOfOffice(ctx.app.db, callerScope(ctx), input.noticeIds, 'Uno de los avisos');
      return generateSuspensions(ctx.app.db, ctx.actor, callerScope(ctx), input);
    },
  },
  'workOrders.board': {
    access: COORDINATION,
    run: async (filter, ctx) => {
      if (filter.crewId !== undefined) await crewOfOffice(ctx.app.db, callerScope(ctx), filter.crewId);
      return board(ctx.app.db, callerScope(ctx), filter);
    },
  },
  'workOrders.get': { access: COORDINATION, run: async ({ orderId }, ctx) => toOrderRow(await orderOfOffice(ctx.app.db, callerScope(ctx), orderId)) },
  /** shown on the account page, to everyone who sees the account (the account is the company's) */
  'workOrders.ofAccount': { access: 'authenticated', run: ({ accountId }, { app }) => ordersOfAccount(app.db, accountId) },
  'workOrders.indicators': { access: COORDINATION, run: (range, ctx) => indicators(ctx.app.db, callerScope(ctx), range) },
  'workOrders.routeSheet': {
    access: COORDINATION,
    run: async ({ crewId }, ctx) => {
      const crew = await crewOfOffice(ctx.app.db, callerScope(ctx), crewId);
      const [orders, letterhead] = await Promise.all([assignedOrders(ctx.app.db, callerScope(ctx), crew.id), officeLetterhead(ctx.app.db, crew.officeId)]);
      const pdf = await routeSheetPdf({ head: letterhead.head, crew, printedAt: nowTimestamp(), timeZone: letterhead.timeZone, orders });
      return pdfFile(`hoja-de-ruta-${crew.code}.pdf`, pdf);
    },
  },
  'workOrders.exportAssigned': {
    access: COORDINATION,
    run: async ({ crewId }, ctx) => {
      if (crewId !== undefined) await crewOfOffice(ctx.app.db, callerScope(ctx), crewId);
      return exportAssigned(ctx.app.db, callerScope(ctx), crewId);
    },
  },
  'workOrders.photos': { access: COORDINATION, run: ({ orderId }, ctx) => photosOfOrder(ctx.app.db, callerScope(ctx), orderId) },
  'workOrders.photo': { access: COORDINATION, run: ({ photoId }, ctx) => photoFile(ctx.app.db, ctx.app.dataDir, callerScope(ctx), photoId) },
};
