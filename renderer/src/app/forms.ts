/**
 * Form helpers shared by every screen: the same zod schemas the back office uses check the form
 * before it is sent (same Spanish messages), and an error from the back office is spread over the
 * inputs through its `fields` (dotted paths such as `company.nit`).
 */
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { notifications } from '@mantine/notifications';
import { ApiCallError } from '../api/client';
import type { ApiError } from '../../../shared/result';

export type FieldErrors = Record<string, string>;

/** zod issues → { 'company.nit': 'NIT inválido…' }, keys prefixed when the form is part of a larger input. */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '_';
    if (!fields[key]) fields[key] = issue.message;
  }
  return fields;
}

/** Parses values with a schema: the parsed data, or the field errors. */
export function check<S extends z.ZodType>(
  schema: S,
  values: unknown,
  prefix = '',
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(values);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: zodFieldErrors(parsed.error, prefix) };
}

/** The ApiError behind anything a `send` may throw. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiCallError) return error.error;
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}

export function notifyError(error: unknown): void {
  notifications.show({ color: 'red', message: apiErrorOf(error).message, autoClose: 7000 });
}

/** A form's values and errors, with a setter per field that clears that field's error. */
export function useForm<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      if (!((key as string) in e)) return e;
      const next = { ...e };
      delete next[key as string];
      return next;
    });
  }, []);
  return { values, setValues, set, errors, setErrors };
}

/** Text inputs' onChange: `onChange={text((v) => set('name', v))}`. */
export const text =
  (apply: (value: string) => void) =>
  (event: { currentTarget: { value: string } }): void =>
    apply(event.currentTarget.value);
