/** CLI: `petty-cash status`, `petty-cash reimbursement-report` — placeholder: the engineer who owns it this session writes it */
import type { CommandContext } from './commands';
import { CliError } from './output';

export async function status(_ctx: CommandContext): Promise<void> {
  throw new CliError('Este comando todavía no está disponible.');
}

export async function reimbursementReport(_ctx: CommandContext): Promise<void> {
  throw new CliError('Este comando todavía no está disponible.');
}
