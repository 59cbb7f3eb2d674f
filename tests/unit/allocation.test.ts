/** How a payment is spread over what an account owes: oldest first, the cashier's pick, the credit. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocatePayment, oldestFirst, type OpenDebt } from '../../shared/allocation';

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

  it('an overpayment of the whole balance becomes a credit', () => {
    const plan = allocatePayment(200_000, debts, null);
    expect(plan.allocations.every((a) => a.balanceAfter === 0)).toBe(true);
    expect(plan.credit).toBe(200_000 - 160_000);
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
