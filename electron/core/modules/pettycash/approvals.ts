/**
 * Petty-cash reimbursements waiting for a decision ('solicitado'), for the approvals inbox: the
 * coordinator approves (the fund is restored) or returns vouchers on the petty-cash page. The
 * custodian never decides their own request (reimbursements.ts), so it is not in their inbox.
 */
import type { Knex } from 'knex';
import type { ApprovalItem } from '../../../../shared/contract';
import type { ApprovalScope, ApprovalSource } from '../approvals/inbox';

function waiting(db: Knex, scope: ApprovalScope) {
  const q = db('petty_cash_reimbursements as r').join('petty_cash_funds as f', 'f.id', 'r.fund_id').where('r.state', 'solicitado').where('f.state', 'abierta');
  if (scope.officeId !== null) q.where('f.office_id', scope.officeId);
  if (scope.userId !== null) q.whereNot('f.custodian_id', scope.userId);
  return q;
}

export const reimbursementApprovals: ApprovalSource = {
  kind: 'pettyCash.reimbursement',
  label: 'Reembolso de caja menor',
  groupLabel: 'Reembolsos de caja menor por decidir',
  roles: ['coordinador', 'administrador'],
  async list(db, scope) {
    const rows: { id: number; number: string; total: number | string; requested_at: string; requested_by_name: string | null; office_code: string; items: number | string }[] = await waiting(db, scope)
      .join('offices as o', 'o.id', 'f.office_id')
      .leftJoin('users as u', 'u.id', 'r.requested_by')
      .select(
        'r.id',
        'r.number',
        'r.total',
        'r.requested_at',
        'u.full_name as requested_by_name',
        'o.code as office_code',
        db('petty_cash_reimbursement_items as i').whereRaw('i.reimbursement_id = r.id').count('*').as('items'),
      );
    return rows.map((r): ApprovalItem => {
      const items = Number(r.items);
      return {
        kind: 'pettyCash.reimbursement',
        kindLabel: 'Reembolso de caja menor',
        key: `pettyCash.reimbursement:${r.id}`,
        entityId: Number(r.id),
        officeCode: r.office_code,
        title: `Reembolso ${r.number}`,
        detail: `${items} ${items === 1 ? 'comprobante' : 'comprobantes'}`,
        requestedBy: r.requested_by_name ?? 'consola',
        requestedAt: r.requested_at,
        amount: Number(r.total),
        dueDate: null,
        path: '/caja-menor',
      };
    });
  },
  async count(db, scope) {
    const row = await waiting(db, scope).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  },
};
