/** Every exporter of acts, by kind: each is one small file with its versioned header. */
import type { ActKind } from '../../../../../shared/contract';
import { acuerdos } from './acuerdos';
import { cobros } from './cobros';
import { contactos } from './contactos';
import { novedades } from './novedades';
import { ordenes } from './ordenes';
import { pqrAjustes } from './pqrAjustes';
import type { ActExporter } from './types';

export const ACT_EXPORTERS: Record<ActKind, ActExporter> = {
  novedades,
  acuerdos,
  ordenes,
  cobros,
  contactos,
  'pqr-ajustes': pqrAjustes,
};

/** The header of a kind's CSV: `version`, `exportacion`, then its columns. */
export function actHeader(exporter: ActExporter): string[] {
  return ['version', 'exportacion', ...exporter.columns];
}
