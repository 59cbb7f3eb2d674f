/**
 * Suspension notices and collection letters, through the handlers on a real database: criteria
 * selection, numbering across rounds, stage rules (no skipping, escalation closes the previous
 * letter), closing when paid (a real cashier payment), the delivery record, and the letters' text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { openCashierDesk, payCash } from '../helpers/cashier';
import { pdfPageCount, pdfTextFlat } from '../helpers/pdf';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { addDays } from '../../shared/dates';
import { longDate } from '../../electron/core/documents/labels';

type T = Awaited<ReturnType<typeof createInitializedBackOffice>>;
let t: T;
let coord: string;
let today: string;
let year: string;

/** an account with one overdue invoice per amount (periods 2026-01…), in a cycle and route */
async function debtor(number: string, amounts: number[], where: { cycle?: string; route?: string; sequence?: number; use?: string } = {}): Promise<number> {
  const accountId = await insertAccount(t.app.db, { number, holderName: `TITULAR ${number}`, address: `Calle ${number} # 1-2` });
  await t.app.db('accounts').where({ id: accountId }).update({ cycle: where.cycle ?? '1', route: where.route ?? '01', route_sequence: where.sequence ?? Number(number) % 1000, use: where.use ?? 'residencial' });
  for (const [i, total] of amounts.entries()) {
    const month = String(i + 1).padStart(2, '0');
    await insertInvoice(t.app.db, accountId, { number: `${number}-${month}`, period: `2026-${month}`, dueDate: `2026-${month}-20`, total });
  }
  return accountId;
}

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['notices', 'notice_batches', 'counters', 'audit_log']) counts[table] = Number((await t.app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);
  return counts;
}

beforeEach(async () => {
  t = await createInitializedBackOffice();
  coord = await loginAs(t, 'coordinador');
  today = await businessToday(t.app.db);
  year = today.slice(0, 4);
  await t.ok('letters.saveSettings', { signerName: 'Ana María Ruiz', signerTitle: 'Coordinadora comercial', footer: 'Línea de atención 116' }, t.adminToken);
});
afterEach(async () => {
  await t.close();
});

