import type { HandlerContext, HandlerTable } from '../../context';
import { AppError } from '../../errors';
import { recaudoFile, recaudoReport, type RecaudoQuery } from './service';

/**
 * Which offices the caller may read: a coordinator their own (the default when none is given); an
 * administrator and the admin console any, or all of them together when none is given.
 */
function scope(input: { from: string; to: string; officeId?: number }, ctx: HandlerContext): RecaudoQuery {
  const user = ctx.session?.user;
  if (user && user.role === 'coordinador') {
    if (input.officeId !== undefined && input.officeId !== user.officeId) throw new AppError('FORBIDDEN', 'Solo puede consultar el recaudo de su oficina.');
    return { from: input.from, to: input.to, officeId: user.officeId };
  }
  return { from: input.from, to: input.to, officeId: input.officeId ?? null };
}

export const reportHandlers: Pick<HandlerTable, 'reports.recaudo' | 'reports.recaudoFile'> = {
  'reports.recaudo': { access: ['coordinador', 'administrador'], run: (input, ctx) => recaudoReport(ctx.app.db, scope(input, ctx)) },
  'reports.recaudoFile': { access: ['coordinador', 'administrador'], run: (input, ctx) => recaudoFile(ctx.app.db, scope(input, ctx), input.format) },
};
