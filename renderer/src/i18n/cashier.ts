/** The cashier module's texts (Spanish first; English must have the same keys). */
export const cashierEs = {
} as const;

export const cashierEn: Record<keyof typeof cashierEs, string> = {
};
