/**
 * The approvals inbox (issue 14, finding 2): every act that waits for a coordinator's decision —
 * PQR answers to approve, petty-cash reimbursements, and every future kind (payment agreements,
 * commissions) — in one list, with a count for the badge in the menu. Each kind is a source the
 * module registers in electron/core/modules/approvals/sources.ts; the decision itself is taken where
 * the module decides it (the item's `path`).
 */
import { z } from 'zod';

export const approvalsSchemas = {
  /** what waits for the caller: a coordinator, their office's; an administrator, every office's */
  'approvals.inbox': z.strictObject({}),
  /** how many wait (the menu's badge) */
  'approvals.count': z.strictObject({}),
};

export interface ApprovalItem {
  /** the source's kind: 'pqr.answer', 'pettyCash.reimbursement', … */
  kind: string;
  /** "Respuesta de PQR" */
  kindLabel: string;
  /** `${kind}:${entityId}`, unique in the inbox */
  key: string;
  entityId: number;
  officeCode: string;
  /** what it is: "2026-CEN-P-000012 · Reclamo" */
  title: string;
  /** one line more: "No accede · Juan Pérez (peticionario)" */
  detail: string;
  requestedBy: string;
  /** ISO timestamp */
  requestedAt: string;
  /** money at stake (minor units), when there is some */
  amount: number | null;
  /** a legal date by which it must be decided (a PQR's due date), when there is one */
  dueDate: string | null;
  /** the screen where it is decided (a renderer path: '/pqr/12') */
  path: string;
}

export interface ApprovalGroup {
  kind: string;
  /** "Respuestas de PQR por aprobar" */
  label: string;
  count: number;
}

export interface ApprovalInbox {
  /** the most urgent first: by due date, then the oldest request */
  items: ApprovalItem[];
  /** every registered kind the caller may decide, with its count (0 included) */
  groups: ApprovalGroup[];
}

export interface ApprovalsOutputs {
  'approvals.inbox': ApprovalInbox;
  'approvals.count': { count: number };
}
