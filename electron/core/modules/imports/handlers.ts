// STUB — being written by the imports helper
import type { HandlerTable } from '../../context';
import { AppError } from '../../errors';
const todo = async (): Promise<never> => { throw new AppError('INTERNAL', 'No implementado'); };
const coordination = ['coordinador', 'administrador'] as const;
export const importHandlers: Pick<HandlerTable, 'imports.begin' | 'imports.chunk' | 'imports.preview' | 'imports.commit' | 'imports.discard'> = {
  'imports.begin': { access: coordination, run: todo },
  'imports.chunk': { access: coordination, run: todo },
  'imports.preview': { access: coordination, run: todo },
  'imports.commit': { access: coordination, run: todo },
  'imports.discard': { access: coordination, run: todo },
};
