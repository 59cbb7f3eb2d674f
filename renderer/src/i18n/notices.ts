/** Avisos y cartas de cobro: the module's texts (Spanish first; English must have the same keys). */
export const noticesEs = {};

export const noticesEn: Record<keyof typeof noticesEs, string> = {};
