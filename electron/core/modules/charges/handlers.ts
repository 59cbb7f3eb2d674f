import type { HandlerTable } from '../../context';
import { sessionOf } from '../../context';
import { listChargeItems, saveChargeItem } from './service';

export const chargeHandlers: Pick<HandlerTable, 'chargeItems.list' | 'chargeItems.save'> = {
  /** the cashier sees what can be charged today; the administrator the whole list, retired items too */
  'chargeItems.list': {
    access: 'authenticated',
    run: (_input, ctx) => listChargeItems(ctx.app.db, { includeInactive: ctx.door === 'cli' || sessionOf(ctx).user.role === 'administrador' }),
  },
  'chargeItems.save': { access: ['administrador'], run: (input, { app, actor }) => saveChargeItem(app.db, actor, input) },
};
