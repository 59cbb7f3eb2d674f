/** Informes PQR: the module's texts (Spanish first; English must have the same keys). */
export const pqrReportsEs = {};

export const pqrReportsEn: Record<keyof typeof pqrReportsEs, string> = {};
