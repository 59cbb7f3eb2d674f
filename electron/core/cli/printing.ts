/** CLI: `printers list` — the printers of the operating system, and which kind of document goes to each on this machine. */
import { DOCUMENT_KIND_LABELS, PAPER_SIZE_LABELS } from '../../../shared/contract';
import { call, print, type CommandContext } from './commands';
import { CliError, table } from './output';

const STATE_LABELS = { inactiva: 'inactiva', imprimiendo: 'imprimiendo', detenida: 'detenida', desconocido: '—' } as const;

export async function printersList(ctx: CommandContext): Promise<void> {
  const system = await call(ctx.app, 'printing.printers', {});
  const settings = await call(ctx.app, 'printing.settings', {});
  if (!system.available) throw new CliError(system.message);
  const lines: string[] = [];
  if (system.printers.length === 0) lines.push(system.message || 'El sistema no tiene impresoras instaladas.');
  else {
    lines.push(
      table(
        ['Impresora', 'Predeterminada', 'Estado', 'Recibe trabajos', 'Documentos', 'Motivo'],
        system.printers.map((p) => [
          p.name,
          p.isDefault ? 'sí' : '',
          STATE_LABELS[p.state],
          p.accepting ? 'sí' : 'no',
          settings
            .filter((s) => s.printerName === p.name)
            .map((s) => DOCUMENT_KIND_LABELS[s.kind])
            .join(', '),
          p.reason,
        ]),
      ),
    );
  }
  lines.push('', `Configuración de este equipo (${settings[0]?.machine ?? ''}):`);
  lines.push(
    table(
      ['Documento', 'Impresora', 'Papel', 'Copias'],
      settings.map((s) => [DOCUMENT_KIND_LABELS[s.kind], s.printerName ?? '(sin impresora: se descarga)', PAPER_SIZE_LABELS[s.paper], String(s.copies)]),
    ),
  );
  print(ctx, { system: system.system, printers: system.printers, settings }, lines.join('\n'));
}
