/**
 * Every handler of the table refuses malformed input before it runs: generated from the handler
 * table and the contract's schemas, each handler receives its sample payload with an unknown
 * field, each string replaced by a 1 MB one, and each field replaced by a value of the wrong type.
 * Every one must come back as VALIDATION with a Spanish message, and the database must not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { listTables } from '../../electron/core/db/dialect';
import { handlers } from '../../electron/core/handlers';
import { inputSchemas, type HandlerName } from '../../shared/contract';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import type { Role } from '../../shared/roles';
import { HANDLER_SAMPLES, sampleOf } from '../property/handler-samples';
import { fieldsOf, objectPathsOf, unboundedPaths, withField, type FieldInfo } from '../property/schema-walk';

const NAMES = Object.keys(handlers).sort() as HandlerName[];
const ONE_MB = 1024 * 1024;

interface Malformed {
  what: string;
  payload: unknown;
}

/** Wrong values for a field of this kind: another type, an object, null, a list. */
function wrongValues(field: FieldInfo): { what: string; value: unknown }[] {
  const other: Record<FieldInfo['kind'], unknown> = {
    string: 12345,
    number: '12345',
    boolean: 'true',
    enum: 12345,
    object: 'texto',
    array: 'texto',
    other: Symbol.for('skip'),
  };
  const values = [
    { what: 'otro tipo', value: other[field.kind] },
    { what: 'null', value: null },
    { what: 'objeto', value: { a: 1 } },
    { what: 'lista', value: ['a'] },
  ];
  return values.filter((v) => v.value !== Symbol.for('skip') && !(field.kind === 'array' && v.what === 'lista'));
}

/** The malformed payloads for one handler, built from its sample and its schema. */
function malformedPayloads(name: HandlerName): Malformed[] {
  const sample = sampleOf(name);
  const schema = inputSchemas[name];
  const list: Malformed[] = [];
  for (const path of objectPathsOf(schema)) {
    const where = path.length ? path.join('.') : 'la raíz';
    list.push({ what: `campo desconocido en ${where}`, payload: withField(sample, [...path, 'campoDesconocido'], 'x') });
  }
  for (const field of fieldsOf(schema)) {
    const at = field.path.join('.');
    if (field.kind === 'string') {
      const size = Math.max(ONE_MB, (field.maxLength ?? 0) + 1);
      list.push({ what: `${at} de ${size} caracteres`, payload: withField(sample, field.path, 'a'.repeat(size)) });
    }
    for (const { what, value } of wrongValues(field)) list.push({ what: `${at} = ${what}`, payload: withField(sample, field.path, value) });
  }
  // the whole payload of the wrong type (a missing payload, null or undefined, counts as {})
  for (const payload of ['texto', 42, true, [sample]]) list.push({ what: `la carga entera es ${JSON.stringify(payload).slice(0, 20)}`, payload });
  return list;
}

/** Rows in every table: a malformed call must leave all of them as they were. */
async function tableCounts(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await listTables(db)) counts[name] = Number((await db(name).count({ n: '*' }))[0].n);
  return counts;
}

describe('the samples the generated tests use', () => {
  it('cover every handler of the table, and every sample is valid for its schema', () => {
    expect(Object.keys(inputSchemas).sort()).toEqual(NAMES);
    const missing = NAMES.filter((name) => HANDLER_SAMPLES[name] === undefined);
    expect(missing, 'handlers sin ejemplo en tests/property/handler-samples.ts').toEqual([]);
    const invalid = NAMES.filter((name) => !inputSchemas[name].safeParse(HANDLER_SAMPLES[name]).success);
    expect(invalid, 'ejemplos que su propio esquema rechaza').toEqual([]);
    expect(Object.keys(HANDLER_SAMPLES).filter((name) => !(name in handlers)), 'ejemplos de handlers que ya no existen').toEqual([]);
  });

  it('every string and every list in every input schema has a maximum length', () => {
    const unbounded = NAMES.flatMap((name) => unboundedPaths(inputSchemas[name]).map((path) => `${name}: ${path}`));
    expect(unbounded).toEqual([]);
  });
});

describe('malformed payloads', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let calls = 0;
  /** a session per role: each handler is called by a role it allows (the counter's are not the administrator's) */
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    tokens.set('administrador', t.adminToken);
    for (const role of ['cajero', 'auxiliar', 'coordinador'] as const) tokens.set(role, await loginAs(t, role));
  });

  function tokenFor(name: HandlerName): { role: string; token: string } {
    const access = handlers[name].access;
    const role: Role = Array.isArray(access) && !access.includes('administrador') ? (access as readonly Role[])[0] : 'administrador';
    return { role, token: tokens.get(role) ?? t.adminToken };
  }
  afterAll(async () => {
    await t.close();
    console.log(`[handler-schemas] ${calls} cargas malformadas enviadas a ${NAMES.length} handlers`);
  });

  /** Sends every malformed payload; returns the ones not refused as VALIDATION in Spanish. */
  async function sendAll(name: HandlerName, token: string | null): Promise<string[]> {
    const wrong: string[] = [];
    for (const { what, payload } of malformedPayloads(name)) {
      calls++;
      const result = await t.call(name, payload as never, token);
      if (result.ok) wrong.push(`${what}: aceptado`);
      else if (result.error.code !== 'VALIDATION') wrong.push(`${what}: ${result.error.code} ${result.error.message.slice(0, 80)}`);
      else if (!/^Datos inválidos/.test(result.error.message)) wrong.push(`${what}: mensaje «${result.error.message.slice(0, 80)}»`);
    }
    return wrong;
  }

  it.each(NAMES)('%s refuses each one with VALIDATION and writes nothing', async (name) => {
    const before = await tableCounts(t.app.db);
    const { role, token } = tokenFor(name);
    expect(await sendAll(name, token), `como ${role}`).toEqual([]);
    if (handlers[name].access === 'public') expect(await sendAll(name, null), 'sin sesión').toEqual([]);
    expect(await tableCounts(t.app.db)).toEqual(before);
    // the caller's session is intact: nothing ran
    expect(t.app.sessions.get(token)?.locked).toBe(false);
  });
});
