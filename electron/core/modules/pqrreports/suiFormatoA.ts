/**
 * SUI "Formato A" (Resolución SSPD 20151300054575): the monthly file of the PQRs of reported types
 * (the terms table's rows with a `suiTramite` in resources/tables/sui-formato-a.json, the peticiones
 * about the service among them) that were filed or answered in the month, plus those filed earlier
 * and still unanswered. Each row shows the PQR as it stood on the last day of the month; column 5 is
 * the day it was received (the term counts from it), and the PQRs entered on a later day are listed
 * in the result. A recognised silencio positivo and a desistimiento tácito are the decision of their
 * PQR. Layout (16 columns, with or without a header, comma, DD-MM-AAAA, CRLF) in
 * resources/samples/SUI-FORMATO-A.md.
 */
import type { Knex } from 'knex';
import { SUI_NOTIFICATION_CODES, SUI_RESPONSE_CODES, type AnswerDecision, type NotificationType, type PqrType, type SuiFormatoAResult, type TermKey } from '../../../../shared/contract';
import suiTable from '../../../../resources/tables/sui-formato-a.json';
import { csvFile, type CsvOptions } from '../../documents/csv';
import { listTerms } from '../pqr/catalog';
import { getCompany } from '../setup/service';
import { monthRange, reportOffice, type MonthRange } from './month';

/** tipo de respuesta for a PQR without an approved answer at the end of the month */
export const SUI_PENDING = 9;
/** … closed by then without an approved answer */
export const SUI_NO_ANSWER = 10;
/** tipo de notificación "no aplica" (only with 9 or 10) */
export const SUI_NOTIFICATION_NOT_APPLICABLE = 3;

export interface SuiRowData {
  id: number;
  type: PqrType;
  term_key: TermKey | null;
  radicado: string;
  filed_date: string;
  received_date: string | null;
  entered_late: number | boolean;
  silencio_recognized_on: string | null;
  silencio_radicado: string | null;
  desisted_on: string | null;
  desistimiento_radicado: string | null;
  closed_at: string | null;
  causal_group: string | null;
  causal_code: string | null;
  account_number: string | null;
  account_dane: string | null;
  office_dane: string;
  invoice_number: string | null;
  decision: AnswerDecision | null;
  answer_date: string | null;
  outgoing_radicado: string | null;
  notified_date: string | null;
  notification_type: NotificationType | null;
  sspd_sent_on: string | null;
}

/** the PQRs a month's file holds, oldest filing first; `types`: the reported ones */
/**
 * the ids of a month's file: reported types, not annulled, filed by the month's end, and filed in
 * the month, answered in it, sent to the SSPD in it, or unanswered and open when it began
 */
function monthIds(db: Knex, range: MonthRange, officeId: number | null, keys: TermKey[]): Knex.QueryBuilder {
  const q = db('pqrs as p2')
    .leftJoin('pqr_answers as a2', (j) => j.on('a2.pqr_id', 'p2.id').andOnVal('a2.state', 'aprobada'))
    .whereIn('p2.term_key', keys)
    .whereNot('p2.state', 'anulada')
    .where('p2.filed_date', '<=', range.to)
    .where((w) =>
      w
        .where('p2.filed_date', '>=', range.from)
        .orWhereBetween('a2.answer_date', [range.from, range.to])
        .orWhereBetween('p2.sspd_sent_on', [range.from, range.to])
        .orWhereBetween('p2.silencio_recognized_on', [range.from, range.to])
        .orWhere((pending) =>
          pending
            .where((x) => x.whereNull('a2.answer_date').orWhere('a2.answer_date', '>=', range.from))
            .where((x) => x.whereNull('p2.closed_at').orWhere('p2.closed_at', '>=', range.from)),
        ),
    )
    .select('p2.id');
  if (officeId !== null) q.where('p2.office_id', officeId);
  return q;
}

/**
 * the PQRs a month's file holds, oldest filing first; `types`: the reported ones. The ids are chosen
 * first on the PQR and answer columns alone, so the radicados, accounts and invoices are read only
 * for the rows of the file (measured: half the time of one query that joins everything first).
 */
export async function suiRows(db: Knex, range: MonthRange, officeId: number | null, keys: TermKey[]): Promise<SuiRowData[]> {
  const q = db('pqrs as p')
    .join('radicados as r', 'r.id', 'p.radicado_id')
    .join('offices as o', 'o.id', 'p.office_id')
    .leftJoin('sui_causales as c', 'c.id', 'p.causal_id')
    .leftJoin('accounts as acc', 'acc.id', 'p.account_id')
    .leftJoin('invoices as inv', 'inv.id', 'p.invoice_id')
    .leftJoin('pqr_answers as a', (j) => j.on('a.pqr_id', 'p.id').andOnVal('a.state', 'aprobada'))
    .leftJoin('radicados as ro', 'ro.id', 'a.outgoing_radicado_id')
    .leftJoin('correspondence as sl', 'sl.id', 'p.silencio_letter_id')
    .leftJoin('radicados as sr', 'sr.id', 'sl.radicado_id')
    .leftJoin('correspondence as dl', 'dl.id', 'p.desistimiento_letter_id')
    .leftJoin('radicados as dr', 'dr.id', 'dl.radicado_id')
    .whereIn('p.id', monthIds(db, range, officeId, keys))
    .orderBy('p.filed_date')
    .orderBy('r.number')
    .select(
      'p.id',
      'p.type',
      'p.term_key',
      'r.number as radicado',
      'p.filed_date',
      'p.received_date',
      'p.entered_late',
      'p.silencio_recognized_on',
      'sr.number as silencio_radicado',
      'p.desisted_on',
      'dr.number as desistimiento_radicado',
      'p.closed_at',
      'c.group as causal_group',
      'c.code as causal_code',
      'acc.number as account_number',
      'acc.city_dane as account_dane',
      'o.city_dane as office_dane',
      'inv.number as invoice_number',
      'a.decision',
      'a.answer_date',
      'ro.number as outgoing_radicado',
      'p.notified_date',
      'p.notification_type',
      'p.sspd_sent_on',
    );
  return (await q) as SuiRowData[];
}

