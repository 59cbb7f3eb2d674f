/**
 * The roles matrix, generated from the one declared table (each handler's `access` in
 * electron/core/handlers.ts): every handler is called as every role, and without a session, with a
 * valid payload. A refused call must answer FORBIDDEN (NOT_AUTHENTICATED without a session); an
 * allowed one may answer anything else (NOT_FOUND, CONFLICT, VALIDATION… mean the access check
 * passed), but never LOCKED or INTERNAL.
 *
 * Each role gets its own back office, so that what an allowed call changes (a new office, a
 * holiday, a lock, a logout) only affects that role's column; after each call the session is
 * restored (logged in again, unlocked) before the next one.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../../electron/core/handlers';
import type { Access } from '../../electron/core/context';
import { listTables } from '../../electron/core/db/dialect';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { inputSchemas, type HandlerName } from '../../shared/contract';
import { ROLES, type Role } from '../../shared/roles';
import { createInitializedBackOffice, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { MARKER, passwordOf, seedOfficeRecords, type OfficeRecords } from '../helpers/officeRecords';
import { pdfText } from '../helpers/pdf';
import { sampleOf } from '../property/handler-samples';
import { unwrap } from '../property/schema-walk';

type Caller = Role | 'anónimo';
const CALLERS: Caller[] = ['anónimo', ...ROLES];
const NAMES = Object.keys(handlers).sort() as HandlerName[];
const PASSWORD = 'clave-de-prueba';

/** What the declared table says for this caller. */
function declared(access: Access, caller: Caller): 'allowed' | 'FORBIDDEN' | 'NOT_AUTHENTICATED' {
  if (access === 'public') return 'allowed';
  if (caller === 'anónimo') return 'NOT_AUTHENTICATED';
  if (access === 'authenticated') return 'allowed';
  return access.includes(caller) ? 'allowed' : 'FORBIDDEN';
}

describe('the declared table', () => {
  it('gives every handler an access of public, authenticated, or a non-empty list of known roles', () => {
    const wrong = NAMES.filter((name) => {
      const access = handlers[name].access;
      if (access === 'public' || access === 'authenticated') return false;
      return !Array.isArray(access) || access.length === 0 || access.some((role) => !ROLES.includes(role));
    });
    expect(wrong).toEqual([]);
  });
});

describe.each(CALLERS)('as %s', (caller) => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let token: string | null = null;
  const username = caller === 'anónimo' ? null : `${caller}.matriz`;

  /** A valid payload; the authentication handlers get this caller's own password. */
  function payloadFor(name: HandlerName): Record<string, unknown> {
    const payload = sampleOf(name);
    if (name === 'auth.login' && username) return { username, password: PASSWORD };
    if (name === 'auth.unlock') return { password: PASSWORD };
    // the same password as the new one: refused by the service (VALIDATION), after the access check
    if (name === 'auth.changePassword') return { currentPassword: PASSWORD, newPassword: PASSWORD };
    if ('officeId' in payload) payload.officeId = t.officeId;
    return payload;
  }

  /** Brings this caller's session back after a call that ended or locked it. */
  async function restoreSession(): Promise<void> {
    if (!username) return;
    const session = t.app.sessions.get(token);
    if (!session) token = (await t.ok('auth.login', { username, password: PASSWORD })).token;
    else if (session.locked) await t.ok('auth.unlock', { password: PASSWORD }, token);
  }

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    if (username) {
      token = await createUserReady(t, { fullName: `Usuario ${caller}`, username, officeId: t.officeId, role: caller as Role, password: PASSWORD });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(NAMES)(`%s is allowed or refused as declared`, async (name) => {
    const expected = declared(handlers[name].access, caller);
    const result = await t.call(name, payloadFor(name) as never, token);
    const got = result.ok ? 'ok' : result.error.code;
    const detail = result.ok ? '' : result.error.message;
    if (expected === 'allowed') {
      expect(['FORBIDDEN', 'NOT_AUTHENTICATED', 'LOCKED', 'INTERNAL', 'UNKNOWN_HANDLER'], `${name} como ${caller}: ${got} ${detail}`).not.toContain(got);
    } else {
      expect(got, `${name} como ${caller}: ${detail}`).toBe(expected);
    }
    await restoreSession();
  });
});

