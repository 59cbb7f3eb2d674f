/**
 * Two offices for the office-scoping tests (issue 12): office A (the test office, Garagoa) with one
 * record of each kind the handlers name by id, made through the real handlers by office A's own
 * people; office B (Tenza) with one logged-in user per role and a till, and nothing else.
 *
 * Everything of office A carries the marker `ZQX` (its people's names and usernames, the PQR, the
 * letter, the payee, the bank file, the print job…) so that a test can look for it in whatever a
 * user of office B is shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../shared/roles';
import { ROLES } from '../../shared/roles';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { addMonths } from '../../shared/dates';
import { waitForBatch } from '../../electron/core/modules/invoicing/batch';
import { newDocument, toBuffer } from '../../electron/core/documents/layout';
import { COMPANY, OFFICE, type TestBackOffice } from './backoffice';
import { accountWithInvoices, copCount } from './cashier';
import { filePqr, SMALL_PDF, upload } from './pqr';
import { seedRoutes } from './invoices-fixture';
import { fileLines, joinLines } from '../fixtures/asobancaria/build';

export type InitializedBackOffice = TestBackOffice & { adminToken: string; officeId: number };

/** what every record of office A shows somewhere (names, subjects, titles), in any letter case */
export const MARKER = 'ZQX';
const PASSWORD = 'clave-de-prueba';

export interface OfficeRecords {
  officeA: number;
  officeB: number;
  /** a logged-in user of office B per role */
  tokensB: Record<Role, string>;
  /** office A's people */
  tokensA: { cajero: string; auxiliar: string; coordinador: string; gestor: string };
  /** office A's records by the input key that names them */
  a: {
    officeId: number;
    tillId: number;
    sessionId: number;
    paymentId: number;
    receiptNumber: number;
    pqrId: number;
    radicado: string;
    answerRadicado: string;
    attachmentId: number;
    notificationId: number;
    correspondenceId: number;
    fundId: number;
    budgetLineId: number;
    expenseId: number;
    advanceId: number;
    reimbursementId: number;
    arqueoId: number;
    noticeId: number;
    noticeBatchId: number;
    invoiceBatchId: number;
    jobId: number;
    bankFileId: number;
    unidentifiedId: number;
    certificateId: number;
    exportId: number;
    dayId: number;
    uploadId: string;
    userId: number;
    custodianId: number;
    /** collections (issue 15): office A's gestor, its campaign, contact, contact point, field hand-off and liquidation */
    gestorId: number;
    campaignId: number;
    contactId: number;
    contactPointId: number;
    handoffId: number;
    liquidationId: number;
    /** work orders (issue 17): office A's crew and an order */
    crewId: number;
    orderId: number;
    /** the photo of a work order's result, office A's */
    photoId: number;
    /** payment agreements (issue 16): office A's agreement, signed by its gestor */
    agreementId: number;
    /** outgoing e-mail (issue 19): a message office A sent */
    mailMessageId: number;
  };
  /** records of the whole company (accounts, invoices, the price list, templates, causales) */
  company: { accountId: number; debtorAccountId: number; invoiceId: number; chargeItemId: number; templateId: number; causalId: number; surveyId: number; questionId: number };
}

const passwords = new Map<string, string>();

/** the password a user made by `userOf` logs in with */
export const passwordOf = (username: string): string => passwords.get(username) ?? PASSWORD;

/** Creates a user of an office and logs in (changing a temporary password if the back office asks). */
export async function userOf(t: InitializedBackOffice, officeId: number, role: Role, username: string, fullName: string): Promise<{ id: number; token: string }> {
  const created = await t.ok('users.create', { fullName, username, officeId, role, password: PASSWORD }, t.adminToken);
  const login = await t.ok('auth.login', { username, password: PASSWORD });
  passwords.set(username, PASSWORD);
  if (login.mustChangePassword) {
    await t.ok('auth.changePassword', { currentPassword: PASSWORD, newPassword: `${PASSWORD}-propia` }, login.token);
    passwords.set(username, `${PASSWORD}-propia`);
    return { id: created.id, token: (await t.ok('auth.login', { username, password: `${PASSWORD}-propia` })).token };
  }
  return { id: created.id, token: login.token };
}