/** 'YYYY-MM-DD' → 'DD-MM-YYYY'; empty when absent */
export function suiDate(date: string | null): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}-${m}-${y}`;
}

/** the decision a row reports as of the month's last day: a recognised silencio positivo, a desistimiento tácito, or the approved answer */
function decisionOf(row: SuiRowData, range: MonthRange): { code: number; date: string; radicado: string } | null {
  if (row.silencio_recognized_on !== null && row.silencio_recognized_on <= range.to) {
    return { code: suiTable.silencioPositivoResponse, date: row.silencio_recognized_on, radicado: row.silencio_radicado ?? '' };
  }
  if (row.desisted_on !== null && row.desisted_on <= range.to) return { code: suiTable.desistimientoResponse, date: row.desisted_on, radicado: row.desistimiento_radicado ?? '' };
  if (row.answer_date !== null && row.answer_date <= range.to && row.decision !== null) {
    return { code: SUI_RESPONSE_CODES[row.decision as AnswerDecision], date: row.answer_date, radicado: row.outgoing_radicado ?? '' };
  }
  return null;
}

/** the 16 fields of one row, as of the month's last day */
export function suiFields(row: SuiRowData, tramite: number, range: MonthRange): string[] {
  const dane = (row.account_dane || row.office_dane || '').padStart(5, '0');
  const decision = decisionOf(row, range);
  const answered = decision !== null;
  const closedUnanswered = !answered && row.closed_at !== null && row.closed_at.slice(0, 10) <= range.to;
  const notified = answered && row.answer_date !== null && row.notified_date !== null && row.notified_date <= range.to && row.notification_type !== null;
  let response: string;
  let notificationType = '';
  if (decision) {
    response = String(decision.code);
    if (notified) notificationType = String(SUI_NOTIFICATION_CODES[row.notification_type as NotificationType]);
  } else {
    response = String(closedUnanswered ? SUI_NO_ANSWER : SUI_PENDING);
    notificationType = String(SUI_NOTIFICATION_NOT_APPLICABLE);
  }
  return [
    dane.slice(0, 2),
    dane,
    `${dane}000`,
    row.radicado,
    suiDate(row.received_date ?? row.filed_date),
    String(tramite),
    row.causal_group ?? '',
    row.causal_code ?? '',
    row.account_number ?? '',
    row.invoice_number ?? '',
    response,
    decision ? suiDate(decision.date) : '',
    decision ? decision.radicado : '',
    notified ? suiDate(row.notified_date) : '',
    notificationType,
    row.sspd_sent_on !== null && row.sspd_sent_on <= range.to ? suiDate(row.sspd_sent_on) : '',
  ];
}

/** the 16 columns by name, for the refusals of the writer */
const SUI_COLUMNS = [
  'DANE departamento',
  'DANE municipio',
  'DANE centro poblado',
  'Radicado recibido',
  'Fecha de radicación',
  'Tipo de trámite',
  'Causal',
  'Detalle de la causal',
  'Número de cuenta',
  'Número de factura',
  'Tipo de respuesta',
  'Fecha de respuesta',
  'Radicado de respuesta',
  'Fecha de notificación',
  'Tipo de notificación',
  'Fecha de traslado a la SSPD',
];

/**
 * The file as the SUI takes it: comma, CRLF, no header, no BOM, through the one CSV writer. The
 * numeric columns (DANE codes, tipo de trámite, detalle de la causal, tipo de respuesta, tipo de
 * notificación) are validated as numbers, not escaped; every other cell is text (defused if it
 * starts like a formula).
 */
export const SUI_CSV: CsvOptions = { separator: ',', bom: false, columnNames: SUI_COLUMNS, numeric: [0, 1, 2, 5, 7, 10, 14] };

/** the header line the file has when asked for one (resources/tables/sui-formato-a.json) */
export const SUI_HEADER: readonly string[] = suiTable.header;

export async function suiFormatoA(db: Knex, month: string, officeId: number | null, options: { header?: boolean } = {}): Promise<SuiFormatoAResult> {
  const range = monthRange(month);
  const office = await reportOffice(db, officeId);
  const { country } = await getCompany(db);
  const tramites = new Map<TermKey, number>();
  for (const t of await listTerms(db, country)) if (t.suiTramite !== null) tramites.set(t.termKey, t.suiTramite);
  const rows = await suiRows(db, range, officeId, [...tramites.keys()]);
  let pendingFromEarlier = 0;
  const lines: string[][] = [];
  const enteredLate: SuiFormatoAResult['enteredLate'] = [];
  for (const row of rows) {
    if (row.filed_date < range.from && (row.answer_date === null || row.answer_date >= range.from)) pendingFromEarlier++;
    if (row.entered_late) enteredLate.push({ radicado: row.radicado, receivedDate: row.received_date ?? row.filed_date, filedDate: row.filed_date });
    lines.push(suiFields(row, tramites.get((row.term_key ?? row.type) as TermKey) as number, range));
  }
  const fileName = `SUI-FormatoA-${month}-${office.officeCode}.csv`;
  const csv: CsvOptions = options.header ? { ...SUI_CSV, header: SUI_HEADER } : SUI_CSV;
  return { file: csvFile(fileName, lines, csv), rows: rows.length, pendingFromEarlier, header: Boolean(options.header), enteredLate };
}