/*
 * The office dimension (issue 12), generated from the same table: office A holds one record of each
 * kind (tests/helpers/officeRecords.ts) and every handler whose input names a record of an office is
 * called, as every role of office B, with office A's id. It must refuse (NOT_FOUND or FORBIDDEN,
 * never data) and write nothing. Then every other handler a role of office B may call is called
 * with its sample (lists over all dates): nothing it answers may show office A's records (the
 * marker ZQX that all of them carry). An administrator works for the whole company: with office A's
 * ids, no handler answers NOT_FOUND.
 *
 * Every field whose name says it names a record (…Id, …Ids, id, …radicado, …Number) must be declared
 * below: an office's record (with its seeded value), the company's, a list filter, or a typed text.
 * A new handler with a new kind of id fails here until it is declared (and, for an office's record,
 * seeded in officeRecords.ts).
 */
type IdKind =
  | { of: 'office'; value: (name: HandlerName, r: OfficeRecords) => unknown }
  | { of: 'company'; why: string; value: (r: OfficeRecords) => unknown }
  | { of: 'filter'; why: string; value: (r: OfficeRecords) => unknown }
  | { of: 'text'; why: string };

const ID_FIELD = /(^id$|Id$|Ids$|radicado$|Radicado$|Number$)/;
const office = (value: (r: OfficeRecords, name: HandlerName) => unknown): IdKind => ({ of: 'office', value: (name, r) => value(r, name) });
const ID_KINDS: Record<string, IdKind> = {
  officeId: office((r) => r.a.officeId),
  tillId: office((r) => r.a.tillId),
  sessionId: office((r) => r.a.sessionId),
  paymentId: office((r) => r.a.paymentId),
  receiptNumber: office((r) => r.a.receiptNumber),
  pqrId: office((r) => r.a.pqrId),
  radicado: office((r) => r.a.radicado),
  appealsRadicado: office((r) => r.a.answerRadicado),
  attachmentId: office((r) => r.a.attachmentId),
  notificationId: office((r) => r.a.notificationId),
  correspondenceId: office((r) => r.a.correspondenceId),
  fundId: office((r) => r.a.fundId),
  budgetLineId: office((r) => r.a.budgetLineId),
  expenseId: office((r) => r.a.expenseId),
  expenseIds: office((r) => [r.a.expenseId]),
  advanceId: office((r) => r.a.advanceId),
  reimbursementId: office((r) => r.a.reimbursementId),
  arqueoId: office((r) => r.a.arqueoId),
  noticeId: office((r) => r.a.noticeId),
  noticeIds: office((r) => [r.a.noticeId]),
  batchId: office((r, name) => (name.startsWith('invoicing.') ? r.a.invoiceBatchId : r.a.noticeBatchId)),
  jobId: office((r) => r.a.jobId),
  unidentifiedId: office((r) => r.a.unidentifiedId),
  dayId: office((r) => r.a.dayId),
  uploadId: office((r) => r.a.uploadId),
  userId: office((r) => r.a.userId),
  custodianId: office((r) => r.a.custodianId),
  gestorId: office((r) => r.a.gestorId),
  gestorIds: office((r) => [r.a.gestorId]),
  campaignId: office((r) => r.a.campaignId),
  contactId: office((r) => r.a.contactId),
  contactPointId: office((r) => r.a.contactPointId),
  handoffId: office((r) => r.a.handoffId),
  liquidationId: office((r) => r.a.liquidationId),
  crewId: office((r) => r.a.crewId),
  orderId: office((r) => r.a.orderId),
  orderIds: office((r) => [r.a.orderId]),
  photoId: office((r) => r.a.photoId),
  agreementId: office((r) => r.a.agreementId),
  exportId: office((r) => r.a.exportId),
  mailMessageId: office((r) => r.a.mailMessageId),
  accountId: { of: 'company', why: 'las cuentas son de la empresa: se cobran y atienden en cualquier oficina', value: (r) => r.company.accountId },
  accountIds: { of: 'company', why: 'las cuentas son de la empresa', value: (r) => [r.company.debtorAccountId] },
  invoiceId: { of: 'company', why: 'las facturas son de la cuenta, no de una oficina', value: (r) => r.company.invoiceId },
  id: { of: 'company', why: 'cashier.pay: la factura o el cobro elegido de la cuenta', value: (r) => r.company.invoiceId },
  chargeItemId: { of: 'company', why: 'la lista de precios es de la empresa', value: (r) => r.company.chargeItemId },
  templateId: { of: 'company', why: 'las plantillas de cartas son de la empresa', value: (r) => r.company.templateId },
  causalId: { of: 'company', why: 'las causales SUI son de la empresa', value: (r) => r.company.causalId },
  certificateId: {
    of: 'company',
    why: 'el paz y salvo certifica una cuenta de la empresa: se lista en la cuenta en cualquier oficina y cualquiera lo verifica por su código',
    value: (r) => r.a.certificateId,
  },
  cashierId: { of: 'filter', why: 'filtra el historial de cajas de la oficina del que consulta', value: (r) => r.a.userId },
  idNumber: { of: 'text', why: 'cédula o NIT que se digita' },
  personIdNumber: { of: 'text', why: 'cédula que se digita' },
  resolutionNumber: { of: 'text', why: 'número de la resolución que se digita' },
  sealNumber: { of: 'text', why: 'número del sello que instaló la cuadrilla, que se digita' },
  signerIdNumber: { of: 'text', why: 'cédula de quien firma el acuerdo de pago, que se digita' },
  surveyId: { of: 'company', why: 'las encuestas de satisfacción son de la empresa: las responde cualquier oficina', value: (r) => r.company.surveyId },
  questionId: { of: 'company', why: 'las preguntas son de la encuesta de la empresa', value: (r) => r.company.questionId },
};

