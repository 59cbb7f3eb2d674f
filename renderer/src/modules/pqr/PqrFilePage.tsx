/** PLACEHOLDER: the PQR screens engineer replaces this. */
export function PqrFilePage() {
  return null;
}