describe('criteria selection', () => {
  it('lists accounts that owe, says which have enough unpaid periods for a suspension notice, and filters by debt, cycle and route', async () => {
    const one = await debtor('100001', [50_000]);
    const two = await debtor('100002', [40_000, 45_000]);
    const three = await debtor('100003', [30_000, 30_000, 30_000], { cycle: '2', route: '07' });
    await debtor('100004', [0]); // paid in full: not a debtor

    const all = await t.ok('notices.preview', { kind: 'suspension' }, coord);
    expect(all.candidates.map((c) => c.accountNumber)).toEqual(['100001', '100002', '100003']);
    const byId = new Map(all.candidates.map((c) => [c.accountId, c]));
    expect(byId.get(one)).toMatchObject({ debt: 50_000, unpaidPeriods: 1, eligible: false, oldestDueDate: '2026-01-20' });
    expect(byId.get(one)?.reason).toContain('el aviso pide 2');
    expect(byId.get(two)).toMatchObject({ debt: 85_000, unpaidPeriods: 2, eligible: true, lastNotice: null });
    expect(byId.get(two)?.daysPastDue).toBeGreaterThan(0);
    expect(all.eligibleCount).toBe(2);

    const twoOrMore = await t.ok('notices.preview', { kind: 'suspension', minPeriods: 2 }, coord);
    expect(twoOrMore.candidates.map((c) => c.accountNumber)).toEqual(['100002', '100003']);
    const bigDebt = await t.ok('notices.preview', { kind: 'suspension', minDebt: 86_000 }, coord);
    expect(bigDebt.candidates.map((c) => c.accountId)).toEqual([three]);
    const exactDebt = await t.ok('notices.preview', { kind: 'suspension', minDebt: 85_000 }, coord);
    expect(exactDebt.candidates.map((c) => c.accountNumber)).toEqual(['100002', '100003']);
    const route = await t.ok('notices.preview', { kind: 'suspension', cycle: '2', route: '07' }, coord);
    expect(route.candidates.map((c) => c.accountNumber)).toEqual(['100003']);
    const otherRoute = await t.ok('notices.preview', { kind: 'suspension', cycle: '1', route: '07' }, coord);
    expect(otherRoute.candidates).toEqual([]);
    // a limit says it stopped there
    const firstTwo = await t.ok('notices.preview', { kind: 'suspension', limit: 2 }, coord);
    expect(firstTwo.candidates.map((c) => c.accountNumber)).toEqual(['100001', '100002']);
    expect(firstTwo.limited).toBe(true);
    expect(all.limited).toBe(false);
  });

  it('an invoice not yet due adds to the debt but not to the unpaid periods; "past the suspension date" needs a passed date', async () => {
    const accountId = await debtor('200001', [40_000]);
    await insertInvoice(t.app.db, accountId, { number: '200001-NEXT', period: '2026-12', dueDate: addDays(today, 10), total: 41_000 });
    const [c] = (await t.ok('notices.preview', { kind: 'suspension' }, coord)).candidates;
    expect(c).toMatchObject({ debt: 81_000, unpaidPeriods: 1, eligible: false });

    const late = await debtor('200002', [30_000, 30_000]);
    const soon = await debtor('200003', [30_000, 30_000]);
    await t.app.db('invoices').where({ account_id: late }).update({ suspension_date: '2026-03-01' });
    await t.app.db('invoices').where({ account_id: soon }).update({ suspension_date: addDays(today, 3) });
    const past = await t.ok('notices.preview', { kind: 'suspension', minPeriods: 2, pastSuspensionDate: true }, coord);
    expect(past.candidates.map((x) => [x.accountNumber, x.eligible])).toEqual([
      ['200002', true],
      ['200003', false],
    ]);
  });
});

