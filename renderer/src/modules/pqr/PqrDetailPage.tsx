/** PLACEHOLDER: the PQR screens engineer replaces this. */
export function PqrDetailPage(_props: { pqrId: number }) {
  return null;
}
