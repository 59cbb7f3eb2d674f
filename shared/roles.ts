/** The four roles of the back office. Names are Spanish because they are the office's own words. */
export const ROLES = ['cajero', 'auxiliar', 'coordinador', 'administrador'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  cajero: 'Cajero',
  auxiliar: 'Auxiliar comercial',
  coordinador: 'Coordinador de oficina',
  administrador: 'Administrador',
};
