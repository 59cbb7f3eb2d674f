/**
 * Datos de contacto, version 1 (resources/samples/CONTACTOS.md): the contact data changed on the day,
 * with the holder's authorisation to use it (Ley 1581 de 2012): the phones and e-mails of collections
 * (each with its authorisation: whether, when, how, for what and by which channels) and the account
 * card's phone, e-mail and notice address updated by a clerk (one row per field that changed, with the
 * value before; the card records no authorisation, so those columns are empty).
 */
import type { Knex } from 'knex';
import { zonedDateTime } from '../../../../../shared/dates';
import { dayBounds, type ActExporter, type ActRow, type ActScope } from './types';

const list = (value: string) => value.split(',').filter(Boolean).join('|');
const yesNo = (value: unknown) => (value === true || value === 1 || value === '1' ? 'SI' : 'NO');

async function rows(db: Knex, scope: ActScope): Promise<ActRow[]> {
  const { from, to } = dayBounds(scope);
  const when = (timestamp: string) => {
    const z = zonedDateTime(timestamp, scope.timeZone);
    return `${z.date} ${z.time}`;
  };
  const pointsQuery = db('collection_contact_points as c')
    .join('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('users as u', 'u.id', 'c.updated_by')
    .leftJoin('offices as o', 'o.id', 'u.office_id')
    .where('c.updated_at', '>=', from)
    .andWhere('c.updated_at', '<', to)
    .orderBy('c.id')
    .select('c.*', 'a.number as account_number', 'u.username', 'o.code as office_code');
  if (scope.officeId !== null) pointsQuery.where('u.office_id', scope.officeId);
  const points: {
    id: number;
    account_number: string;
    kind: string;
    value: string;
    relation: string;
    holder_name: string;
    source: string;
    active: unknown;
    authorised: unknown;
    authorised_on: string | null;
    authorised_via: string | null;
    purposes: string;
    channels: string;
    updated_at: string;
    username: string | null;
    office_code: string | null;
  }[] = await pointsQuery;

  const cardQuery = db('audit_log as l')
    .joinRaw('JOIN accounts a ON CAST(a.id AS varchar(40)) = l.entity_id')
    .leftJoin('offices as o', 'o.id', 'l.office_id')
    .where({ 'l.entity': 'account', 'l.action': 'account.updateContact' })
    .andWhere('l.at', '>=', from)
    .andWhere('l.at', '<', to)
    .orderBy('l.id')
    .select('l.id', 'l.at', 'l.actor', 'l.before_json', 'l.after_json', 'a.number as account_number', 'o.code as office_code');
  if (scope.officeId !== null) cardQuery.where('l.office_id', scope.officeId);
  const cards: { id: number; at: string; actor: string; before_json: string | null; after_json: string | null; account_number: string; office_code: string | null }[] = await cardQuery;

  const out: ActRow[] = [];
  // fecha, oficina, cuenta, origen, tipo, valor, valor_anterior, relacion, titular, activo, autorizado, autorizado_el, autorizado_por, finalidades, canales, actualizado_en, actualizado_por
  for (const p of points) {
    out.push({
      key: `punto:${Number(p.id)}:${p.updated_at}`,
      amount: 0,
      cells: [
        scope.date,
        p.office_code ?? '',
        p.account_number,
        'cobranza',
        p.kind,
        p.value,
        '',
        p.relation,
        p.holder_name,
        yesNo(p.active),
        yesNo(p.authorised),
        p.authorised_on ?? '',
        p.authorised_via ?? '',
        list(p.purposes),
        list(p.channels),
        when(p.updated_at),
        p.username ?? '',
      ],
    });
  }
  const FIELDS = [
    ['phone', 'telefono'],
    ['email', 'correo'],
    ['notice_address', 'direccion_avisos'],
  ] as const;
  for (const c of cards) {
    const before = JSON.parse(c.before_json ?? '{}') as Record<string, string>;
    const after = JSON.parse(c.after_json ?? '{}') as Record<string, string>;
    for (const [field, kind] of FIELDS) {
      if ((before[field] ?? '') === (after[field] ?? '')) continue;
      out.push({
        key: `ficha:${Number(c.id)}:${field}`,
        amount: 0,
        cells: [scope.date, c.office_code ?? '', c.account_number, 'ficha', kind, after[field] ?? '', before[field] ?? '', 'titular', '', 'SI', '', '', '', '', '', when(c.at), c.actor],
      });
    }
  }
  return out;
}

export const contactos: ActExporter = {
  kind: 'contactos',
  version: 1,
  columns: [
    'fecha',
    'oficina',
    'cuenta',
    'origen',
    'tipo',
    'valor',
    'valor_anterior',
    'relacion',
    'titular',
    'activo',
    'autorizado',
    'autorizado_el',
    'autorizado_por',
    'finalidades',
    'canales',
    'actualizado_en',
    'actualizado_por',
  ],
  numeric: [],
  rows,
};
