/** Uppercase, no accents, single spaces: the form names and addresses are searched in. */
export function normalizeForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9#\- ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
