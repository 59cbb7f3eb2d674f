import type { HandlerTable } from '../../context';
import { issuePazYSalvo, pazYSalvoFile, verifyPazYSalvo } from './service';

const ISSUERS = ['auxiliar', 'cajero', 'coordinador', 'administrador'] as const;

export const pazYSalvoHandlers: Pick<HandlerTable, 'pazYSalvo.issue' | 'pazYSalvo.pdf' | 'pazYSalvo.verify'> = {
  'pazYSalvo.issue': { access: ISSUERS, run: ({ accountId }, { app, actor }) => issuePazYSalvo(app.db, actor, accountId) },
  'pazYSalvo.pdf': { access: ISSUERS, run: ({ certificateId }, { app }) => pazYSalvoFile(app.db, certificateId) },
  /** no login: whoever holds the paper checks it */
  'pazYSalvo.verify': { access: 'public', run: ({ code }, { app }) => verifyPazYSalvo(app.db, code) },
};
