/** CLI: `report sui-formato-a` — placeholder: the engineer who owns it this session writes it */
import type { CommandContext } from './commands';
import { CliError } from './output';

export async function suiFormatoA(_ctx: CommandContext): Promise<void> {
  throw new CliError('Este comando todavía no está disponible.');
}
