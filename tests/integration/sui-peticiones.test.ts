/**
 * Issue 13, rule 9: the SUI Formato A reports the peticiones about the service contract (Ley 142,
 * tipo de trámite 7 of resources/tables/sui-formato-a.json) besides reclamos, quejas and recursos,
 * and is written with or without a header line (resources/samples/SUI-FORMATO-A.md). General
 * peticiones (Ley 1755) stay out. The clock is moved to September 2026 (fake Date).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAccount } from '../helpers/accounts';
import { filePqr } from '../helpers/pqr';
import { csvRows } from '../helpers/pqr-reports';
import { closeDesk, legalDesk, type Desk } from '../helpers/pqr-legal';
import { SUI_HEADER } from '../../electron/core/modules/pqrreports/suiFormatoA';

let d: Desk;

beforeEach(async () => {
  d = await legalDesk();
});
afterEach(async () => closeDesk(d));

describe('SUI Formato A: peticiones and the header', () => {
  it('a petición about the service is reported with tipo de trámite 7; a general petición is not; with the header its 16 names come first', async () => {
    await d.on('2026-09-03');
    const accountId = await insertAccount(d.t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const service = (await filePqr(d.t, d.aux, { type: 'peticion', accountId, subject: 'Cambio de nombre del suscriptor' })).pqr;
    // a petición with an account may still be declared outside the service contract
    const outside = (await filePqr(d.t, d.aux, { type: 'peticion', accountId, aboutService: false, subject: 'Certificado laboral' })).pqr;
    const general = (await filePqr(d.t, d.aux, { type: 'peticion', subject: 'Hoja de vida' })).pqr;
    const reclamo = (await filePqr(d.t, d.aux, { type: 'reclamo', accountId })).pqr;
    expect([service.termKey, outside.termKey, general.termKey]).toEqual(['peticion_servicio', 'peticion', 'peticion']);

    const plain = await d.t.ok('pqrReports.suiFormatoA', { month: '2026-09' }, d.coord);
    expect(plain.header).toBe(false);
    const rows = csvRows(plain.file.base64);
    expect(rows.map((r) => r[3])).toEqual([service.radicado, reclamo.radicado]);
    // received Thu 3 Sep 2026, a petición (7) about account 100234, pending (9), notificación no aplica (3)
    expect(rows[0]).toEqual(['15', '15299', '15299000', service.radicado, '03-09-2026', '7', '', '', '100234', '', '9', '', '', '', '3', '']);
    expect(rows[1][5]).toBe('1');

    const withHeader = await d.t.ok('pqrReports.suiFormatoA', { month: '2026-09', header: true }, d.coord);
    expect(withHeader).toMatchObject({ header: true, rows: 2 });
    const lines = Buffer.from(withHeader.file.base64, 'base64').toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'DANE departamento,DANE municipio,DANE centro poblado,Radicado recibido,Fecha de radicación,Tipo de trámite,Causal,Detalle de la causal,Número de cuenta,Número de factura,Tipo de respuesta,Fecha de respuesta,Radicado de respuesta,Fecha de notificación o ejecución,Tipo de notificación,Fecha de traslado a la SSPD',
    );
    expect(lines[0].split(',')).toEqual([...SUI_HEADER]);
    expect(lines.slice(1, 3).map((l) => l.split(',')[3])).toEqual([service.radicado, reclamo.radicado]);
    // an empty month with the header is the header alone
    const empty = await d.t.ok('pqrReports.suiFormatoA', { month: '2026-05', header: true }, d.coord);
    expect(Buffer.from(empty.file.base64, 'base64').toString('utf8')).toBe(`${SUI_HEADER.join(',')}\r\n`);
  });
});
