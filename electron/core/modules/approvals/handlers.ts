import type { HandlerContext, HandlerTable } from '../../context';
import type { ApprovalsOutputs } from '../../../../shared/contract';
import { businessToday } from '../accounts/service';
import { approvalCount, approvalInbox, type ApprovalScope } from './inbox';
import { APPROVAL_SOURCES } from './sources';

/** a coordinator decides for their office; an administrator (and the CLI) for every office */
async function scopeOf(ctx: HandlerContext): Promise<ApprovalScope> {
  const user = ctx.session?.user;
  const role = user?.role ?? 'administrador';
  return { role, officeId: role === 'administrador' || !user ? null : user.officeId, userId: user?.id ?? null, today: await businessToday(ctx.app.db) };
}

/**
 * Open to every logged-in user: a role that decides nothing gets an empty inbox (the sources say
 * who decides each kind, as their modules' decision handlers do).
 */
export const approvalsHandlers: Pick<HandlerTable, keyof ApprovalsOutputs> = {
  'approvals.inbox': { access: 'authenticated', run: async (_input, ctx) => approvalInbox(ctx.app.db, APPROVAL_SOURCES, await scopeOf(ctx)) },
  'approvals.count': { access: 'authenticated', run: async (_input, ctx) => ({ count: await approvalCount(ctx.app.db, APPROVAL_SOURCES, await scopeOf(ctx)) }) },
};
