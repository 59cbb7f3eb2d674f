/** `report sui-formato-a` from the admin console: the file written, its rows, refusals in Spanish. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { runCliHere } from '../helpers/cli';
import { causalId, filePqr } from '../helpers/pqr';
import { backdatePqr, writeApprovedAnswer } from '../helpers/pqr-reports';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let radicados: string[] = [];

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const aux = await loginAs(t, 'auxiliar');
  const causal = await causalId(t, '120');
  for (const [filed, answered] of [['2026-09-02', '2026-09-10'], ['2026-09-04', null], ['2026-08-28', null]] as const) {
    const { pqr } = await filePqr(t, aux, { type: 'reclamo', causalId: causal });
    await backdatePqr(t, pqr.id, filed, '2026-09-30');
    if (answered) await writeApprovedAnswer(t, pqr.id, 'accede', answered);
    radicados.push(pqr.radicado);
  }
  radicados = [radicados[2], radicados[0], radicados[1]]; // by filing date
}, 60_000);
afterAll(() => t.close());

const cli = (...args: string[]) => runCliHere(args, t.target);

describe('report sui-formato-a', () => {
  it('writes the month file and says how many rows it has', async () => {
    const out = path.join(t.dir, 'sui', 'formato-a-2026-09.csv');
    const r = await cli('report', 'sui-formato-a', '--month', '2026-09', '--office', 'gar', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SUI Formato A de 2026-09, oficina GAR: 3 filas, de ellas 1 pendientes de meses anteriores.');
    const lines = fs.readFileSync(out, 'utf8').split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => l.split(',')[3])).toEqual(radicados);
    expect(lines[1].split(',').slice(10, 12)).toEqual(['1', '10-09-2026']);
    const json = await cli('report', 'sui-formato-a', '--month', '2026-09', '--out', out, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ month: '2026-09', office: null, rows: 3, pendingFromEarlier: 1 });
  });

  it('refuses a wrong month, office or file name in Spanish, writing nothing', async () => {
    const out = path.join(t.dir, 'nada.csv');
    expect(await cli('report', 'sui-formato-a', '--month', '2026-9', '--out', out)).toMatchObject({ code: 2, stderr: expect.stringContaining('Mes inválido: «2026-9»') });
    expect(await cli('report', 'sui-formato-a', '--month', '2026-09', '--office', 'XXX', '--out', out)).toMatchObject({ code: 1, stderr: expect.stringContaining('No existe la oficina «XXX»') });
    expect(await cli('report', 'sui-formato-a', '--month', '2026-09', '--out', path.join(t.dir, 'nada.pdf'))).toMatchObject({ code: 2, stderr: expect.stringContaining('debe terminar en .csv') });
    expect(await cli('report', 'sui-formato-a', '--out', out)).toMatchObject({ code: 2, stderr: expect.stringContaining('Falta la opción --month') });
    expect(fs.existsSync(out)).toBe(false);
  });
});
