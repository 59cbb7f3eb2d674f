/**
 * Reads the input schemas of the contract (zod 4) the way the generated tests need them: every
 * field with its path, its kind and its maximum length, so that the tests can build wrong-typed
 * and oversize payloads for any handler, including the ones added later.
 */
import type { z } from 'zod';

export type FieldKind = 'string' | 'number' | 'boolean' | 'enum' | 'object' | 'array' | 'other';

export interface FieldInfo {
  /** keys from the payload's root */
  path: string[];
  kind: FieldKind;
  /** for strings and arrays: the maximum length the schema accepts, or null when unbounded */
  maxLength: number | null;
  /** false for fields the payload may leave out */
  required: boolean;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  valueType?: z.ZodType;
  checks?: { _zod: { def: { check: string; maximum?: number; length?: number } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Wrappers that do not change what the field holds. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema under optional/default/… and the input side of a pipe. */
export function unwrap(schema: z.ZodType): { schema: z.ZodType; required: boolean } {
  let required = true;
  for (;;) {
    const def = defOf(schema);
    if (WRAPPERS.has(def.type) && def.innerType) {
      if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') required = false;
      schema = def.innerType;
    } else if (def.type === 'pipe' && def.in) schema = def.in;
    else if (def.type === 'lazy' && def.getter) schema = def.getter();
    else return { schema, required };
  }
}

function kindOf(type: string): FieldKind {
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'enum' || type === 'object' || type === 'array') return type;
  return 'other';
}

/** The largest length a string or array schema accepts (max or exact length), or null. */
export function maxLengthOf(schema: z.ZodType): number | null {
  let max: number | null = null;
  for (const check of defOf(schema).checks ?? []) {
    const d = check._zod.def;
    const limit = d.check === 'max_length' ? d.maximum : d.check === 'length_equals' ? d.length : undefined;
    if (limit !== undefined) max = max === null ? limit : Math.min(max, limit);
  }
  return max;
}

/** Every field of an object schema, nested objects included (their own fields follow them). */
export function fieldsOf(schema: z.ZodType, path: string[] = []): FieldInfo[] {
  const root = unwrap(schema).schema;
  const def = defOf(root);
  if (def.type !== 'object' || !def.shape) return [];
  const fields: FieldInfo[] = [];
  for (const [key, child] of Object.entries(def.shape)) {
    const { schema: inner, required } = unwrap(child);
    const kind = kindOf(defOf(inner).type);
    const childPath = [...path, key];
    fields.push({ path: childPath, kind, maxLength: kind === 'string' || kind === 'array' ? maxLengthOf(inner) : null, required });
    if (kind === 'object') fields.push(...fieldsOf(inner, childPath));
  }
  return fields;
}

/** Paths (dotted, '' for the root) of every object in the schema, the root included. */
export function objectPathsOf(schema: z.ZodType): string[][] {
  return [[], ...fieldsOf(schema).filter((f) => f.kind === 'object').map((f) => f.path)];
}

/**
 * Strings and lists anywhere in a schema that accept any length: each is a way to make the back
 * office hold or scan an arbitrarily large value before any rule refuses it.
 */
export function unboundedPaths(schema: z.ZodType, path = '(raíz)'): string[] {
  const { schema: inner } = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'string':
      return maxLengthOf(inner) === null ? [path] : [];
    case 'array':
      return [...(maxLengthOf(inner) === null ? [path] : []), ...unboundedPaths(def.element!, `${path}[]`)];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => unboundedPaths(child, path === '(raíz)' ? key : `${path}.${key}`));
    case 'union':
      return (def.options ?? []).flatMap((o, i) => unboundedPaths(o, `${path}|${i}`));
    case 'intersection':
      return [...unboundedPaths(def.left!, path), ...unboundedPaths(def.right!, path)];
    case 'tuple':
      return (def.items ?? []).flatMap((item, i) => unboundedPaths(item, `${path}[${i}]`));
    case 'record':
      return [`${path} (registro sin límite de claves)`, ...unboundedPaths(def.valueType!, `${path}{}`)];
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'null':
    case 'undefined':
      return [];
    default:
      return [`${path} (tipo «${def.type}» sin revisar: amplíe tests/property/schema-walk.ts)`];
  }
}

/** A copy of `value` with the field at `path` set to `replacement`. */
export function withField(value: Record<string, unknown>, path: string[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let target = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[path[path.length - 1]] = replacement;
  return copy;
}

/** The object at `path` inside `value` (the root for []). */
export function objectAt(value: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let target = value;
  for (const key of path) target = target[key] as Record<string, unknown>;
  return target;
}
