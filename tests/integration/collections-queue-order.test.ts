/**
 * The order a launched campaign leaves in each gestor's queue, on SQLite and PostgreSQL: the shares
 * (by debt, by route) and the order among accounts of equal priority, which the queue breaks by the
 * assignment's id, i.e. by the order the launch wrote them in. Today is Monday 9 March 2026; every
 * invoice fell due on 20 February (17 days: 1–30), so the priority is the debt alone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { debtor, launch, telecobroOffice, type Telecobro } from '../helpers/collections';

let w: Telecobro;

beforeAll(async () => {
  w = await telecobroOffice();
  const due = (total: number) => [{ due: '2026-02-20', total }];
  await debtor(w, '300001', due(50_000), { phone: '3106000001', route: '03' });
  await debtor(w, '300002', due(90_000), { phone: '3106000002', route: '02' });
  await debtor(w, '300003', due(50_000), { phone: '3106000003', route: '02' });
  await debtor(w, '300004', due(50_000), { phone: '3106000004', route: '01' });
  await debtor(w, '300005', due(40_000), { phone: '3106000005', route: '01' });
});
afterAll(async () => {
  await w.close();
  vi.useRealTimers();
});

/** a gestor's active accounts in the order of queue.ts (broken commitment first, priority, then id) */
async function queueOf(gestorId: number): Promise<string[]> {
  const rows: { number: string }[] = await w.app
    .db('collection_assignments as x')
    .join('accounts as a', 'a.id', 'x.account_id')
    .where({ 'x.gestor_id': gestorId, 'x.active': true, 'x.state': 'pendiente' })
    .orderBy([{ column: 'x.broken_promise', order: 'desc' }, { column: 'x.priority', order: 'desc' }, { column: 'x.id' }])
    .select('a.number');
  return rows.map((r) => r.number);
}

describe('the queues a campaign leaves', () => {
  it('by debt: the largest to the lightest gestor, equal debts in account order', async () => {
    // by debt, ties in account order: 90 (300002), 50 (300001), 50 (300003), 50 (300004), 40 (300005)
    // 90 → Ana; 50 → Beto; 50 → Beto (50 < 90); 50 → Ana (90 < 100); 40 → Beto (100 < 140)
    const campaign = await launch(w, {}, [w.gestorAId, w.gestorBId], 'Por deuda', 'deuda');
    expect(campaign.gestores.map((g) => [g.gestorId, g.accounts, g.debt]).sort()).toEqual(
      [
        [w.gestorAId, 2, 140_000],
        [w.gestorBId, 3, 140_000],
      ].sort(),
    );
    expect(await queueOf(w.gestorAId)).toEqual(['300002', '300004']);
    // 300001 and 300003 owe the same: the lower account number first
    expect(await queueOf(w.gestorBId)).toEqual(['300001', '300003', '300005']);
    expect((await w.ok('collections.next', {}, w.gestorB))?.accountNumber).toBe('300001');
    await w.ok('collections.closeCampaign', { campaignId: campaign.id, note: 'Fin de la prueba por deuda' }, w.coordinator);
  });

  it('by route: whole routes to the lightest gestor, equal debts in the order the routes were shared', async () => {
    // routes: 1-02 = 90 + 50 = 140, 1-01 = 50 + 40 = 90, 1-03 = 50
    // 1-02 → Ana; 1-01 → Beto; 1-03 → Beto (90 < 140)
    const campaign = await launch(w, {}, [w.gestorAId, w.gestorBId], 'Por ruta', 'ruta');
    expect(campaign.gestores.map((g) => [g.gestorId, g.accounts, g.debt]).sort()).toEqual(
      [
        [w.gestorAId, 2, 140_000],
        [w.gestorBId, 3, 140_000],
      ].sort(),
    );
    expect(await queueOf(w.gestorAId)).toEqual(['300002', '300003']);
    // 300004 (route 01, shared first) and 300001 (route 03) owe the same: route 01's comes first
    expect(await queueOf(w.gestorBId)).toEqual(['300004', '300001', '300005']);
    expect((await w.ok('collections.next', {}, w.gestorB))?.accountNumber).toBe('300004');
  });
});
