/** Impresoras: the module's texts (Spanish first; English must have the same keys). */
export const printingEs = {};

export const printingEn: Record<keyof typeof printingEs, string> = {};
