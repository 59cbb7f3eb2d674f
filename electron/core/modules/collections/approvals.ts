/**
 * Commission liquidations waiting for approval, as a source of the approvals inbox
 * (electron/core/modules/approvals/inbox.ts, listed in sources.ts): the coordinator's inbox and its
 * badge count them.
 */
import type { Knex } from 'knex';
import type { ApprovalItem } from '../../../../shared/contract';
import type { ApprovalScope, ApprovalSource } from '../approvals/inbox';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';

const KIND = 'collections.commission';

function waiting(db: Knex, scope: ApprovalScope): Knex.QueryBuilder {
  const q = db('collection_liquidations as l').where('l.state', 'por_aprobar');
  if (scope.officeId !== null) q.where('l.office_id', scope.officeId);
  // nobody approves their own liquidation
  if (scope.userId !== null) q.where((w) => w.whereNull('l.created_by').orWhereNot('l.created_by', scope.userId));
  return q;
}

export const commissionApprovals: ApprovalSource = {
  kind: KIND,
  label: 'Liquidación de comisiones',
  groupLabel: 'Comisiones de gestores por aprobar',
  roles: ['coordinador', 'administrador'],
  async list(db: Knex, scope: ApprovalScope): Promise<ApprovalItem[]> {
    const company: { currency: CurrencyCode } | undefined = await db('company').where({ id: 1 }).first('currency');
    const rows: { id: number; code: string; gestor: string; month: string; version: number; commission: number | string; line_count: number; created_at: string; created_by_name: string | null }[] = await waiting(db, scope)
      .join('offices as o', 'o.id', 'l.office_id')
      .join('users as g', 'g.id', 'l.gestor_id')
      .leftJoin('users as c', 'c.id', 'l.created_by')
      .orderBy('l.created_at')
      .select('l.id', 'o.code', 'g.full_name as gestor', 'l.month', 'l.version', 'l.commission', 'l.line_count', 'l.created_at', 'c.full_name as created_by_name');
    return rows.map((r) => ({
      kind: KIND,
      kindLabel: 'Liquidación de comisiones',
      key: `${KIND}:${r.id}`,
      entityId: Number(r.id),
      officeCode: r.code,
      title: `Comisiones de ${r.gestor} · ${r.month.slice(5)}/${r.month.slice(0, 4)}${Number(r.version) > 1 ? ` (versión ${r.version})` : ''}`,
      detail: `${formatMoney(Number(r.commission), company?.currency ?? 'COP')} sobre ${r.line_count} pagos atribuidos`,
      requestedBy: r.created_by_name ?? '',
      requestedAt: r.created_at,
      amount: Number(r.commission),
      dueDate: null,
      path: `/cobranza/comisiones/${r.id}`,
    }));
  },
  async count(db: Knex, scope: ApprovalScope): Promise<number> {
    const [row] = (await waiting(db, scope).count({ n: '*' })) as { n: number | string }[];
    return Number(row.n);
  },
};
