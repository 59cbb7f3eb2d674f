import type { HandlerContext, HandlerTable } from '../../context';
import { callerScope, requireOwnOffice } from '../../officeScope';
import { addClosure, addHoliday, listCalendar, officeAddBusinessDays, removeDay, type CalendarEditor } from './service';

/** An office's calendar is read by its own people (an administrator: any office's; officeScope.ts). */
function ownOffice(ctx: HandlerContext, officeId: number): void {
  requireOwnOffice(callerScope(ctx), officeId, 'Solo puede consultar el calendario de su oficina.');
}

/** The CLI door has no session and acts as an administrator. */
function editorOf(ctx: HandlerContext): CalendarEditor {
  if (!ctx.session) return { actor: ctx.actor, role: 'administrador', officeId: null };
  return { actor: ctx.actor, role: ctx.session.user.role, officeId: ctx.session.user.officeId };
}

export const calendarHandlers: Pick<
  HandlerTable,
  'calendar.list' | 'calendar.addHoliday' | 'calendar.addClosure' | 'calendar.remove' | 'calendar.addBusinessDays'
> = {
  'calendar.list': {
    access: 'authenticated',
    run: ({ officeId, year }, ctx) => {
      ownOffice(ctx, officeId);
      return listCalendar(ctx.app.db, officeId, year);
    },
  },
  'calendar.addHoliday': { access: ['administrador'], run: (input, { app, actor }) => addHoliday(app.db, actor, input) },
  // a coordinator only for the own office: checked in the service
  'calendar.addClosure': { access: ['coordinador', 'administrador'], run: (input, ctx) => addClosure(ctx.app.db, editorOf(ctx), input) },
  'calendar.remove': {
    access: ['coordinador', 'administrador'],
    run: async ({ dayId }, ctx) => {
      await removeDay(ctx.app.db, editorOf(ctx), dayId);
      return { removed: true };
    },
  },
  'calendar.addBusinessDays': {
    access: 'authenticated',
    run: async ({ officeId, from, days }, ctx) => {
      ownOffice(ctx, officeId);
      return { date: await officeAddBusinessDays(ctx.app.db, officeId, from, days) };
    },
  },
};
