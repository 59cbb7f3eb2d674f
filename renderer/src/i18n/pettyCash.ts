/** Caja menor: the module's texts (Spanish first; English must have the same keys). */
export const pettyCashEs = {};

export const pettyCashEn: Record<keyof typeof pettyCashEs, string> = {};