async function onePagePdf(title: string): Promise<Buffer> {
  const doc = newDocument({ size: [612, 792], margin: 50, title });
  doc.fontSize(14).text(title, 50, 60);
  return toBuffer(doc);
}

/**
 * Office A's collections (issue 15), on the debtor account before anyone pays or files on it (a recent
 * payment or an open reclamo would leave it out of a campaign): its phone authorised for collections
 * (a contact point), a campaign of office A's coordinator for office A's gestor, an incoming call with
 * a commitment, a field hand-off and the month's commission liquidation.
 */
async function seedCollections(t: InitializedBackOffice, today: string, accountId: number, coordinador: string, gestor: { id: number; token: string }) {
  await t.app.db('accounts').where({ id: accountId }).update({ phone: '3104528871' });
  const point = await t.ok(
    'collections.saveContactPoint',
    {
      accountId,
      kind: 'telefono',
      value: '3104528871',
      relation: 'titular',
      holderName: 'Titular de la cuenta',
      source: 'llamada',
      authorisation: { on: today, via: 'llamada_grabada', purposes: ['cobranza'], channels: ['llamada', 'whatsapp'] },
    },
    coordinador,
  );
  const campaign = await t.ok(
    'collections.launchCampaign',
    { idempotencyKey: randomUUID().replace(/-/g, ''), name: 'Campaña Zqx Garagoa', criteria: { buckets: [] }, gestorIds: [gestor.id], distribution: 'deuda' },
    coordinador,
  );
  // an incoming call (always allowed, whatever the hour the test runs at)
  const recorded = await t.ok(
    'collections.recordContact',
    { idempotencyKey: randomUUID().replace(/-/g, ''), accountId, channel: 'llamada', direction: 'entrante', contactPointId: point.id as number, outcome: 'no_contesta', notes: 'Zqx llamó la titular' },
    gestor.token,
  );
  const handoff = await t.ok('collections.handToField', { accountId, purpose: 'verificar_predio', reason: 'Zqx el vecino dice que la casa está desocupada', contactId: recorded.contact.id }, gestor.token);
  const { liquidation } = await t.ok('collections.liquidate', { gestorId: gestor.id, month: today.slice(0, 7) }, coordinador);
  return { campaignId: campaign.id, contactId: recorded.contact.id, contactPointId: point.id as number, handoffId: handoff.id, liquidationId: liquidation.id };
}