/**
 * Reads of the company's own records that show, by design, what any office did with them: the
 * account screen lists the account's notices (suspension, cobro) whichever office generated them.
 */
const COMPANY_READS: Partial<Record<HandlerName, string>> = {
  'notices.ofAccount': 'los avisos de una cuenta se ven en la cuenta, en cualquier oficina (la cuenta es de la empresa)',
  'pazYSalvo.pdf': 'el paz y salvo de una cuenta se reimprime en cualquier oficina; lo firma quien lo expidió',
  'workOrders.ofAccount': 'las órdenes de trabajo de una cuenta se ven en la cuenta, en cualquier oficina (la cuenta es de la empresa)',
};

/** what a handler needs, besides office A's ids, for the id to be what decides (a recurso cites a radicado) */
const DIMENSION_PAYLOADS: Partial<Record<HandlerName, (r: OfficeRecords) => Record<string, unknown>>> = {
  'pqr.file': (r) => ({ type: 'recurso_reposicion', causalId: r.company.causalId }),
};

/** every field path of a schema that names a record; '[]' marks an array's elements */
function idPathsOf(schema: z.ZodType, path: string[] = []): string[][] {
  const inner = unwrap(schema).schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; options?: z.ZodType[] } } };
  const def = inner._zod.def;
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([key, child]) => [...(ID_FIELD.test(key) ? [[...path, key]] : []), ...idPathsOf(child, [...path, key])]);
  }
  if (def.type === 'array' && def.element) return idPathsOf(def.element, [...path, '[]']);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => idPathsOf(o, path));
  return [];
}

/** sets `value` at `path` (through every element of the arrays on the way; creating what is missing) */
function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [key, ...rest] = path;
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  if (rest[0] === '[]') {
    const list = Array.isArray(target[key]) ? (target[key] as Record<string, unknown>[]) : [];
    if (rest.length > 1) for (const element of list) setAt(element, rest.slice(1), value);
    return;
  }
  if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
  setAt(target[key] as Record<string, unknown>, rest, value);
}

