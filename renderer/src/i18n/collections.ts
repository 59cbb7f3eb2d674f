/** The collections module's texts (Spanish first; English must have the same keys). */
export const collectionsEs = {
} as const;

export const collectionsEn: Record<keyof typeof collectionsEs, string> = {
};
