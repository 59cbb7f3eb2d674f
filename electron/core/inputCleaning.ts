/**
 * Names and texts arrive clean at every handler (issue 12): before an input is parsed, every string
 * in it loses its control characters and its bidirectional overrides, so that a name cannot hide
 * text (U+202E, right-to-left override, reverses what follows on screen and on paper), break a line of a paper or a CSV, or
 * carry a NUL into the database. Cleaning before parsing means a field that held only such
 * characters is then empty, and its schema refuses it as any empty field.
 *
 * Kept as they are: passwords (a password is what the person typed, byte for byte), file payloads
 * (base64 and data URLs), a database URL (it carries a password) and the raw scanner code of the
 * payment screen (GS1 barcodes separate their fields with the GS control character).
 *
 * Removed: C0 controls except tab, line feed and carriage return (multi-line texts keep their
 * lines); DEL and the C1 controls; the bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) and the invisible direction marks (U+200E, U+200F, U+061C).
 */

// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** keys whose strings are kept byte for byte, in every handler */
const RAW_KEYS = new Set(['dataBase64', 'base64', 'logoDataUrl', 'url']);
/** keys kept byte for byte in one handler */
const RAW_IN: Readonly<Record<string, readonly string[]>> = { 'cashier.scan': ['code'] };

/** deeper than this, an input is left as it is (no schema nests so deep: the parse refuses it) */
const MAX_DEPTH = 32;

/** a string without control characters and bidi overrides */
export function cleanText(text: string): string {
  return text.replace(UNWANTED, '');
}

function isRaw(handler: string, key: string): boolean {
  return RAW_KEYS.has(key) || /password/i.test(key) || (RAW_IN[handler]?.includes(key) ?? false);
}

function clean(handler: string, value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => clean(handler, item, depth + 1));
  // own enumerable keys into a new plain object (Object.fromEntries defines them: a "__proto__" key stays a key)
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, isRaw(handler, key) ? item : clean(handler, item, depth + 1)]));
}

/** The input of `handler` with every string cleaned, except passwords and file payloads. */
export function withoutControlCharacters(handler: string, input: unknown): unknown {
  return clean(handler, input, 0);
}