export async function seedOfficeRecords(t: InitializedBackOffice): Promise<OfficeRecords> {
  const db = t.app.db;
  const today = await businessToday(db);
  const year = Number(today.slice(0, 4));
  const officeA = t.officeId;
  const officeB = (await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken)).id;

  // office A's people, named with the marker
  const cajero = await userOf(t, officeA, 'cajero', 'zqx.cajera', 'Zqx Cajera Garagoa');
  const auxiliar = await userOf(t, officeA, 'auxiliar', 'zqx.auxiliar', 'Zqx Auxiliar Garagoa');
  const coordinador = await userOf(t, officeA, 'coordinador', 'zqx.coordinadora', 'Zqx Coordinadora Garagoa');
  const gestor = await userOf(t, officeA, 'gestor', 'zqx.gestora', 'Zqx Gestora Garagoa');

  // the company: a debtor account, a paid-up account, the price list
  const debtor = await accountWithInvoices(t, '100234', [90_000, 64_300, 70_000]);
  const paidUp = await accountWithInvoices(t, '100999', []);
  const collections = await seedCollections(t, today, debtor.accountId, coordinador.token, gestor);
  const chargeItem = await t.ok('chargeItems.save', { code: 'DUP', name: 'Duplicado de factura', amount: 3_000, active: true }, t.adminToken);

  // the till, a session with a payment and a cash movement
  const tillA = await t.ok('tills.save', { officeId: officeA, code: 'C1', name: 'Caja Zqx 1', receiptLayout: 'termica80', active: true }, t.adminToken);
  await t.ok('tills.save', { officeId: officeB, code: 'C1', name: 'Caja Tenza 1', receiptLayout: 'termica80', active: true }, t.adminToken);
  const session = await t.ok('cashier.open', { tillId: tillA.id, count: copCount(200_000) }, cajero.token);
  const pay = await t.ok(
    'cashier.pay',
    { idempotencyKey: randomUUID(), accountId: debtor.accountId, picked: [{ kind: 'invoice', id: debtor.invoiceIds[0] }], newCharges: [], tenders: [{ method: 'efectivo', amount: 90_000, received: 100_000 }] },
    cajero.token,
  );
  await t.ok('cashier.movement', { kind: 'entrada', amount: 50_000, reason: 'fondo_de_cambio', note: 'Zqx base adicional' }, cajero.token);

  // a PQR with an attachment, answered and notified; a letter
  const filed = await filePqr(t, auxiliar.token, {
    subject: 'Zqx revisión del consumo',
    petitioner: { name: 'Zqx Peticionaria Garagoa' },
    accountId: debtor.accountId,
    attachments: [upload('carta-zqx.pdf', SMALL_PDF)],
  });
  const pqrId = filed.pqr.id;
  await t.ok('pqr.assign', { pqrId, userId: auxiliar.id }, coordinador.token);
  await t.ok('pqr.draftAnswer', { pqrId, decision: 'no_accede', decisionText: 'Revisada la lectura del medidor, el consumo corresponde a lo registrado.' }, auxiliar.token);
  const approved = await t.ok('pqr.approveAnswer', { pqrId }, coordinador.token);
  const notified = await t.ok(
    'pqr.notify',
    { pqrId, step: 'personal', date: today, personName: 'Zqx Peticionaria Garagoa', personIdNumber: '52123456', email: '', guide: '' },
    auxiliar.token,
  );
  const notificationId = notified.pqr.notifications[notified.pqr.notifications.length - 1].id;
  const letter = await t.ok(
    'correspondence.create',
    { kind: 'salida', recipientName: 'Alcaldía Municipal Zqx', recipientAddress: 'Carrera 9 # 9-38', subject: 'Zqx informe de cortes programados', text: 'Informamos los cortes programados.' },
    auxiliar.token,
  );

  // petty cash: the fund, a voucher with its support, an advance, a reimbursement, an arqueo
  const fund = await t.ok(
    'pettyCash.openFund',
    {
      officeId: officeA,
      year,
      resolutionNumber: 'ZQX-045',
      resolutionDate: `${year}-01-02` <= today ? `${year}-01-02` : today,
      amount: 1_000_000,
      custodianId: auxiliar.id,
      thresholdPercent: 70,
      maxPerExpense: 200_000,
      budgetLines: [{ code: '01', name: 'Papelería', limit: 600_000 }],
      forbiddenConcepts: ['préstamo'],
    },
    coordinador.token,
  );
  const budgetLineId = fund.budgetLines[0].id;
  const payee = { idType: 'NIT' as const, idNumber: '900123456-8', name: 'Papelería Zqx' };
  const { expense } = await t.ok(
    'pettyCash.recordExpense',
    { fundId: fund.fund.id, date: today, payee, concept: 'Resmas Zqx', budgetLineId, amount: 80_000, support: upload('factura-zqx.pdf', SMALL_PDF) },
    auxiliar.token,
  );
  const { advance } = await t.ok('pettyCash.giveAdvance', { fundId: fund.fund.id, date: today, payee, concept: 'Anticipo Zqx', budgetLineId, amount: 30_000 }, auxiliar.token);
  const { reimbursement } = await t.ok('pettyCash.requestReimbursement', { fundId: fund.fund.id, expenseIds: [expense.id] }, auxiliar.token);
  const { arqueo } = await t.ok('pettyCash.arqueo', { fundId: fund.fund.id, cash: copCount(890_000), vouchersOnHand: 80_000, advancesOnHand: 30_000, note: 'Zqx arqueo' }, coordinador.token);

  // a suspension notice round, an invoice batch
  const round = await t.ok('notices.generate', { kind: 'suspension', accountIds: [debtor.accountId] }, coordinador.token);
  await seedRoutes(db, '2026-09', [{ cycle: '01', route: '0101', accounts: 2 }]);
  const started = await t.ok('invoicing.startBatch', { period: '2026-09' }, coordinador.token);
  const batch = await waitForBatch(t.app, started.id);
  if (batch.state !== 'done') throw new Error(`el lote de facturas de la oficina A terminó en ${batch.state}: ${batch.message}`);

  // a print job of office A's cashier (logged as printing.print logs it; no printer is needed to read it back)
  const jobPdf = await onePagePdf('Recibo Zqx');
  const jobFile = path.join(t.app.dataDir, 'print', `zqx-${randomUUID()}.pdf`);
  fs.mkdirSync(path.dirname(jobFile), { recursive: true });
  fs.writeFileSync(jobFile, jobPdf);
  const [job] = await db('print_jobs')
    .insert({
      machine: 'caja-zqx',
      kind: 'receipt',
      title: 'Recibo Zqx',
      file_name: 'recibo-zqx.pdf',
      file_path: jobFile,
      sha256: 'a'.repeat(64),
      pages: 1,
      copies: 1,
      printer_name: 'VentanillaPDF',
      paper: 'roll80',
      state: 'fallido',
      attempts: 1,
      error: 'Zqx sin papel',
      user_id: cajero.id,
      user_name: 'zqx.cajera',
      office_id: officeA,
      created_at: new Date().toISOString(),
      business_date: today,
      last_attempt_at: new Date().toISOString(),
    })
    .returning('id');
  const jobId = typeof job === 'object' ? Number((job as { id: number }).id) : Number(job);

  // a bank file imported by office A's coordinator, with one payment nobody could identify
  const nit = COMPANY.nit.replace(/\D/g, '');
  const bytes = Buffer.from(joinLines(fileLines({ nit, lots: [[{ reference: '777000999', amount: 1_234_500 }]] })), 'latin1');
  const begun = await t.ok('imports.begin', { kind: 'asobancaria', fileName: 'zqx-bancolombia.txt', size: bytes.length }, coordinador.token);
  await t.ok('imports.chunk', { uploadId: begun.uploadId, offset: 0, dataBase64: bytes.toString('base64') }, coordinador.token);
  const bank = await t.ok('bankFiles.commit', { uploadId: begun.uploadId }, coordinador.token);
  const unidentified: { id: number } = await db('unidentified_payments').where({ bank_file_id: bank.bankFileId }).first('id');

  // a crew of office A and a work order of office A
  const crew = await t.ok('workOrders.saveCrew', { code: 'ZQX1', name: 'Cuadrilla Zqx', members: 'Zqx Operario', active: true }, coordinador.token);
  const order = await t.ok('workOrders.create', { accountId: debtor.accountId, type: 'revision', reason: 'Zqx revisión del medidor' }, coordinador.token);
  // a result's photo of office A: a second order, executed with it (the first stays open)
  const withPhoto = await t.ok('workOrders.create', { accountId: debtor.accountId, type: 'revision', reason: 'Zqx revisión con foto' }, coordinador.token);
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  await t.ok('workOrders.recordResult', { orderId: withPhoto.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Zqx Operario', observations: 'Zqx medidor revisado', photos: [{ fileName: 'zqx-medidor.png', mimeType: 'image/png', dataBase64: png }] }, coordinador.token);
  const [photo] = await t.ok('workOrders.photos', { orderId: withPhoto.id }, coordinador.token);

  // a paz y salvo, a closure of the office's calendar, an upload begun (not finished)
  const certificate = await t.ok('pazYSalvo.issue', { accountId: paidUp.accountId }, cajero.token);
  const closure = await t.ok('calendar.addClosure', { officeId: officeA, date: `${year + 1}-01-02`, name: 'Zqx cierre de inventario' }, coordinador.token);
  const pending = await t.ok('imports.begin', { kind: 'accounts', fileName: 'zqx-cuentas.csv', size: 100 }, coordinador.token);

  // a payment agreement signed at office A (its own account, so the debtor's balances stay as they are)
  const financed = await accountWithInvoices(t, '100777', [80_000]);
  const agreement = await t.ok(
    'agreements.create',
    { accountId: financed.accountId, debts: [{ kind: 'invoice', id: financed.invoiceIds[0] }], downPaymentAmount: 20_000, installments: 2, firstDueDate: `${addMonths(today, 1).slice(0, 8)}15`, dayOfMonth: 15, idempotencyKey: randomUUID().replace(/-/g, ''), channel: 'presencial', signerName: 'Zqx Firmante Garagoa', signerIdNumber: '4100777', signerRelation: 'titular' },
    gestor.token,
  );
  // the day's payments handed to the billing system by office A (its till still open: with the reason)
  const exported = await t.ok('exchange.exportRecaudo', { date: today, format: 'csv', openSessionsReason: 'Zqx caja abierta al exportar' }, coordinador.token);

  // an e-mail of office A in the log (written as the queue writes it; no server needed)
  const [mailRow] = await db('mail_messages')
    .insert({ office_id: officeA, account_id: debtor.accountId, to_address: 'zqx@cliente.test', purpose: 'recibo', document_kind: 'recibo', document_id: pay.paymentId, document_label: 'ZQX', subject: 'Zqx recibo por correo', body: 'Zqx', attachment_base64: '', state: 'fallido', attempts: 1, last_error: 'Zqx', created_by: cajero.id, created_at: new Date().toISOString() })
    .returning('id');

  // a satisfaction survey of the company (issue 19) with one 0–10 question (the company's: no marker, every office sees it)
  const [surveyRow] = await db('surveys').insert({ name: 'Satisfacción después de la PQR', use: 'pqr_cerrada', state: 'activa', created_at: new Date().toISOString() }).returning('id');
  const surveyId = Number(typeof surveyRow === 'object' ? surveyRow.id : surveyRow);
  const [questionRow] = await db('survey_questions').insert({ survey_id: surveyId, position: 1, kind: 'escala', text: '¿Qué tan satisfecho quedó?', options_json: '[]', indicator: 'csat' }).returning('id');

  const template: { id: number } = await db('letter_templates').orderBy('id').first('id');
  const causal: { id: number } = await db('sui_causales').orderBy('id').first('id');

  // office B: one user per role
  const tokensB = {} as Record<Role, string>;
  for (const role of ROLES) tokensB[role] = (await userOf(t, officeB, role, `${role}.tenza`, `${role} de Tenza`)).token;

  return {
    officeA,
    officeB,
    tokensB,
    tokensA: { cajero: cajero.token, auxiliar: auxiliar.token, coordinador: coordinador.token, gestor: gestor.token },
    a: {
      officeId: officeA,
      tillId: tillA.id,
      sessionId: session.id,
      paymentId: pay.paymentId,
      receiptNumber: pay.receiptNumber,
      pqrId,
      radicado: filed.pqr.radicado,
      answerRadicado: approved.pqr.answer?.outgoingRadicado ?? '',
      attachmentId: filed.pqr.attachments[0].id,
      notificationId,
      correspondenceId: letter.item.id,
      fundId: fund.fund.id,
      budgetLineId,
      expenseId: expense.id,
      advanceId: advance.id,
      reimbursementId: reimbursement.id,
      arqueoId: arqueo.id,
      noticeId: round.notices[0].id,
      noticeBatchId: round.batch.id,
      invoiceBatchId: batch.id,
      jobId,
      bankFileId: bank.bankFileId,
      unidentifiedId: Number(unidentified.id),
      certificateId: certificate.certificate.id,
      exportId: exported.export.id,
      dayId: closure.id,
      uploadId: pending.uploadId,
      userId: cajero.id,
      custodianId: auxiliar.id,
      gestorId: gestor.id,
      crewId: crew.id,
      orderId: order.id,
      photoId: photo.id,
      agreementId: agreement.id,
      mailMessageId: Number(typeof mailRow === 'object' ? mailRow.id : mailRow),
      ...collections,
    },
    company: {
      accountId: debtor.accountId,
      debtorAccountId: debtor.accountId,
      invoiceId: debtor.invoiceIds[1],
      chargeItemId: chargeItem.id,
      templateId: Number(template.id),
      causalId: Number(causal.id),
      surveyId,
      questionId: Number(typeof questionRow === 'object' ? questionRow.id : questionRow),
    },
  };
}
