/** The PQR module's texts (Spanish first; English must have the same keys). */
export const pqrEs = {
} as const;

export const pqrEn: Record<keyof typeof pqrEs, string> = {
};
