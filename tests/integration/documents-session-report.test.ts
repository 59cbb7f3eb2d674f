/** The closing report's paper, read back with pdftotext: its numbers are the SessionReport's. */
import { describe, expect, it } from 'vitest';
import type { ReceiptListItem, SessionReport } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { sessionReportPdf } from '../../electron/core/documents/session-report';
import { pdfInfo, pdfText, pdfTextFlat } from '../helpers/pdf';

function receipts(n: number): ReceiptListItem[] {
  return Array.from({ length: n }, (_, i) => ({
    paymentId: i + 1,
    receiptNumber: i + 1,
    receiptLabel: `GAR-${String(i + 1).padStart(6, '0')}`,
    postedAt: '2026-11-20T15:42:00.000Z',
    accountNumber: String(100200 + i),
    holderName: 'RODRÍGUEZ CASTAÑEDA MARÍA FERNANDA',
    amount: 50_000 + i * 100,
    methods: i % 3 === 0 ? ['efectivo', 'tarjeta_debito'] : ['efectivo'],
    status: i === 4 ? 'anulado' : 'vigente',
  }));
}

function sampleReport(change: Partial<SessionReport> = {}, summary: Partial<SessionReport['summary']> = {}): SessionReport {
  return {
    session: {
      id: 12,
      officeId: 1,
      tillId: 1,
      tillName: 'Caja 1',
      cashierId: 3,
      cashierName: 'Andrés Felipe Becerra Ochoa',
      status: 'cerrada',
      businessDate: '2026-11-20',
      openedAt: '2026-11-20T12:00:00.000Z',
      openingFloat: 200_000,
      openingCount: [],
      closedAt: '2026-11-20T22:05:00.000Z',
      countedCash: 1_450_000,
      expectedCash: 1_452_300,
      difference: -2_300,
      forced: false,
      paymentCount: 6,
      collected: 3_900_000,
    },
    company: { name: 'Aguas del Valle de Tenza S.A. E.S.P.', nit: '900.123.456-8', logoDataUrl: '' },
    office: { code: 'GAR', name: 'Oficina Garagoa' },
    currency: 'COP',
    summary: {
      sessionId: 12,
      openingFloat: 200_000,
      cashReceived: '1554700',
      changeGiven: '47700',
      cashIn: '100000',
      cashOut: '300000',
      voidsCashReturned: '54700',
      expectedCash: '1452300',
      countedCash: 1_450_000,
      difference: '-2300',
      perMethod: [
        { method: 'efectivo', count: 5, amount: '1352300' },
        { method: 'tarjeta_debito', count: 2, amount: '2547700' },
      ],
      limit: 5_000,
      needsApproval: false,
      ...summary,
    },
    closingCount: [
      { kind: 'billete', value: 100_000, quantity: 10 },
      { kind: 'billete', value: 50_000, quantity: 8 },
      { kind: 'billete', value: 20_000, quantity: 2 },
      { kind: 'billete', value: 10_000, quantity: 1 },
      { kind: 'moneda', value: 500, quantity: 0 },
    ],
    receipts: receipts(6),
    voids: [{ paymentId: 5, receiptLabel: 'GAR-000005', amount: 54_700, cashReturned: 54_700, refundMethod: 'efectivo', refundReference: '', reason: 'Pago aplicado a la cuenta equivocada', approvedBy: 'Jorge Camargo', at: '2026-11-20T17:00:00.000Z' }],
    movements: [
      { id: 1, sessionId: 12, kind: 'salida', amount: 300_000, reason: 'consignacion_banco', note: 'Consignación Bancolombia', userName: 'cajero', createdAt: '2026-11-20T18:00:00.000Z' },
      { id: 2, sessionId: 12, kind: 'entrada', amount: 100_000, reason: 'fondo_de_cambio', note: '', userName: 'cajero', createdAt: '2026-11-20T13:00:00.000Z' },
    ],
    approvedBy: null,
    closeNote: '',
    timeZone: 'America/Bogota',
    ...change,
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a label followed by its amount on the same printed line */
const line = (label: string, amount: number | string) => new RegExp(`${escape(label)} ${escape(formatMoney(amount))}`);

describe('the closing report', () => {
  it('prints the arithmetic with the numbers of the report and names the difference FALTANTE', async () => {
    const report = sampleReport();
    const text = pdfTextFlat(await sessionReportPdf(report));
    const s = report.summary;
    expect(text).toContain('INFORME DE CIERRE DE CAJA');
    expect(text).toContain('Turno No. 12 · Caja 1 · 20/11/2026');
    expect(text).toMatch(line('Saldo inicial (base)', s.openingFloat));
    expect(text).toMatch(line('(+) Efectivo recibido', s.cashReceived));
    expect(text).toMatch(line('(-) Cambio entregado', s.changeGiven));
    expect(text).toMatch(line('(+) Entradas de efectivo', s.cashIn));
    expect(text).toMatch(line('(-) Salidas de efectivo', s.cashOut));
    expect(text).toMatch(line('(-) Devoluciones por anulación', s.voidsCashReturned));
    expect(text).toMatch(line('(=) Efectivo esperado', s.expectedCash));
    expect(text).toMatch(line('Efectivo contado', s.countedCash));
    expect(text).toMatch(line('Diferencia: FALTANTE', 2_300));
    expect(text).toMatch(line('Efectivo 5', 1_352_300));
    expect(text).toMatch(line('Tarjeta débito 2', 2_547_700));
    expect(text).toMatch(line('TOTAL 7', 3_900_000));
    expect(text).toMatch(line('Billete de $ 100.000 10', 1_000_000));
    expect(text).toMatch(line('TOTAL CONTADO', 1_450_000));
    expect(text).toContain('07:00'); // opened at 12:00 UTC, shown in Bogotá
    expect(text).toContain('Firma del cajero');
    expect(text).toContain('Firma del coordinador');
  });

  it('lists every receipt (the voided one marked), every void and every movement', async () => {
    const text = pdfTextFlat(await sessionReportPdf(sampleReport()));
    for (let i = 1; i <= 6; i++) expect(text).toContain(`GAR-00000${i}`);
    expect(text).toMatch(/GAR-000005 .*ANULADO/);
    expect(text).toContain('Pago aplicado a la cuenta equivocada');
    expect(text).toContain('Consignación en banco');
    expect(text).toContain('Consignación Bancolombia');
    expect(text).toContain('Fondo de cambio');
  });

  it('a surplus is SOBRANTE; a forced close and the approver are named', async () => {
    const report = sampleReport({ approvedBy: 'Jorge Enrique Camargo Vargas', session: { ...sampleReport().session, forced: true } }, { countedCash: 1_460_000, difference: '7700', needsApproval: true });
    const text = pdfTextFlat(await sessionReportPdf(report));
    expect(text).toMatch(line('Diferencia: SOBRANTE', 7_700));
    expect(text).toContain('FORZADO por coordinador');
    expect(text).toContain('Jorge Enrique Camargo Vargas');
    expect(text).toMatch(/supera el límite de \$ 5\.000: requiere\s+aprobación\s+del\s+coordinador/);
  });

  it('a long day runs over several pages, each numbered "Página n de m"', async () => {
    const pdf = await sessionReportPdf(sampleReport({ receipts: receipts(120) }));
    const { pages, width, height } = pdfInfo(pdf);
    expect([width, height]).toEqual([612, 792]);
    expect(pages).toBeGreaterThan(2);
    const text = pdfText(pdf);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Página ${n} de ${pages}`);
    expect(text).toContain('GAR-000120');
    expect(text.indexOf('Firma del cajero')).toBeGreaterThan(text.indexOf('GAR-000120'));
  });

  it('an empty session says so instead of empty tables', async () => {
    const text = pdfTextFlat(await sessionReportPdf(sampleReport({ receipts: [], voids: [], movements: [], closingCount: null })));
    expect(text).toContain('No se recibieron pagos en este turno.');
    expect(text).toContain('Sin anulaciones.');
    expect(text).toContain('Sin movimientos de efectivo.');
  });
});
