/**
 * Issue 13, rule 8: suspension notices under Ley 142 de 1994 (arts. 140, 141, 154, 155), through
 * the handlers: the law's cap on the unpaid periods a policy may wait for; no notice for the invoices
 * under a pending reclamo or recurso when the undisputed amounts are paid; the notice states the
 * recursos and their term; a reclamo about an invoice issued more than 5 months before is flagged
 * at filing. The clock is fixed on Friday 20 November 2026 (fake Date), so the invoices of August and
 * September 2026 (due on the 20th) are overdue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { pdfText } from '../helpers/pdf';
import { filePqr } from '../helpers/pqr';
import { closeDesk, legalDesk, type Desk } from '../helpers/pqr-legal';
import { DEFAULT_NOTICE_POLICY } from '../../shared/contract';

let d: Desk;
/** the words of a PDF, a phrase found across line breaks */
const words = (base64: string) => pdfText(Buffer.from(base64, 'base64')).replace(/\s+/g, ' ');

beforeEach(async () => {
  d = await legalDesk();
  await d.on('2026-11-20');
});
afterEach(async () => closeDesk(d));

/** an account with an invoice per period (the 20th of the month is its due date); `paid` periods owe nothing */
async function debtor(number: string, periods: string[], paid: string[] = []): Promise<{ accountId: number; invoices: Record<string, number> }> {
  const accountId = await insertAccount(d.t.app.db, { number, holderName: `TITULAR ${number}` });
  const invoices: Record<string, number> = {};
  for (const period of periods) {
    invoices[period] = await insertInvoice(d.t.app.db, accountId, {
      number: `${number}-${period.slice(5)}`,
      period,
      dueDate: `${period}-20`,
      total: 54_300,
      balance: paid.includes(period) ? 0 : 54_300,
    });
  }
  return { accountId, invoices };
}

async function settingsRow(): Promise<unknown> {
  return (await d.t.app.db('settings').where({ key: 'noticePolicy' }).first('value_json')) ?? null;
}

describe('the policy may be stricter than the law, never looser (art. 140)', () => {
  it('refuses to wait for more than 3 monthly or 2 bimonthly unpaid periods, saying why, and writes nothing', async () => {
    const before = await settingsRow();
    const monthly = await d.t.call('notices.savePolicy', { ...DEFAULT_NOTICE_POLICY, suspensionMinPeriods: 4 }, d.t.adminToken);
    expect(monthly.ok ? null : monthly.error).toMatchObject({
      code: 'VALIDATION',
      message:
        'La suspensión no puede esperar más de 3 periodos mensuales sin pagar (Ley 142 de 1994, art. 140 (modificado por la Ley 689 de 2001, art. 19)): la política puede ser más estricta, nunca más laxa.',
      fields: { suspensionMinPeriods: 'Máximo 3' },
    });
    const bimonthly = await d.t.call('notices.savePolicy', { ...DEFAULT_NOTICE_POLICY, billingPeriod: 'bimestral', suspensionMinPeriods: 3 }, d.t.adminToken);
    expect(bimonthly.ok ? null : bimonthly.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('más de 2 periodos bimestrales sin pagar'), fields: { suspensionMinPeriods: 'Máximo 2' } });
    expect(await settingsRow()).toEqual(before);

    const saved = await d.t.ok('notices.savePolicy', { ...DEFAULT_NOTICE_POLICY, suspensionMinPeriods: 3 }, d.t.adminToken);
    expect(saved).toMatchObject({ suspensionMinPeriods: 3, billingPeriod: 'mensual' });
    expect(await d.t.ok('notices.policy', {}, d.coord)).toMatchObject({ suspensionMinPeriods: 3 });
  });
});