function hasAt(target: unknown, path: string[]): boolean {
  let at: unknown = target;
  for (const key of path) {
    if (key === '[]') return Array.isArray(at) && at.length > 0;
    if (typeof at !== 'object' || at === null || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

interface Planned {
  /** the handler names a record of an office: it must refuse office B */
  scoped: boolean;
  payload: Record<string, unknown>;
  undeclared: string[];
}

/** The payload of a handler with office A's ids (and the company's real ids) in place of the sample's. */
function plan(name: HandlerName, r: OfficeRecords): Planned {
  const payload = { ...sampleOf(name), ...(DIMENSION_PAYLOADS[name]?.(r) ?? {}) };
  let scoped = false;
  const undeclared: string[] = [];
  const paths = idPathsOf(inputSchemas[name] as z.ZodType);
  // an office's id the sample leaves out goes in (pettyCash.status { officeId }), unless the sample already names one (notices.pdf: a notice or a round)
  const namesOne = paths.some((path) => ID_KINDS[path[path.length - 1]]?.of === 'office' && hasAt(payload, path));
  for (const path of paths) {
    const key = path[path.length - 1];
    const kind = ID_KINDS[key];
    if (!kind) {
      undeclared.push(`${name}: ${path.join('.')}`);
      continue;
    }
    if (kind.of === 'text') continue;
    if (kind.of === 'office') {
      if (hasAt(payload, path) || (!namesOne && !path.includes('[]'))) {
        setAt(payload, path, kind.value(name, r));
        scoped = true;
      }
    } else if (hasAt(payload, path) || kind.of === 'filter') setAt(payload, path, kind.value(r));
  }
  return { scoped, payload, undeclared };
}

/** dates and months of the samples widened to cover today's records */
function widened(payload: Record<string, unknown>, today: string): Record<string, unknown> {
  const copy = { ...payload };
  for (const key of ['from', 'filedFrom'] as const) if (key in copy) copy[key] = '2000-01-01';
  for (const key of ['to', 'filedTo'] as const) if (key in copy) copy[key] = '2100-12-31';
  if ('month' in copy) copy.month = today.slice(0, 7);
  return copy;
}

/** everything a result shows a person: its JSON with the documents read as text (a PDF through pdftotext, a CSV as it is) */
function shownText(result: unknown): string {
  const documents: string[] = [];
  const json = JSON.stringify(result, function (this: Record<string, unknown>, key, value: unknown) {
    if ((key === 'base64' || key === 'dataBase64') && typeof value === 'string') {
      const bytes = Buffer.from(value, 'base64');
      documents.push(this.mimeType === 'application/pdf' || bytes.subarray(0, 4).toString('latin1') === '%PDF' ? pdfText(bytes) : bytes.toString('utf8'));
      return '(documento)';
    }
    return value;
  });
  return [json, ...documents].join('\n');
}

async function tableCounts(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(db)) counts[table] = Number((await db(table).count({ n: '*' }))[0].n);
  return counts;
}

const B_ROLES = ROLES.filter((role) => role !== 'administrador');

describe('the office dimension: office B never reaches office A’s records', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let r: OfficeRecords;
  let today: string;
  const plans = new Map<HandlerName, Planned>();

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    // one record of each kind through the real handlers (an invoice batch in its worker thread included)
    r = await seedOfficeRecords(t);
    today = await businessToday(t.app.db);
    for (const name of NAMES) plans.set(name, plan(name, r));
  }, 240_000);
  afterAll(async () => {
    await t.close();
  });

  it('every field that names a record is declared: an office’s, the company’s, a filter or a typed text', () => {
    expect(NAMES.flatMap((name) => plans.get(name)?.undeclared ?? [])).toEqual([]);
    // the dimension is not empty: these handlers name office records
    expect(NAMES.filter((name) => plans.get(name)?.scoped).length).toBeGreaterThan(80);
  });

  it.each(B_ROLES)('as %s of office B, every handler given office A’s ids refuses and writes nothing', async (role) => {
    const token = r.tokensB[role];
    const before = await tableCounts(t.app.db);
    const wrong: string[] = [];
    for (const name of NAMES) {
      const planned = plans.get(name) as Planned;
      if (!planned.scoped) continue;
      const result = await t.call(name, planned.payload as never, token);
      const expected = declared(handlers[name].access, role);
      if (result.ok) wrong.push(`${name}: respondió datos`);
      else if (expected === 'FORBIDDEN' && result.error.code !== 'FORBIDDEN') wrong.push(`${name}: ${result.error.code} (el rol no puede) ${result.error.message}`);
      else if (!['NOT_FOUND', 'FORBIDDEN'].includes(result.error.code)) wrong.push(`${name}: ${result.error.code} ${result.error.message}`);
      else if (new RegExp(MARKER, 'i').test(result.error.message)) wrong.push(`${name}: el mensaje nombra datos de la oficina A: ${result.error.message}`);
    }
    expect(wrong, `como ${role} de la oficina B`).toEqual([]);
    expect(await tableCounts(t.app.db)).toEqual(before);
  });

  it.each(B_ROLES)('as %s of office B, no list or read shows anything of office A', async (role) => {
    const username = `${role}.tenza`;
    let token = r.tokensB[role];
    const shown: string[] = [];
    for (const name of NAMES) {
      const planned = plans.get(name) as Planned;
      if (planned.scoped || COMPANY_READS[name] || declared(handlers[name].access, role) !== 'allowed' || name.startsWith('auth.') || name.startsWith('setup.')) continue;
      const result = await t.call(name, widened(planned.payload, today) as never, token);
      const text = shownText(result);
      const at = text.search(new RegExp(MARKER, 'i'));
      if (at >= 0) shown.push(`${name}: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
      if (!t.app.sessions.get(token)) token = (await t.ok('auth.login', { username, password: passwordOf(username) })).token;
    }
    r.tokensB[role] = token;
    expect(shown, `lo que ve ${role} de la oficina B`).toEqual([]);
  });

  it('an administrator (of office B) works for the whole company: office A’s ids are found', async () => {
    const wrong: string[] = [];
    for (const name of NAMES) {
      const planned = plans.get(name) as Planned;
      if (!planned.scoped || declared(handlers[name].access, 'administrador') !== 'allowed') continue;
      const result = await t.call(name, planned.payload as never, r.tokensB.administrador);
      if (!result.ok && result.error.code === 'NOT_FOUND') wrong.push(`${name}: ${result.error.message}`);
    }
    expect(wrong).toEqual([]);
  });
});