describe('generating a round', () => {
  it('numbers notices per kind and year across rounds, stores the letters and prints them in one PDF', async () => {
    const a = await debtor('300001', [40_000, 45_000]);
    const b = await debtor('300002', [20_000, 20_000]);
    const first = await t.ok('notices.generate', { kind: 'suspension', accountIds: [b, a] }, coord);
    // route order, not the order clicked
    expect(first.notices.map((n) => [n.number, n.accountNumber])).toEqual([
      [`AS-${year}-000001`, '300001'],
      [`AS-${year}-000002`, '300002'],
    ]);
    expect(first.batch).toMatchObject({ count: 2, firstNumber: `AS-${year}-000001`, lastNumber: `AS-${year}-000002` });
    expect(first.notices.every((n) => n.state === 'generado')).toBe(true);

    const pdf = Buffer.from(first.file.base64, 'base64');
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdfTextFlat(pdf);
    for (const expected of [`AS-${year}-000001`, `AS-${year}-000002`, '300001', 'TITULAR 300002', '$ 85.000', '$ 40.000', 'Ana María Ruiz', 'Coordinadora comercial', 'Línea de atención 116', 'Aviso de suspensión del servicio']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/\[[a-z_]+\]/); // no placeholder left without a value
    // the company's letterhead and the suspension date the policy gives (5 days after the letter)
    expect(text).toContain('Aguas del Valle de Tenza S.A. E.S.P.');
    expect(text).toContain('900123456-8');
    expect(text.replace(/\s+/g, ' ')).toContain(`antes del ${longDate(addDays(today, 5))}`);

    // another kind has its own sequence; the same kind continues
    const c = await debtor('300003', [10_000, 10_000]);
    const persuasivo = await t.ok('notices.generate', { kind: 'persuasivo', accountIds: [c] }, coord);
    expect(persuasivo.notices[0].number).toBe(`CP-${year}-000001`);
    const d = await debtor('300004', [10_000, 10_000]);
    const second = await t.ok('notices.generate', { kind: 'suspension', accountIds: [d] }, coord);
    expect(second.notices[0].number).toBe(`AS-${year}-000003`);

    // one audit row per round
    const audits = await t.app.db('audit_log').where({ action: 'notices.generate' }).orderBy('id');
    expect(audits).toHaveLength(3);
    expect(JSON.parse(audits[0].after_json).numbers).toEqual([`AS-${year}-000001`, `AS-${year}-000002`]);

    // a reprint is the same letter, marked COPIA
    const copy = Buffer.from((await t.ok('notices.pdf', { noticeId: first.notices[1].id }, coord)).base64, 'base64');
    const copyText = pdfTextFlat(copy);
    expect(copyText).toContain(`AS-${year}-000002`);
    expect(copyText).toContain('COPIA');
    expect(copyText).toContain('$ 40.000');
  });

  it('refuses the whole round when one chosen account is not eligible, and writes nothing', async () => {
    const ok = await debtor('400001', [40_000, 45_000]);
    const onePeriod = await debtor('400002', [40_000]);
    const before = await rowCounts();
    await expectRefusal(t.call('notices.generate', { kind: 'suspension', accountIds: [ok, onePeriod] }, coord), 'RULE', 'No se generó ningún aviso: una cuenta no cumple (400002: Tiene 1 periodo vencido; el aviso pide 2).');
    expect(await rowCounts()).toEqual(before);
    // the number was not used: the next round starts at 1
    const next = await t.ok('notices.generate', { kind: 'suspension', accountIds: [ok] }, coord);
    expect(next.notices[0].number).toBe(`AS-${year}-000001`);
    // and the same account cannot get a second open suspension notice
    await expectRefusal(t.call('notices.generate', { kind: 'suspension', accountIds: [ok] }, coord), 'RULE', `No se generó ningún aviso: una cuenta no cumple (400001: Ya tiene el aviso AS-${year}-000001 abierto).`);
  });

  it('is for coordinators and administrators only', async () => {
    const a = await debtor('450001', [40_000, 45_000]);
    const cashier = await loginAs(t, 'cajero');
    await expectForbidden(t.call('notices.generate', { kind: 'suspension', accountIds: [a] }, cashier));
    expect(await t.app.db('notices').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('stage rules', () => {
  it('does not skip stages, waits for delivery or the policy days, and escalation closes the previous letter', async () => {
    const a = await debtor('500001', [40_000, 45_000]);
    const prejuridicoFirst = await t.ok('notices.preview', { kind: 'prejuridico' }, coord);
    expect(prejuridicoFirst.candidates[0]).toMatchObject({ eligible: false });
    expect(prejuridicoFirst.candidates[0].reason).toContain('las etapas no se saltan');
    await expectRefusal(t.call('notices.generate', { kind: 'prejuridico', accountIds: [a] }, coord), 'RULE', 'No se generó ningún aviso: una cuenta no cumple (500001: Falta el cobro persuasivo: las etapas no se saltan).');

    const persuasivo = (await t.ok('notices.generate', { kind: 'persuasivo', accountIds: [a] }, coord)).notices[0];
    // generated today, not delivered: the policy's 15 days have not passed
    const waiting = (await t.ok('notices.preview', { kind: 'prejuridico' }, coord)).candidates[0];
    expect(waiting.eligible).toBe(false);
    expect(waiting.reason).toContain('no se ha entregado');
    expect(waiting.lastNotice).toMatchObject({ number: persuasivo.number, state: 'generado' });
    const juridicoNow = (await t.ok('notices.preview', { kind: 'juridico' }, coord)).candidates[0];
    expect(juridicoNow.reason).toContain('las etapas no se saltan');
    expect((await t.ok('notices.preview', { kind: 'persuasivo' }, coord)).candidates[0].reason).toContain('abierto');

    await t.ok('notices.recordDelivery', { noticeIds: [persuasivo.id], deliveredOn: today, deliveredBy: 'Jorge Mensajero', method: 'personal', note: 'Recibió el titular' }, coord);
    const ready = (await t.ok('notices.preview', { kind: 'prejuridico' }, coord)).candidates[0];
    expect(ready).toMatchObject({ eligible: true });
    const prejuridico = await t.ok('notices.generate', { kind: 'prejuridico', accountIds: [a] }, coord);
    expect(prejuridico.notices[0].number).toBe(`PJ-${year}-000001`);
    expect(prejuridico.escalated).toBe(1);
    const [closed] = await t.ok('notices.list', { text: persuasivo.number }, coord);
    expect(closed).toMatchObject({ state: 'cerrado', closeReason: 'escalada' });
    expect(closed.closeNote).toContain(`PJ-${year}-000001`);

    // jurídico: the prejurídico is not delivered; with a policy of 0 waiting days it may go on
    expect((await t.ok('notices.preview', { kind: 'juridico' }, coord)).candidates[0].eligible).toBe(false);
    const policy = await t.ok('notices.policy', {}, coord);
    await t.ok('notices.savePolicy', { ...policy, stageWaitDays: 0 }, t.adminToken);
    const juridico = await t.ok('notices.generate', { kind: 'juridico', accountIds: [a] }, coord);
    expect(juridico.notices[0].number).toBe(`CJ-${year}-000001`);
    const states = await t.ok('notices.ofAccount', { accountId: a }, coord);
    expect(states.map((n) => [n.number, n.state, n.closeReason])).toEqual([
      [`CJ-${year}-000001`, 'generado', null],
      [`PJ-${year}-000001`, 'cerrado', 'escalada'],
      [`CP-${year}-000001`, 'cerrado', 'escalada'],
    ]);
  });

  it('a stage waits for its days past due', async () => {
    const accountId = await insertAccount(t.app.db, { number: '510001', holderName: 'RECIENTE' });
    await insertInvoice(t.app.db, accountId, { number: '510001-1', period: '2026-10', dueDate: addDays(today, -10), total: 30_000 });
    const [c] = (await t.ok('notices.preview', { kind: 'persuasivo' }, coord)).candidates;
    expect(c).toMatchObject({ daysPastDue: 10, eligible: false });
    expect(c.reason).toContain('desde 30');
  });

  it('the administrator sets the policy; stages must grow; coordinators cannot change it', async () => {
    await expectRefusal(t.call('notices.savePolicy', { persuasivoDays: 60, prejuridicoDays: 30, juridicoDays: 90, stageWaitDays: 15, suspensionMinPeriods: 2, suspensionGraceDays: 5 }, t.adminToken), 'VALIDATION', 'Los días de mora deben crecer de una etapa a la siguiente: persuasivo < prejurídico < jurídico.');
    await expectForbidden(t.call('notices.savePolicy', { persuasivoDays: 10, prejuridicoDays: 30, juridicoDays: 90, stageWaitDays: 15, suspensionMinPeriods: 3, suspensionGraceDays: 5 }, coord));
    expect((await t.ok('notices.policy', {}, coord)).suspensionMinPeriods).toBe(2);
    await t.ok('notices.savePolicy', { persuasivoDays: 10, prejuridicoDays: 30, juridicoDays: 90, stageWaitDays: 15, suspensionMinPeriods: 3, suspensionGraceDays: 5 }, t.adminToken);
    await debtor('520001', [10_000, 10_000]);
    const [c] = (await t.ok('notices.preview', { kind: 'suspension' }, coord)).candidates;
    expect(c.eligible).toBe(false);
    expect(c.reason).toContain('el aviso pide 3');
  });
});

describe('tracking', () => {
  it('closes the open notices of an account as pagada once a cashier payment clears its debt', async () => {
    const desk = await openCashierDesk(t);
    const paid = await debtor('600001', [40_000, 45_000]);
    const owing = await debtor('600002', [40_000, 45_000]);
    const round = await t.ok('notices.generate', { kind: 'suspension', accountIds: [paid, owing] }, coord);
    await payCash(t, desk.token, paid, 40_000);
    let list = await t.ok('notices.list', { batchId: round.batch.id }, coord);
    expect(list.map((n) => n.state)).toEqual(['generado', 'generado']); // part of the debt is still owed
    await payCash(t, desk.token, paid, 45_000);
    list = await t.ok('notices.list', { batchId: round.batch.id }, coord);
    expect(list.find((n) => n.accountId === paid)).toMatchObject({ state: 'cerrado', closeReason: 'pagada' });
    expect(list.find((n) => n.accountId === owing)).toMatchObject({ state: 'generado', closeReason: null });
    expect(await t.app.db('audit_log').where({ action: 'notices.close.paid' }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }]);
    // a new suspension notice for the paid account is impossible (it owes nothing), for the other it is still open
    const preview = await t.ok('notices.preview', { kind: 'suspension' }, coord);
    expect(preview.candidates.map((c) => c.accountNumber)).toEqual(['600002']);
  });

  it('marks printed, records the delivery (date, who, how) and shows it on the account; refuses a future or earlier date', async () => {
    const a = await debtor('700001', [40_000, 45_000]);
    const [notice] = (await t.ok('notices.generate', { kind: 'suspension', accountIds: [a] }, coord)).notices;
    const [printed] = await t.ok('notices.markPrinted', { noticeIds: [notice.id] }, coord);
    expect(printed.state).toBe('impreso');
    expect(printed.printedAt).not.toBeNull();

    const before = await rowCounts();
    await expectRefusal(t.call('notices.recordDelivery', { noticeIds: [notice.id], deliveredOn: addDays(today, 1), deliveredBy: 'Jorge', method: 'personal' }, coord), 'VALIDATION', 'La fecha de entrega no puede ser posterior a hoy.');
    await expectRefusal(t.call('notices.recordDelivery', { noticeIds: [notice.id], deliveredOn: addDays(today, -1), deliveredBy: 'Jorge', method: 'personal' }, coord), 'VALIDATION', `La entrega no puede ser anterior a la fecha del aviso (AS-${year}-000001: ${longDate(today)}).`);
    expect(await rowCounts()).toEqual(before);

    await t.ok('notices.recordDelivery', { noticeIds: [notice.id], deliveredOn: today, deliveredBy: 'Jorge Mensajero', method: 'fijado', note: 'Fijado en la puerta' }, coord);
    const cashier = await loginAs(t, 'cajero');
    const [onAccount] = await t.ok('notices.ofAccount', { accountId: a }, cashier);
    expect(onAccount).toMatchObject({ number: notice.number, state: 'entregado', deliveredOn: today, deliveredBy: 'Jorge Mensajero', deliveryMethod: 'fijado', deliveryNote: 'Fijado en la puerta' });
    await expectRefusal(t.call('notices.recordDelivery', { noticeIds: [notice.id], deliveredOn: today, deliveredBy: 'Otro', method: 'correo' }, coord), 'RULE', `AS-${year}-000001 (ya entregado): no se registra la entrega.`);
    expect(await t.app.db('audit_log').where({ action: 'notices.delivered' }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('closes by hand as anulada; pagada only when the account owes nothing', async () => {
    const a = await debtor('800001', [40_000, 45_000]);
    const [notice] = (await t.ok('notices.generate', { kind: 'suspension', accountIds: [a] }, coord)).notices;
    await expectRefusal(t.call('notices.close', { noticeId: notice.id, reason: 'pagada', note: 'Dice que pagó' }, coord), 'RULE', 'La cuenta 800001 todavía debe $ 85.000: el aviso no se cierra como pagado.');
    const annulled = await t.ok('notices.close', { noticeId: notice.id, reason: 'anulada', note: 'Dirección equivocada' }, coord);
    expect(annulled).toMatchObject({ state: 'cerrado', closeReason: 'anulada', closeNote: 'Dirección equivocada' });
    // the number stays used; the account may get a new notice
    const again = await t.ok('notices.generate', { kind: 'suspension', accountIds: [a] }, coord);
    expect(again.notices[0].number).toBe(`AS-${year}-000002`);
  });
});
