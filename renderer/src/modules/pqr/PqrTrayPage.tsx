/** PLACEHOLDER: the PQR screens engineer replaces this. */
export function PqrTrayPage() {
  return null;
}
