/**
 * SUI Formato A: the 16 columns in order with the code lists, DD-MM-AAAA dates, PQRs pending from
 * earlier months (respuesta 9, notificación 3), answered ones with answer date, radicado de salida,
 * notification date and type, the SSPD date of a remitted recurso; types that are not reported left
 * out; the file's encoding, separator, line ends and quoting; who may ask for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { causalId, filePqr } from '../helpers/pqr';
import { backdatePqr, csvRows, writeApprovedAnswer, writeClosed, writeNotification, writeSentToSspd } from '../helpers/pqr-reports';
import { textCell } from '../../electron/core/documents/csv';
import type { PqrType } from '../../shared/contract';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let aux: string;
let coord: string;
const radicadoOf: Record<string, string> = {};
const salidaOf: Record<string, string> = {};

/** files a PQR of `type` (through the handler) and moves it to `filed` */
async function pqr(key: string, type: PqrType, filed: string, due: string, extra: { accountId?: number; invoiceId?: number; causal?: string } = {}): Promise<number> {
  // recursos are filed as reclamos and then turned into recursos in the database: linking them to an
  // answered PQR is another module's work, and the SUI file only reads the type
  const filingType = type === 'recurso_reposicion' || type === 'reposicion_apelacion' ? 'reclamo' : type;
  const causal = extra.causal ? await causalId(t, extra.causal) : undefined;
  const { pqr: filed_ } = await filePqr(t, aux, { type: filingType, accountId: extra.accountId, invoiceId: extra.invoiceId, causalId: causal });
  if (filingType !== type) await t.app.db('pqrs').where({ id: filed_.id }).update({ type, term_key: type });
  await backdatePqr(t, filed_.id, filed, due);
  radicadoOf[key] = filed_.radicado;
  return filed_.id;
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  aux = await loginAs(t, 'auxiliar');
  coord = await loginAs(t, 'coordinador');
  const accountId = await insertAccount(t.app.db, { number: '100234', holderName: 'María Peña' });
  await t.app.db('accounts').where({ id: accountId }).update({ city_dane: '15001' }); // the account is in Tunja, the office in Garagoa
  const invoiceId = await insertInvoice(t.app.db, accountId, { number: 'F-2026-0815', period: '2026-08', dueDate: '2026-08-30', total: 54_300 });

  // A: reclamo of September about a bill, answered (accede) and notified in person in September
  const a = await pqr('A', 'reclamo', '2026-09-03', '2026-09-24', { accountId, invoiceId, causal: '120' });
  salidaOf.A = await writeApprovedAnswer(t, a, 'accede', '2026-09-15');
  await writeNotification(t, a, 'personal', '2026-09-17');
  // B: queja of August still without answer
  await pqr('B', 'queja', '2026-08-20', '2026-09-10', { causal: '303' });
  // C: reposición y en subsidio de apelación of September, confirmed, notified by aviso, sent to the SSPD
  const c = await pqr('C', 'reposicion_apelacion', '2026-09-10', '2026-10-01', { causal: '120' });
  salidaOf.C = await writeApprovedAnswer(t, c, 'confirma', '2026-09-21');
  await writeNotification(t, c, 'aviso', '2026-09-25');
  await writeSentToSspd(t, c, '2026-09-28');
  // D: not reported: sugerencia, petición, correspondencia of September
  await pqr('D1', 'sugerencia', '2026-09-05', '2026-09-26');
  await pqr('D2', 'peticion', '2026-09-05', '2026-09-26');
  await pqr('D3', 'correspondencia', '2026-09-05', '2026-09-26');
  // E: solicitud de información of late September answered in October
  const e = await pqr('E', 'solicitud_informacion', '2026-09-25', '2026-10-09');
  salidaOf.E = await writeApprovedAnswer(t, e, 'accede_parcialmente', '2026-10-02');
  // F: reclamo of July answered in July: not in September's file
  const f = await pqr('F', 'reclamo', '2026-07-01', '2026-07-22', { causal: '117' });
  await writeApprovedAnswer(t, f, 'no_accede', '2026-07-10');
  // G: denuncia of September annulled
  const g = await pqr('G', 'denuncia', '2026-09-12', '2026-10-02');
  await t.ok('pqr.annul', { pqrId: g, reason: 'Radicada por error' }, coord);
  // H: reclamo of August answered (no accede) in September, not yet notified
  const h = await pqr('H', 'reclamo', '2026-08-05', '2026-08-26', { causal: '101' });
  salidaOf.H = await writeApprovedAnswer(t, h, 'no_accede', '2026-09-02');
  // I: queja of August closed in September without an answer
  const i = await pqr('I', 'queja', '2026-08-10', '2026-08-31', { causal: '303' });
  await writeClosed(t, i, '2026-09-05');
  // J: queja of June closed in July without an answer: not in September's file
  const j = await pqr('J', 'queja', '2026-06-10', '2026-07-01', { causal: '303' });
  await writeClosed(t, j, '2026-07-01');
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('SUI Formato A', () => {
  it('has one row of 16 columns per reported PQR of the month, with the codes and dates', async () => {
    const result = await t.ok('pqrReports.suiFormatoA', { month: '2026-09' }, coord);
    expect(result.file).toMatchObject({ fileName: 'SUI-FormatoA-2026-09-GAR.csv', mimeType: 'text/csv' });
    const rows = csvRows(result.file.base64);
    expect(result.rows).toBe(6);
    expect(result.pendingFromEarlier).toBe(3); // H, I and B were unanswered when September began
    for (const row of rows) expect(row).toHaveLength(16);
    expect(rows.map((r) => r[3])).toEqual([radicadoOf.H, radicadoOf.I, radicadoOf.B, radicadoOf.A, radicadoOf.C, radicadoOf.E]);
    const byRadicado = new Map(rows.map((r) => [r[3], r]));
    //                                 dpto  municipio  centro poblado  radicado      fecha rad.   trám. grupo causal cuenta    factura        resp. fecha resp.  radicado resp.  fecha notif.  tipo notif.  SSPD
    expect(byRadicado.get(radicadoOf.A)).toEqual(['15', '15001', '15001000', radicadoOf.A, '03-09-2026', '1', 'F', '120', '100234', 'F-2026-0815', '1', '15-09-2026', salidaOf.A, '17-09-2026', '1', '']);
    expect(byRadicado.get(radicadoOf.C)).toEqual(['15', '15299', '15299000', radicadoOf.C, '10-09-2026', '5', 'F', '120', '', '', '4', '21-09-2026', salidaOf.C, '25-09-2026', '4', '28-09-2026']);
    expect(byRadicado.get(radicadoOf.H)).toEqual(['15', '15299', '15299000', radicadoOf.H, '05-08-2026', '1', 'F', '101', '', '', '3', '02-09-2026', salidaOf.H, '', '', '']);
  });

  it('shows PQRs pending from earlier months and those answered after the month as pendiente, notificación no aplica', async () => {
    const rows = csvRows((await t.ok('pqrReports.suiFormatoA', { month: '2026-09' }, coord)).file.base64);
    const byRadicado = new Map(rows.map((r) => [r[3], r]));
    expect(byRadicado.get(radicadoOf.B)).toEqual(['15', '15299', '15299000', radicadoOf.B, '20-08-2026', '2', 'P', '303', '', '', '9', '', '', '', '3', '']);
    // E was answered on 2 October: on 30 September it was pending
    expect(byRadicado.get(radicadoOf.E)).toEqual(['15', '15299', '15299000', radicadoOf.E, '25-09-2026', '6', '', '', '', '', '9', '', '', '', '3', '']);
    // I was closed without an answer: sin respuesta
    expect(byRadicado.get(radicadoOf.I)?.slice(10)).toEqual(['10', '', '', '', '3', '']);
  });

  it('leaves out the types that are not reported, annulled radicados and what was settled before the month', async () => {
    const rows = csvRows((await t.ok('pqrReports.suiFormatoA', { month: '2026-09' }, coord)).file.base64);
    const numbers = rows.map((r) => r[3]);
    for (const key of ['D1', 'D2', 'D3', 'F', 'G', 'J']) expect(numbers).not.toContain(radicadoOf[key]);
  });

  it('carries the next month: the October file has E answered and B still pending, not A', async () => {
    const result = await t.ok('pqrReports.suiFormatoA', { month: '2026-10' }, coord);
    const rows = csvRows(result.file.base64);
    expect(rows.map((r) => r[3])).toEqual([radicadoOf.B, radicadoOf.E]);
    expect(result.pendingFromEarlier).toBe(2);
    expect(rows[1].slice(10, 14)).toEqual(['2', '02-10-2026', salidaOf.E, '']);
    const empty = await t.ok('pqrReports.suiFormatoA', { month: '2026-05' }, coord);
    expect(empty).toMatchObject({ rows: 0, pendingFromEarlier: 0 });
    expect(empty.file.base64).toBe('');
  });

  it('is UTF-8 without BOM, comma separated, CRLF, no header, quoted only when needed', async () => {
    const bytes = Buffer.from((await t.ok('pqrReports.suiFormatoA', { month: '2026-09' }, coord)).file.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('15,')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(7);
    expect(text).not.toMatch(/"|;|[^\r]\n/);
    expect(textCell('100,234')).toBe('"100,234"');
    expect(textCell('A "B"')).toBe('"A ""B"""');
    expect(textCell('100234')).toBe('100234');
  });

  it('is for coordinators and administrators of their office; a bad month is refused', async () => {
    await expectForbidden(t.call('pqrReports.suiFormatoA', { month: '2026-09' }, aux));
    await expectRefusal(t.call('pqrReports.suiFormatoA', { month: '2026-09', officeId: t.officeId + 1 }, coord), 'FORBIDDEN', 'Solo puede ver los informes de su propia oficina.');
    expect((await expectRefusal(t.call('pqrReports.suiFormatoA', { month: '2026-13' }, coord), 'VALIDATION', 'Datos inválidos en «month»: Mes inválido (use AAAA-MM)')).fields).toMatchObject({ month: 'Mes inválido (use AAAA-MM)' });
    await expectRefusal(t.call('pqrReports.suiFormatoA', { month: '2026-09', officeId: 999 }, t.adminToken), 'NOT_FOUND', 'La oficina no existe');
    const all = await t.ok('pqrReports.suiFormatoA', { month: '2026-09' }, t.adminToken);
    expect(all).toMatchObject({ rows: 6, file: { fileName: 'SUI-FormatoA-2026-09-TODAS.csv' } });
  });
});
