/**
 * The roles of the back office. Names are Spanish because they are the office's own words. The
 * gestor de cobro works the collections (telecobro) desk; the coordinator supervises them.
 */
export const ROLES = ['cajero', 'auxiliar', 'gestor', 'coordinador', 'administrador'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  cajero: 'Cajero',
  auxiliar: 'Auxiliar comercial',
  gestor: 'Gestor de cobro',
  coordinador: 'Coordinador de oficina',
  administrador: 'Administrador',
};
