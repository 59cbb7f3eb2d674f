/**
 * PQR answers waiting for approval (the answer drafted, state 'borrador'), for the approvals inbox:
 * the coordinator approves or returns them on the PQR's page. Most urgent first: the PQR's due date.
 */
import type { Knex } from 'knex';
import type { ApprovalItem } from '../../../../shared/contract';
import type { ApprovalScope, ApprovalSource } from '../approvals/inbox';
import { PQR_TYPE_NAMES } from './catalog';
import { DECISION_NAMES } from './letters';

function waiting(db: Knex, scope: ApprovalScope) {
  const q = db('pqr_answers as a').join('pqrs as p', 'p.id', 'a.pqr_id').where('a.state', 'borrador').whereNotIn('p.state', ['anulada', 'cerrada']);
  if (scope.officeId !== null) q.where('p.office_id', scope.officeId);
  return q;
}

export const pqrAnswerApprovals: ApprovalSource = {
  kind: 'pqr.answer',
  label: 'Respuesta de PQR',
  groupLabel: 'Respuestas de PQR por aprobar',
  roles: ['coordinador', 'administrador'],
  async list(db, scope) {
    const rows: {
      pqr_id: number;
      number: string;
      type: keyof typeof PQR_TYPE_NAMES;
      petitioner_name: string;
      decision: keyof typeof DECISION_NAMES;
      drafted_at: string;
      drafted_by_name: string | null;
      due_date: string | null;
      office_code: string;
    }[] = await waiting(db, scope)
      .join('radicados as r', 'r.id', 'p.radicado_id')
      .join('offices as o', 'o.id', 'p.office_id')
      .leftJoin('users as u', 'u.id', 'a.drafted_by')
      .select('a.pqr_id', 'r.number', 'p.type', 'p.petitioner_name', 'a.decision', 'a.drafted_at', 'u.full_name as drafted_by_name', 'p.due_date', 'o.code as office_code');
    return rows.map(
      (r): ApprovalItem => ({
        kind: 'pqr.answer',
        kindLabel: 'Respuesta de PQR',
        key: `pqr.answer:${r.pqr_id}`,
        entityId: Number(r.pqr_id),
        officeCode: r.office_code,
        title: `${r.number} · ${PQR_TYPE_NAMES[r.type] ?? r.type}`,
        detail: `${DECISION_NAMES[r.decision] ?? r.decision} · ${r.petitioner_name}`,
        requestedBy: r.drafted_by_name ?? 'consola',
        requestedAt: r.drafted_at,
        amount: null,
        dueDate: r.due_date,
        path: `/pqr/${r.pqr_id}`,
      }),
    );
  },
  async count(db, scope) {
    const row = await waiting(db, scope).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  },
};
