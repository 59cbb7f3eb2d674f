/** Impresión de facturas: the module's texts (Spanish first; English must have the same keys). */
export const invoicingEs = {};

export const invoicingEn: Record<keyof typeof invoicingEs, string> = {};
