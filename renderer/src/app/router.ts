/**
 * Hash routing, kept small: the path after '#' names the screen ('#/cuentas/12'). The hash survives
 * a reload and works the same under Electron's file protocol and the web door.
 */
import { useSyncExternalStore } from 'react';

function currentPath(): string {
  const path = location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/cuentas';
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current path, e.g. '/cuentas/12'. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  if (currentPath() !== path) location.hash = path;
}

/** Changes the path without a new history entry (a one-time address such as '/caja/cobrar/12' once used). */
export function replacePath(path: string): void {
  if (currentPath() === path) return;
  history.replaceState(history.state, '', `#${path}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export const paths = {
  accounts: '/cuentas',
  account: (id: number) => `/cuentas/${id}`,
  cashier: '/caja',
  /** Caja with an account loaded for payment */
  cashierFor: (accountId: number) => `/caja/cobrar/${accountId}`,
  approvals: '/aprobaciones',
  cashSessions: '/caja/turnos',
  bankFiles: '/recaudo/bancos',
  unidentified: '/recaudo/por-identificar',
  recaudo: '/recaudo/informe',
  pazYSalvoCheck: '/paz-y-salvo',
  pqr: '/pqr',
  pqrFile: '/pqr/radicar',
  pqrDetail: (id: number) => `/pqr/${id}`,
  pqrReports: '/pqr/informes',
  correspondence: '/correspondencia',
  pettyCash: '/caja-menor',
  printing: '/impresion',
  printLog: '/impresion/registro',
  notices: '/avisos',
  collectionsDesk: '/cobranza/escritorio',
  portfolio: '/cobranza/cartera',
  campaigns: '/cobranza/campanas',
  campaignNew: '/cobranza/campanas/nueva',
  campaign: (id: number) => `/cobranza/campanas/${id}`,
  commitments: '/cobranza/compromisos',
  collectionsReport: '/cobranza/informe',
  commissions: '/cobranza/comisiones',
  liquidation: (id: number) => `/cobranza/comisiones/${id}`,
  fieldHandoffs: '/cobranza/terreno',
  collectionsSettings: '/admin/cobranza',
  imports: '/importar',
  users: '/admin/usuarios',
  offices: '/admin/oficinas',
  calendar: '/admin/calendario',
  settings: '/admin/ajustes',
  company: '/admin/empresa',
  backups: '/admin/copias',
  database: '/admin/base-de-datos',
  computer: '/admin/este-equipo',
  tills: '/admin/cajas',
  chargeItems: '/admin/cobros',
  pqrTables: '/admin/pqr',
  letterTemplates: '/admin/plantillas',
  printers: '/admin/impresoras',
  workOrders: '/ordenes',
  /** acuerdos de pago: the simulator of an account (by phone from the gestor's desk), an agreement, the report */
  agreementNew: (accountId: number, byPhone = false) => `/cuentas/${accountId}/acuerdo${byPhone ? '/telefono' : ''}`,
  agreement: (id: number) => `/cuentas/acuerdos/${id}`,
  agreementsReport: '/acuerdos',
  correspondenceItem: (id: number) => `/correspondencia/${id}`,
  exchange: '/admin/intercambio',
  indicators: '/indicadores',
  mail: '/admin/correo',
  /** encuestas de satisfacción: the list, a survey (report, sample, questions), a new one; an answer from the account (counter) or the desk (by phone) */
  surveys: '/encuestas',
  surveyNew: '/encuestas/nueva',
  survey: (id: number) => `/encuestas/${id}`,
  surveyAnswer: (accountId: number, byPhone = false) => `/cuentas/${accountId}/encuesta${byPhone ? '/telefono' : ''}`,
  /** the satisfaction survey about one closed PQR (CSAT), by phone to its petitioner */
  surveyAnswerPqr: (accountId: number, pqrId: number) => `/cuentas/${accountId}/encuesta/pqr/${pqrId}`,
} as const;

/** '/cuentas/12' → 12, otherwise null */
export function accountIdOf(path: string): number | null {
  const m = /^\/cuentas\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** '/caja/cobrar/12' → 12, otherwise null */
export function cashierAccountIdOf(path: string): number | null {
  const m = /^\/caja\/cobrar\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

export function pqrIdOf(path: string): number | null {
  const m = /^\/pqr\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** '/cobranza/campanas/12' → 12, otherwise null */
export function campaignIdOf(path: string): number | null {
  const m = /^\/cobranza\/campanas\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** '/cobranza/comisiones/12' → 12 (the approvals inbox opens a liquidation there), otherwise null */
export function liquidationIdOf(path: string): number | null {
  const m = /^\/cobranza\/comisiones\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** '/cuentas/12/acuerdo' → { accountId: 12, byPhone: false }; '/cuentas/12/acuerdo/telefono' → by phone; otherwise null */
export function agreementNewOf(path: string): { accountId: number; byPhone: boolean } | null {
  const m = /^\/cuentas\/(\d+)\/acuerdo(\/telefono)?$/.exec(path);
  return m ? { accountId: Number(m[1]), byPhone: m[2] !== undefined } : null;
}

/** '/cuentas/acuerdos/5' → 5, otherwise null */
export function agreementIdOf(path: string): number | null {
  const m = /^\/cuentas\/acuerdos\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** '/correspondencia/7' → 7 (the correspondence opened on that item), otherwise null */
export function correspondenceIdOf(path: string): number | null {
  const m = /^\/correspondencia\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** '/encuestas/7' → 7, otherwise null */
export function surveyIdOf(path: string): number | null {
  const m = /^\/encuestas\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

/**
 * '/cuentas/12/encuesta' → { accountId: 12, byPhone: false }; '/cuentas/12/encuesta/telefono' → by
 * phone; '/cuentas/12/encuesta/pqr/5' → about PQR 5, by phone; otherwise null
 */
export function surveyAnswerOf(path: string): { accountId: number; byPhone: boolean; pqrId?: number } | null {
  const m = /^\/cuentas\/(\d+)\/encuesta(?:(\/telefono)|\/pqr\/(\d+))?$/.exec(path);
  if (!m) return null;
  return m[3] !== undefined ? { accountId: Number(m[1]), byPhone: true, pqrId: Number(m[3]) } : { accountId: Number(m[1]), byPhone: m[2] !== undefined };
}
