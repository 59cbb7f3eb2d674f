/**
 * The monthly PQR report: every figure equals a count made by hand over a September with PQRs
 * received, answered on time and late, pending (some overdue), from earlier months, annulled and
 * correspondence (left out); business days counted on the office's calendar; the PDF shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectForbidden } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { causalId, filePqr } from '../helpers/pqr';
import { backdatePqr, writeApprovedAnswer, writeClosed } from '../helpers/pqr-reports';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';
import type { PqrType } from '../../shared/contract';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let coord: string;

async function pqr(type: PqrType, filed: string, due: string, causal?: string): Promise<number> {
  const aux = await loginAsOnce();
  const { pqr: p } = await filePqr(t, aux, { type, causalId: causal ? await causalId(t, causal) : undefined });
  await backdatePqr(t, p.id, filed, due);
  return p.id;
}
let auxToken: string | null = null;
async function loginAsOnce(): Promise<string> {
  auxToken ??= await loginAs(t, 'auxiliar');
  return auxToken;
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  coord = await loginAs(t, 'coordinador');
  // received in September
  const p1 = await pqr('reclamo', '2026-09-01', '2026-09-22', '120');
  await writeApprovedAnswer(t, p1, 'accede', '2026-09-15'); // on time; 10 business days (2–4, 7–11, 14–15 Sept)
  const p2 = await pqr('queja', '2026-09-03', '2026-09-24', '303');
  await writeApprovedAnswer(t, p2, 'no_accede', '2026-09-28'); // late; 17 business days
  await pqr('peticion', '2026-09-03', '2026-09-24'); // pending, overdue on 30 Sept
  await pqr('sugerencia', '2026-09-10', '2026-10-01'); // pending, not overdue
  const p9 = await pqr('consulta', '2026-09-30', '2026-11-12');
  await writeApprovedAnswer(t, p9, 'accede', '2026-10-05'); // answered in October: pending on 30 Sept
  // from August
  const p5 = await pqr('reclamo', '2026-08-20', '2026-09-10', '120');
  await writeApprovedAnswer(t, p5, 'accede', '2026-09-08'); // on time; 13 business days (17 Aug is a holiday, before)
  await pqr('queja', '2026-08-25', '2026-09-15', '303'); // pending, overdue
  const p11 = await pqr('queja', '2026-08-01', '2026-08-24', '303');
  await writeClosed(t, p11, '2026-09-02'); // closed without answer: not pending
  // left out
  await pqr('correspondencia', '2026-09-05', '2026-09-26');
  const p8 = await pqr('denuncia', '2026-09-12', '2026-10-02');
  await t.ok('pqr.annul', { pqrId: p8, reason: 'Radicada por error' }, coord);
  const p10 = await pqr('peticion', '2026-07-01', '2026-07-22');
  await writeApprovedAnswer(t, p10, 'accede', '2026-07-10');
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('monthly PQR report', () => {
  it('counts what was received, answered on time and late, and what is pending, as counted by hand', async () => {
    const report = await t.ok('pqrReports.monthly', { month: '2026-09' }, coord);
    expect(report).toMatchObject({
      month: '2026-09',
      from: '2026-09-01',
      to: '2026-09-30',
      officeId: t.officeId,
      officeName: 'Oficina Garagoa',
      received: 5,
      answeredOnTime: 2,
      answeredLate: 1,
      pending: 4,
      pendingOverdue: 2,
      averageBusinessDaysToAnswer: 13.3, // (10 + 17 + 13) / 3
    });
  });

  it('splits by type and by SUI causal', async () => {
    const report = await t.ok('pqrReports.monthly', { month: '2026-09' }, coord);
    expect(report.byType.map((r) => [r.type, r.received, r.answered, r.pending])).toEqual([
      ['peticion', 1, 0, 1],
      ['queja', 1, 1, 1],
      ['reclamo', 1, 2, 0],
      ['consulta', 1, 0, 1],
      ['sugerencia', 1, 0, 1],
    ]);
    expect(report.byType[2].name).toBe('Reclamo');
    expect(report.byCausal).toEqual([
      { group: 'F', code: '120', name: 'Cobro por promedio', received: 1 },
      { group: 'P', code: '303', name: 'Interrupciones', received: 1 },
    ]);
  });

  it('gives every day of the month with what was received and answered that day', async () => {
    const report = await t.ok('pqrReports.monthly', { month: '2026-09' }, coord);
    expect(report.days).toHaveLength(30);
    const nonZero = report.days.filter((d) => d.received + d.answered > 0).map((d) => [d.date, d.received, d.answered]);
    expect(nonZero).toEqual([
      ['2026-09-01', 1, 0],
      ['2026-09-03', 2, 0],
      ['2026-09-08', 0, 1],
      ['2026-09-10', 1, 0],
      ['2026-09-15', 0, 1],
      ['2026-09-28', 0, 1],
      ['2026-09-30', 1, 0],
    ]);
  });

  it('an empty month has zeros and no average', async () => {
    const report = await t.ok('pqrReports.monthly', { month: '2026-03' }, coord);
    expect(report).toMatchObject({ received: 0, answeredOnTime: 0, answeredLate: 0, pending: 0, pendingOverdue: 0, averageBusinessDaysToAnswer: null, byType: [], byCausal: [] });
    expect(report.days).toHaveLength(31);
  });

  it('prints the report as a PDF with the figures, the tables and page numbers', async () => {
    const file = await t.ok('pqrReports.monthlyPdf', { month: '2026-09' }, coord);
    expect(file.mimeType).toBe('application/pdf');
    const pdf = Buffer.from(file.base64, 'base64');
    const text = pdfTextFlat(pdf);
    expect(text).toContain('INFORME MENSUAL DE PQR');
    expect(text).toContain('septiembre de 2026 (del 01/09/2026 al 30/09/2026) · Oficina Garagoa');
    expect(text).toMatch(/5\s+2\s+1\s+4\s+2\s+13,3/); // the six figures in their boxes
    expect(text).toContain('Recibidas por causal SUI');
    expect(text).toMatch(/F 120 Cobro por promedio 1/);
    expect(text).toMatch(/P 303 Interrupciones 1/);
    expect(text).toMatch(/Reclamo 1 2 0/);
    const { pages } = pdfInfo(pdf);
    expect(text).toContain(`Página ${pages} de ${pages}`);
  });

  it('is refused to a clerk', async () => {
    const aux = await loginAsOnce();
    await expectForbidden(t.call('pqrReports.monthlyPdf', { month: '2026-09' }, aux));
  });
});
