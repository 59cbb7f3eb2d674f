/**
 * Letters agree in gender with the kind of request (issue 14, finding 6): "su reclamo radicado",
 * "su petición radicada", "su acción de tutela radicada" — in the answer's subject and body, in the
 * citación and the aviso; and the templates of a database made before the fix are fixed by
 * migration 022 wherever the administrator left the old words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { filePqr } from '../helpers/pqr';
import * as m022 from '../../electron/core/db/migrations/022_counter';
import { PQR_TYPE_GENDER, PQR_TYPE_LABELS } from '../../electron/core/documents/labels';
import { PQR_TYPES } from '../../shared/contract';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let clerk: string;

beforeEach(async () => {
  t = await createInitializedBackOffice();
  clerk = await createUserReady(t, { fullName: 'Laura Méndez', username: 'laura', officeId: t.officeId, role: 'coordinador', password: 'clave-de-prueba' });
});
afterEach(async () => {
  await t.close();
});

async function answerOf(type: (typeof PQR_TYPES)[number]) {
  const { pqr } = await filePqr(t, clerk, { type });
  const [template] = await t.ok('pqr.answerTemplates', { pqrId: pqr.id }, clerk);
  return { pqr, template };
}

describe('the words around the kind of request agree with it', () => {
  it('reclamo → "su reclamo radicado"; petición → "su petición radicada"; tutela → "su acción de tutela radicada"', async () => {
    const reclamo = await answerOf('reclamo');
    expect(reclamo.template.subject).toBe(`Respuesta a su reclamo radicado con el No. ${reclamo.pqr.radicado}`);
    expect(reclamo.template.body).toContain('En atención a su reclamo radicado el ');
    const peticion = await answerOf('peticion');
    expect(peticion.template.subject).toBe(`Respuesta a su petición radicada con el No. ${peticion.pqr.radicado}`);
    const tutela = await answerOf('tutela');
    expect(tutela.template.body).toContain('En atención a su acción de tutela radicada el ');
    const queja = await answerOf('queja');
    expect(queja.template.subject).toBe(`Respuesta a su queja radicada con el No. ${queja.pqr.radicado}`);
  });

  it('every kind has a gender, and no shipped template says "{{tipo}} radicada" any more', async () => {
    for (const type of PQR_TYPES) expect(PQR_TYPE_GENDER[type], PQR_TYPE_LABELS[type]).toMatch(/^[mf]$/);
    const rows: { subject: string; body: string }[] = await t.app.db('letter_templates').select('subject', 'body');
    for (const r of rows) expect(`${r.subject}\n${r.body}`).not.toContain('{{tipo}} radicada');
  });

  it('migration 022 fixes a template of an older database (gender, one spelling of periodo), keeping the administrator\'s own words', async () => {
    const id = Number((await t.app.db('letter_templates').where({ kind: 'pqr_citacion' }).first('id')).id);
    await t.app.db('letter_templates').where({ id }).update({ subject: 'Citación — su {{tipo}} radicada', body: 'Texto propio de la empresa sobre su {{tipo}} radicada el {{fecha_radicacion}}, del período facturado.' });
    await m022.up(t.app.db);
    expect(await t.app.db('letter_templates').where({ id }).first('subject', 'body')).toEqual({
      subject: 'Citación — su {{tipo}} {{radicada}}',
      body: 'Texto propio de la empresa sobre su {{tipo}} {{radicada}} el {{fecha_radicacion}}, del periodo facturado.',
    });
  });
});