describe('a pending reclamo or recurso about the overdue invoices stops the notice (art. 155)', () => {
  it('when the undisputed amounts are paid the account is not eligible, and the preview says why; generating is refused, nothing written', async () => {
    await d.t.ok('notices.savePolicy', { ...DEFAULT_NOTICE_POLICY, suspensionMinPeriods: 1 }, d.t.adminToken);
    // paid August, claims September
    const paidRest = await debtor('100234', ['2026-08', '2026-09'], ['2026-08']);
    const reclamo = (await filePqr(d.t, d.aux, { type: 'reclamo', accountId: paidRest.accountId, invoiceId: paidRest.invoices['2026-09'] })).pqr;
    // owes August too, claims September
    const owesRest = await debtor('100235', ['2026-08', '2026-09']);
    const other = (await filePqr(d.t, d.aux, { type: 'reclamo', accountId: owesRest.accountId, invoiceId: owesRest.invoices['2026-09'] })).pqr;

    const preview = await d.t.ok('notices.preview', { kind: 'suspension' }, d.coord);
    const byId = new Map(preview.candidates.map((c) => [c.accountId, c]));
    expect(byId.get(paidRest.accountId)).toMatchObject({
      eligible: false,
      reason: `Tiene un reclamo o recurso pendiente (${reclamo.radicado} sobre la factura 100234-09) y pagó lo no reclamado: no se suspende por lo reclamado (Ley 142 de 1994, art. 155)`,
    });
    expect(byId.get(owesRest.accountId)).toMatchObject({ eligible: true, reason: `1 periodo vencido (mínimo 1); sin contar lo reclamado (${other.radicado} sobre la factura 100235-09)` });

    const before = await d.t.app.db('notices').count<{ n: number }[]>({ n: '*' });
    const refused = await d.t.call('notices.generate', { kind: 'suspension', accountIds: [paidRest.accountId] }, d.coord);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'RULE', message: expect.stringContaining('y pagó lo no reclamado: no se suspende por lo reclamado (Ley 142 de 1994, art. 155)') });
    expect(await d.t.app.db('notices').count<{ n: number }[]>({ n: '*' })).toEqual(before);

    // with the policy of 2 periods the second account has only 1 without a claim
    await d.t.ok('notices.savePolicy', { ...DEFAULT_NOTICE_POLICY, suspensionMinPeriods: 2 }, d.t.adminToken);
    const strict = await d.t.ok('notices.preview', { kind: 'suspension' }, d.coord);
    expect(strict.candidates.find((c) => c.accountId === owesRest.accountId)).toMatchObject({
      eligible: false,
      reason: `Tiene 1 periodo vencido sin reclamo pendiente (${other.radicado} sobre la factura 100235-09: Ley 142 de 1994, art. 155); el aviso pide 2`,
    });

    // once the reclamo is closed the claimed invoice counts again
    await d.t.ok('pqr.close', { pqrId: other.id, result: 'Desistió del reclamo' }, d.coord);
    const after = await d.t.ok('notices.preview', { kind: 'suspension' }, d.coord);
    expect(after.candidates.find((c) => c.accountId === owesRest.accountId)).toMatchObject({ eligible: true, unpaidPeriods: 2 });
  });
});

describe('the suspension notice states the recursos against it and their term', () => {
  it('in the default letter, and added to a template that lacks them', async () => {
    const a = await debtor('100300', ['2026-08', '2026-09']);
    const first = await d.t.ok('notices.generate', { kind: 'suspension', accountIds: [a.accountId] }, d.coord);
    const text = words(first.file.base64);
    expect(text).toContain('Contra este aviso proceden el recurso de reposición ante la empresa y, en subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios');
    expect(text).toContain('dentro de los 5 días hábiles siguientes a su recibo (Ley 142 de 1994, arts. 154 y 159)');

    // a template written without them: the notice still says them, before the closing
    const bare = await d.t.ok(
      'letters.saveTemplate',
      { kind: 'aviso_suspension', name: 'Aviso breve', subject: 'Aviso de suspensión — cuenta {{cuenta}}', body: 'Señor(a) {{titular}}:\n\nSu cuenta {{cuenta}} debe {{deuda}}; el servicio se suspenderá el {{fecha_suspension}}.\n\nCordialmente,' },
      d.t.adminToken,
    );
    const b = await debtor('100301', ['2026-08', '2026-09']);
    const second = await d.t.ok('notices.generate', { kind: 'suspension', accountIds: [b.accountId], templateId: bare.id }, d.coord);
    const body = second.notices.length === 1 ? (await d.t.app.db('notices').where({ id: second.notices[0].id }).first('body')).body : '';
    expect(body).toMatch(/el servicio se suspenderá el .+\n\nContra este aviso proceden el recurso de reposición .+art\. 155\)\.\n\nCordialmente,$/s);
  });
});

describe('a reclamo against an invoice issued more than 5 months before (art. 154)', () => {
  it('is received and flagged at filing: history, detail and constancia', async () => {
    // invoices of March 2026 are issued on 1 March: 5 months run to 1 August
    const a = await debtor('100400', ['2026-03']);
    await d.on('2026-08-03');
    const { pqr, constancia } = await filePqr(d.t, d.aux, { type: 'reclamo', accountId: a.accountId, invoiceId: a.invoices['2026-03'] });
    expect(pqr.invoiceClaimLate).toBe(true);
    expect(pqr.history[0].text).toContain('ATENCIÓN: la factura se expidió el 01/03/2026, hace más de 5 meses; no procede reclamo contra ella (Ley 142 de 1994, art. 154).');
    expect(words(constancia.base64)).toContain('no procede reclamación contra facturas con más de cinco meses de expedidas');
    // on Saturday 1 August itself it was still in time
    const b = await debtor('100401', ['2026-03']);
    await d.on('2026-08-01');
    expect((await filePqr(d.t, d.aux, { type: 'reclamo', accountId: b.accountId, invoiceId: b.invoices['2026-03'] })).pqr.invoiceClaimLate).toBe(false);
  });
});
