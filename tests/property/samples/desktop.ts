/** one valid input per handler of this area (see ../handler-samples.ts) */
import type { HandlerSamples } from '../handler-samples';

export const desktopSamples: HandlerSamples = {
  'desktop.about': {},
  'desktop.dataFolder': {},
  // a test back office has no data folder of the computer: both answer that it cannot move (nothing is written)
  'desktop.checkFolder': { path: '/tmp/ventanilla-muestra-no-se-crea' },
  'desktop.moveFolder': { path: '/tmp/ventanilla-muestra-no-se-crea' },
  'desktop.cancelMove': {},
  // a test back office cannot restart itself: it says so
  'desktop.restart': {},
  'desktop.settings': {},
  'desktop.saveSettings': { updateUrl: 'http://actualizaciones.oficina/ventanilla/', externalLinkHosts: ['www.superservicios.gov.co'] },
  'desktop.checkUpdates': {},
  'desktop.problems': {},
  'desktop.reportError': { message: 'Error de muestra de la prueba de esquemas', where: '/cuentas' },
};
