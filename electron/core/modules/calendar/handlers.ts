// STUB — being written by the calendar helper
import type { HandlerTable } from '../../context';
import { AppError } from '../../errors';
const todo = async (): Promise<never> => { throw new AppError('INTERNAL', 'No implementado'); };
export const calendarHandlers: Pick<HandlerTable, 'calendar.list' | 'calendar.addHoliday' | 'calendar.addClosure' | 'calendar.remove' | 'calendar.addBusinessDays'> = {
  'calendar.list': { access: 'authenticated', run: todo },
  'calendar.addHoliday': { access: ['administrador'], run: todo },
  'calendar.addClosure': { access: ['coordinador', 'administrador'], run: todo },
  'calendar.remove': { access: ['coordinador', 'administrador'], run: todo },
  'calendar.addBusinessDays': { access: 'authenticated', run: todo },
};
