/** The agreements report as a CSV for a spreadsheet in Spanish (semicolons, a BOM): one row per agreement, money in pesos. */
import type { AgreementReport, DocumentFile } from '../../../../shared/contract';
import { csvFile } from '../../documents/csv';

const STATE_NAMES: Record<string, string> = {
  pendiente: 'Pendiente de cuota inicial',
  activo: 'Activo',
  cumplido: 'Cumplido',
  incumplido: 'Incumplido',
  vencido: 'Vencido',
  anulado: 'Anulado',
};
const HEADER = ['Acuerdo', 'Oficina', 'Fecha de firma', 'Cuenta', 'Suscriptor', 'Estado', 'Deuda financiada', 'Cuota inicial', 'Financiado', 'Intereses', 'Cuotas por pagar'] as const;

export function agreementsReportCsv(report: AgreementReport, name: string): DocumentFile {
  const rows = report.rows.map((r) => [
    r.number,
    r.officeCode,
    r.businessDate,
    r.accountNumber,
    r.holderName,
    r.state === 'activo' && r.health === 'en_mora' ? 'En mora' : (STATE_NAMES[r.state] ?? r.state),
    r.debtTotal,
    r.downPayment,
    r.financed,
    r.totalInterest,
    r.outstanding,
  ]);
  return csvFile(`${name}.csv`, rows, { separator: ';', bom: true, header: HEADER, numeric: [6, 7, 8, 9, 10] });
}
