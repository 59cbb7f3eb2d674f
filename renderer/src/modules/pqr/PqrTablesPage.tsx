/** PLACEHOLDER: the PQR screens engineer replaces this. */
export function PqrTablesPage() {
  return null;
}
