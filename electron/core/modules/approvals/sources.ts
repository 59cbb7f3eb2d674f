/**
 * Every kind of approval that waits for a coordinator, in one list: a module with acts that wait
 * for approval writes its ApprovalSource (inbox.ts) beside its own code and adds it here. The
 * approvals inbox, its badge and their tests follow from this list.
 */
import type { ApprovalSource } from './inbox';
import { pqrAnswerApprovals } from '../pqr/approvals';
import { reimbursementApprovals } from '../pettycash/approvals';
import { commissionApprovals } from '../collections/approvals';

export const APPROVAL_SOURCES: readonly ApprovalSource[] = [pqrAnswerApprovals, reimbursementApprovals, commissionApprovals];
