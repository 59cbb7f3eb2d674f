/**
 * The legal-rules tests of issue 13: a back office with an auxiliar (Laura Méndez) and a coordinator
 * (Carolina Ruiz) of the office, and a clock moved with fake Date (only Date: timers and I/O run
 * normally) to act on chosen days and hours of Bogotá (UTC−5, no daylight saving).
 */
import { vi } from 'vitest';
import { createInitializedBackOffice, createUserReady, type TestBackOffice } from './backoffice';
import { answerCounts } from './pqr';

export type LegalT = TestBackOffice & { adminToken: string; officeId: number };

const PASSWORD = 'clave-de-prueba';

export interface Desk {
  t: LegalT;
  aux: string;
  coord: string;
  auxId: number;
  /** moves the clock to `date` at `time` in Bogotá and logs both in again (sessions expire after 12 h) */
  on(date: string, time?: string): Promise<void>;
}

export async function legalDesk(): Promise<Desk> {
  const t = (await createInitializedBackOffice()) as LegalT;
  for (const [username, role, fullName] of [
    ['laura', 'auxiliar', 'Laura Méndez'],
    ['coord', 'coordinador', 'Carolina Ruiz'],
  ] as const) {
    await createUserReady(t, { fullName, username, officeId: t.officeId, role, password: PASSWORD });
  }
  const auxRow: { id: number } = await t.app.db('users').where({ username: 'laura' }).first('id');
  const desk: Desk = {
    t,
    aux: '',
    coord: '',
    auxId: Number(auxRow.id),
    async on(date: string, time = '10:00') {
      const [h, m] = time.split(':').map(Number);
      vi.useFakeTimers({ toFake: ['Date'] });
      // Bogotá is UTC−5 all year
      vi.setSystemTime(new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h + 5, m)));
      const login = async (username: string) => (await t.ok('auth.login', { username, password: PASSWORD })).token;
      desk.aux = await login('laura');
      desk.coord = await login('coord');
    },
  };
  return desk;
}

export async function closeDesk(desk: Desk | undefined): Promise<void> {
  vi.useRealTimers();
  await desk?.t.close();
}

/** the rows of the PQR tables and the PQR's own columns, to show that a refusal wrote nothing */
export async function snapshotOf(t: LegalT, pqrId?: number): Promise<Record<string, unknown>> {
  const counts = await answerCounts(t);
  // logins write audit rows of their own: leave them out
  const [{ n }] = await t.app.db('audit_log').whereNot('action', 'like', 'auth.%').count<{ n: number | string }[]>({ n: '*' });
  const { audit_log: _all, ...rest } = counts;
  const row = pqrId === undefined ? null : await t.app.db('pqrs').where({ id: pqrId }).first();
  if (row) delete row.updated_at;
  return { ...rest, audit: Number(n), row };
}
