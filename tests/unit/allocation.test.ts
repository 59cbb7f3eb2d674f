/** How a payment is spread over what an account owes: oldest first, the cashier's pick, the credit. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocatePayment, defaultOrder, oldestFirst, type OpenDebt } from '../../shared/allocation';

const debts: OpenDebt[] = [
  { kind: 'invoice', id: 3, dueDate: '2026-03-20', balance: 50_000 },
  { kind: 'invoice', id: 1, dueDate: '2026-01-20', balance: 40_000 },
  { kind: 'charge', id: 7, dueDate: '2026-01-20', balance: 25_000 },
  { kind: 'invoice', id: 2, dueDate: '2026-02-20', balance: 45_000 },
];

describe('allocatePayment', () => {
  it('pays oldest first: due date, then invoices before charges of the same day', () => {
    expect(oldestFirst(debts).map((d) => `${d.kind}:${d.id}`)).toEqual(['invoice:1', 'charge:7', 'invoice:2', 'invoice:3']);
    expect(allocatePayment(80_000, debts, null)).toEqual({
      allocations: [
        { kind: 'invoice', id: 1, amount: 40_000, balanceAfter: 0 },
        { kind: 'charge', id: 7, amount: 25_000, balanceAfter: 0 },
        { kind: 'invoice', id: 2, amount: 15_000, balanceAfter: 30_000 },
      ],
      credit: 0,
    });
  });

  it('pays what the cashier picked, in the order picked, and credits the rest', () => {
    const plan = allocatePayment(100_000, debts, [
      { kind: 'invoice', id: 3 },
      { kind: 'invoice', id: 2 },
    ]);
    expect(plan.allocations.map((a) => [a.id, a.amount])).toEqual([
      [3, 50_000],
      [2, 45_000],
    ]);
    expect(plan.credit).toBe(5_000);
  });

  it('with nothing picked, the debts a waiting agreement holds are left out; with only those left, the payment is credit', () => {
    // invoices 1 and 2 financed by an agreement waiting for its down payment (charge 7): 100.000 pays 7 (25.000) and 3 (50.000), 25.000 credit
    const held = [{ kind: 'invoice' as const, id: 1 }, { kind: 'invoice' as const, id: 2 }];
    expect(defaultOrder(debts, held)).toEqual([{ kind: 'charge', id: 7 }, { kind: 'invoice', id: 3 }]);
    expect(allocatePayment(100_000, debts, defaultOrder(debts, held))).toEqual({
      allocations: [
        { kind: 'charge', id: 7, amount: 25_000, balanceAfter: 0 },
        { kind: 'invoice', id: 3, amount: 50_000, balanceAfter: 0 },
      ],
      credit: 25_000,
    });
    const onlyHeld = debts.filter((d) => d.kind === 'invoice' && d.id !== 3);
    expect(allocatePayment(30_000, onlyHeld, defaultOrder(onlyHeld, held))).toEqual({ allocations: [], credit: 30_000 });
    // nothing held: the same as oldest first
    expect(defaultOrder(debts, [])).toEqual(oldestFirst(debts).map((d) => ({ kind: d.kind, id: d.id })));
  });

  it('an overpayment of the whole balance becomes a credit', () => {
    const plan = allocatePayment(200_000, debts, null);
    expect(plan.allocations.every((a) => a.balanceAfter === 0)).toBe(true);
    expect(plan.credit).toBe(200_000 - 160_000);
  });

  it('debts due the same day go invoices first, then by number, whatever order the account lists them in', () => {
    // all due 20 Jan: the charge and the invoices arrive shuffled; the bill of the month (invoice 4,
    // then 9) is paid before the charge added that day (2), and 30.000 reach only the first two
    const sameDay: OpenDebt[] = [
      { kind: 'charge', id: 2, dueDate: '2026-01-20', balance: 25_000 },
      { kind: 'invoice', id: 9, dueDate: '2026-01-20', balance: 10_000 },
      { kind: 'invoice', id: 4, dueDate: '2026-01-20', balance: 15_000 },
    ];
    expect(oldestFirst(sameDay).map((d) => `${d.kind}:${d.id}`)).toEqual(['invoice:4', 'invoice:9', 'charge:2']);
    expect(oldestFirst([...sameDay].reverse()).map((d) => `${d.kind}:${d.id}`)).toEqual(['invoice:4', 'invoice:9', 'charge:2']);
    expect(allocatePayment(30_000, sameDay, null).allocations.map((a) => [`${a.kind}:${a.id}`, a.amount])).toEqual([
      ['invoice:4', 15_000],
      ['invoice:9', 10_000],
      ['charge:2', 5_000],
    ]);
  });

  it('an older debt listed last is still paid first', () => {
    // the March invoice is listed before the January charge: 25.000 pay the charge of 20 Jan whole
    const listed: OpenDebt[] = [
      { kind: 'invoice', id: 1, dueDate: '2026-03-20', balance: 50_000 },
      { kind: 'charge', id: 5, dueDate: '2026-01-20', balance: 25_000 },
    ];
    expect(allocatePayment(25_000, listed, null).allocations).toEqual([{ kind: 'charge', id: 5, amount: 25_000, balanceAfter: 0 }]);
  });

  it('a picked debt that is no longer open (another counter paid it) is skipped, not an error', () => {
    // invoice 8 is not among the open debts any more: its money goes to the next one picked
    const plan = allocatePayment(45_000, debts, [
      { kind: 'invoice', id: 8 },
      { kind: 'invoice', id: 2 },
    ]);
    expect(plan).toEqual({ allocations: [{ kind: 'invoice', id: 2, amount: 45_000, balanceAfter: 0 }], credit: 0 });
  });

  it('never takes a debt below zero and never loses a peso (property)', () => {
    const debt = fc.record({ kind: fc.constantFrom('invoice' as const, 'charge' as const), id: fc.integer({ min: 1, max: 50 }), dueDate: fc.constantFrom('2026-01-20', '2026-02-20', '2026-03-20'), balance: fc.integer({ min: 0, max: 500_000 }) });
    fc.assert(
      fc.property(fc.uniqueArray(debt, { selector: (d) => `${d.kind}:${d.id}`, maxLength: 8 }), fc.integer({ min: 1, max: 3_000_000 }), (list, amount) => {
        const plan = allocatePayment(amount, list, null);
        const applied = plan.allocations.reduce((s, a) => s + a.amount, 0);
        expect(applied + plan.credit).toBe(amount);
        for (const a of plan.allocations) {
          const owed = list.find((d) => d.kind === a.kind && d.id === a.id)?.balance ?? 0;
          expect(a.amount).toBeGreaterThan(0);
          expect(a.balanceAfter).toBe(owed - a.amount);
          expect(a.balanceAfter).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
