/**
 * The letter-template editor: save (new and edit), unknown placeholders refused by name (nothing
 * written), deactivate instead of delete, the live preview of unsaved text, and the letterhead
 * settings every letter prints.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { pdfPageCount, pdfTextFlat } from '../helpers/pdf';
import { templatesOfKind } from '../../electron/core/modules/letters/templates';

type T = Awaited<ReturnType<typeof createInitializedBackOffice>>;
let t: T;

beforeEach(async () => {
  t = await createInitializedBackOffice();
});
afterEach(async () => {
  await t.close();
});

async function templateRows(): Promise<unknown[]> {
  return t.app.db('letter_templates').orderBy('id').select();
}

describe('letter templates', () => {
  it('lists the seeded templates of a kind, saves a new one and edits it, with an audit row each', async () => {
    const seeded = await t.ok('letters.templates', { kind: 'aviso_suspension' }, t.adminToken);
    expect(seeded).toHaveLength(1);
    expect(seeded[0].body).toContain('{{periodos}}');

    const created = await t.ok(
      'letters.saveTemplate',
      { kind: 'aviso_suspension', name: 'Aviso breve', subject: 'Aviso — cuenta {{cuenta}}', body: 'Señor(a) {{titular}}:\n\nDebe {{deuda}}.' },
      t.adminToken,
    );
    expect(created).toMatchObject({ kind: 'aviso_suspension', name: 'Aviso breve', active: true });
    const edited = await t.ok(
      'letters.saveTemplate',
      { templateId: created.id, kind: 'aviso_suspension', name: 'Aviso breve', subject: 'Aviso — cuenta {{cuenta}}', body: 'Señor(a) {{titular}}:\n\nDebe {{deuda}} desde hace {{dias_mora}} días.' },
      t.adminToken,
    );
    expect(edited.body).toContain('{{dias_mora}}');
    expect((await templatesOfKind(t.app.db, 'aviso_suspension')).map((x) => x.name)).toEqual(['Aviso breve', 'Aviso de suspensión']);
    const audits = await t.app.db('audit_log').whereIn('action', ['letters.template.create', 'letters.template.update']).orderBy('id');
    expect(audits.map((a) => a.action)).toEqual(['letters.template.create', 'letters.template.update']);

    // deactivated, never deleted: it leaves the active list (what the modules use) but stays in the editor
    await t.ok('letters.saveTemplate', { templateId: created.id, kind: 'aviso_suspension', name: 'Aviso breve', subject: edited.subject, body: edited.body, active: false }, t.adminToken);
    expect((await templatesOfKind(t.app.db, 'aviso_suspension')).map((x) => x.name)).toEqual(['Aviso de suspensión']);
    expect((await t.ok('letters.templates', { kind: 'aviso_suspension' }, t.adminToken)).map((x) => [x.name, x.active])).toEqual([
      ['Aviso de suspensión', true],
      ['Aviso breve', false],
    ]);
  });

  it('refuses a placeholder the kind does not know, naming it, and writes nothing', async () => {
    const before = await templateRows();
    const error = await expectRefusal(
      t.call(
        'letters.saveTemplate',
        { kind: 'cobro_persuasivo', name: 'Con radicado', subject: 'Cobro {{cuenta}}', body: 'Su PQR {{radicado}} y la deuda {{deuda}} y {{inventado}}.' },
        t.adminToken,
      ),
      'VALIDATION', 'La plantilla usa marcadores que «Cobro persuasivo» no conoce: {{radicado}}, {{inventado}}.');
    expect(error.fields?.body).toContain('{{radicado}}');
    expect(await templateRows()).toEqual(before);
    // the same name twice in a kind is refused too
    await expectRefusal(t.call('letters.saveTemplate', { kind: 'cobro_persuasivo', name: 'Cobro persuasivo', subject: 'x', body: 'y' }, t.adminToken), 'CONFLICT', 'Ya existe una plantilla «Cobro persuasivo» de Cobro persuasivo.');
    expect(await templateRows()).toEqual(before);
  });

  it('only the administrator saves; a coordinator reads and previews', async () => {
    const coord = await loginAs(t, 'coordinador');
    expect((await t.ok('letters.templates', {}, coord)).length).toBeGreaterThan(5);
    await expectForbidden(t.call('letters.saveTemplate', { kind: 'cobro_persuasivo', name: 'Otra', subject: 'x', body: 'y' }, coord));
    const cashier = await loginAs(t, 'cajero');
    await expectForbidden(t.call('letters.templates', {}, cashier));
  });

  it('previews unsaved text filled with sample values, on the letterhead, with the signer, marked BORRADOR', async () => {
    await t.ok('letters.saveSettings', { signerName: 'Ana María Ruiz', signerTitle: 'Coordinadora comercial', footer: 'Línea de atención 116' }, t.adminToken);
    const preview = await t.ok(
      'letters.preview',
      { kind: 'aviso_suspension', subject: 'Aviso — cuenta {{cuenta}}', body: 'Señor(a) {{titular}}:\n\nDebe {{deuda}} de {{periodos}} periodos; se suspende el {{fecha_suspension}}. {{radicado}}' },
      t.adminToken,
    );
    expect(preview.unknown).toEqual(['radicado']);
    const pdf = Buffer.from(preview.file.base64, 'base64');
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfTextFlat(pdf);
    for (const expected of ['Aviso — cuenta 100234', 'María Fernanda Rojas Pérez', '$ 154.300', 'BORRADOR', 'Ana María Ruiz', 'Coordinadora comercial', 'Línea de atención 116', 'Aguas del Valle de Tenza', '[radicado]']) {
      expect(text).toContain(expected);
    }
    // nothing was saved by previewing
    expect(await t.ok('letters.templates', { kind: 'aviso_suspension' }, t.adminToken)).toHaveLength(1);
  });

  it('saves the letterhead settings without disturbing the other settings', async () => {
    expect(await t.ok('letters.settings', {}, t.adminToken)).toMatchObject({ signerName: '' });
    const settings = await t.ok('settings.get', {}, t.adminToken);
    await t.ok('settings.update', { ...settings, pazYSalvoValidityDays: 45 }, t.adminToken);
    await t.ok('letters.saveSettings', { signerName: 'Ana María Ruiz', signerTitle: 'Coordinadora', footer: 'Calle 10' }, t.adminToken);
    expect(await t.ok('letters.settings', {}, t.adminToken)).toEqual({ signerName: 'Ana María Ruiz', signerTitle: 'Coordinadora', footer: 'Calle 10' });
    expect((await t.ok('settings.get', {}, t.adminToken)).pazYSalvoValidityDays).toBe(45);
    expect(await t.app.db('audit_log').where({ action: 'letters.settings.update' }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }]);
  });
});
