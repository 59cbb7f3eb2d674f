/**
 * Letter templates: the company's texts for the letters every module prints (PQR answers, citación,
 * aviso, traslado, outgoing correspondence, suspension notices, collection letters). A template is
 * plain text with placeholders written `{{nombre}}`; a blank line separates paragraphs. The same
 * function fills them on screen (live preview) and in the back office (the PDF).
 */

/** what a template is for; one or more templates per kind, the administrator edits them */
export const LETTER_KINDS = [
  'pqr_respuesta',
  'pqr_traslado',
  'pqr_citacion',
  'pqr_aviso',
  'pqr_notificacion_electronica',
  'pqr_remision_sspd',
  'pqr_desistimiento',
  'pqr_silencio_positivo',
  'pqr_publicacion',
  'correspondencia_salida',
  'correspondencia_interna',
  'aviso_suspension',
  'cobro_persuasivo',
  'cobro_prejuridico',
  'cobro_juridico',
  'acuerdo_pago',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  pqr_respuesta: 'Respuesta a PQR',
  pqr_traslado: 'Traslado por competencia',
  pqr_citacion: 'Citación para notificación personal',
  pqr_aviso: 'Notificación por aviso',
  pqr_notificacion_electronica: 'Notificación electrónica',
  pqr_remision_sspd: 'Remisión del expediente a la SSPD',
  pqr_desistimiento: 'Desistimiento tácito (petición incompleta)',
  pqr_silencio_positivo: 'Reconocimiento del silencio administrativo positivo',
  pqr_publicacion: 'Constancia de publicación del aviso',
  correspondencia_salida: 'Correspondencia de salida',
  correspondencia_interna: 'Memorando interno',
  aviso_suspension: 'Aviso de suspensión',
  cobro_persuasivo: 'Cobro persuasivo',
  cobro_prejuridico: 'Cobro prejurídico',
  cobro_juridico: 'Cobro jurídico',
  acuerdo_pago: 'Acta de acuerdo de pago (cláusulas)',
};

/** the placeholders each kind may use, with what they hold (shown beside the editor) */
const COMMON: Record<string, string> = {
  fecha: 'Fecha de la carta, en letras (20 de noviembre de 2026)',
  ciudad: 'Ciudad de la oficina',
  empresa: 'Nombre de la empresa',
  oficina: 'Nombre de la oficina',
  firmante: 'Nombre de quien firma',
  cargo_firmante: 'Cargo de quien firma',
  destinatario: 'Nombre del destinatario',
  direccion: 'Dirección del destinatario',
};
const PQR: Record<string, string> = {
  radicado: 'Radicado de la PQR',
  fecha_radicacion: 'Fecha de radicación, en letras',
  tipo: 'Tipo de trámite (reclamo, petición…)',
  el_tipo: 'El tipo con su artículo (el reclamo, la petición…)',
  radicada: '«radicado» o «radicada», según el tipo: «su {{tipo}} {{radicada}}» da «su reclamo radicado», «su petición radicada»',
  asunto: 'Asunto de la PQR',
  cuenta: 'Número de cuenta',
  factura: 'Número de factura',
  peticionario: 'Nombre del peticionario',
  identificacion: 'Identificación del peticionario',
  decision: 'Decisión (accede, no accede…)',
  texto_decision: 'Motivación de la decisión',
  radicado_respuesta: 'Radicado de salida de la respuesta',
  fecha_respuesta: 'Fecha de la respuesta, en letras',
  entidad: 'Entidad a la que se traslada',
  plazo_recurso: 'Días hábiles para el recurso (5)',
};
const NOTICE: Record<string, string> = {
  numero_aviso: 'Número del aviso o carta',
  cuenta: 'Número de cuenta',
  titular: 'Titular de la cuenta',
  direccion_predio: 'Dirección del predio',
  deuda: 'Deuda total ($ 154.300)',
  periodos: 'Periodos sin pagar',
  fecha_suspension: 'Fecha de suspensión, en letras',
  dias_mora: 'Días de mora',
  etapa: 'Etapa de cobro',
  plazo_recurso: 'Días hábiles para el recurso contra el aviso (5)',
};
/** the acts of the legal workflow of a PQR (issue 13): desistimiento, silencio positivo, publication */
const DESISTIMIENTO: Record<string, string> = {
  fecha_requerimiento: 'Fecha en que se pidió completar la petición, en letras',
  fecha_limite: 'Último día del mes para completarla, en letras',
};
const SILENCIO: Record<string, string> = {
  fecha_vencimiento: 'Fecha en que vencía el término para responder, en letras',
  fundamento: 'Norma que da el silencio positivo (Ley 142 de 1994, art. 158…)',
};
const PUBLICATION: Record<string, string> = {
  motivo_publicacion: 'Por qué se publica (dirección desconocida, aviso devuelto)',
  lugar_publicacion: 'Dónde se publicó (página web y cartelera de la oficina)',
  fecha_fijacion: 'Fecha de fijación, en letras',
  fecha_desfijacion: 'Fecha de retiro, en letras',
  fecha_notificacion: 'Fecha en que queda notificada, en letras',
};
const CORRESPONDENCE: Record<string, string> = {
  radicado: 'Radicado de salida o interno',
  asunto: 'Asunto',
  texto: 'Texto de la comunicación',
};

const AGREEMENT: Record<string, string> = {
  numero_acuerdo: 'Número del acuerdo (AP-2026-000001)',
  cuenta: 'Número de la cuenta',
  titular: 'Titular de la cuenta',
  firmante: 'Quien firma el acuerdo',
  deuda: 'Deuda incluida en el acuerdo',
  cuota_inicial: 'Valor de la cuota inicial',
  fecha_limite_inicial: 'Fecha límite para pagar la cuota inicial',
  financiado: 'Saldo financiado (deuda menos cuota inicial)',
  numero_cuotas: 'Número de cuotas',
  tasa: 'Tasa de financiación efectiva anual',
  cuotas_incumplimiento: 'Cuotas vencidas con las que el acuerdo se incumple (política)',
};

export const LETTER_PLACEHOLDERS: Record<LetterKind, Record<string, string>> = {
  pqr_respuesta: { ...COMMON, ...PQR },
  pqr_traslado: { ...COMMON, ...PQR },
  pqr_citacion: { ...COMMON, ...PQR },
  pqr_aviso: { ...COMMON, ...PQR },
  pqr_notificacion_electronica: { ...COMMON, ...PQR },
  pqr_remision_sspd: { ...COMMON, ...PQR },
  pqr_desistimiento: { ...COMMON, ...PQR, ...DESISTIMIENTO },
  pqr_silencio_positivo: { ...COMMON, ...PQR, ...SILENCIO },
  pqr_publicacion: { ...COMMON, ...PQR, ...PUBLICATION },
  correspondencia_salida: { ...COMMON, ...CORRESPONDENCE },
  correspondencia_interna: { ...COMMON, ...CORRESPONDENCE },
  aviso_suspension: { ...COMMON, ...NOTICE },
  cobro_persuasivo: { ...COMMON, ...NOTICE },
  cobro_prejuridico: { ...COMMON, ...NOTICE },
  cobro_juridico: { ...COMMON, ...NOTICE },
  acuerdo_pago: { ...COMMON, ...AGREEMENT },
};

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** the placeholder names a text uses, in order of first use */
export function placeholdersIn(body: string): string[] {
  const seen = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) seen.add(m[1]);
  return [...seen];
}

/** placeholders the text uses that its kind does not know (the editor refuses to save them) */
export function unknownPlaceholders(kind: LetterKind, body: string): string[] {
  return placeholdersIn(body).filter((name) => !(name in LETTER_PLACEHOLDERS[kind]));
}

/**
 * Fills the placeholders. A known placeholder without a value is left visible as `[nombre]` and
 * listed in `missing`, so a letter never goes out with a silent hole.
 */
export function fillTemplate(body: string, values: Record<string, string | number | null | undefined>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === null || value === '') {
      missing.add(name);
      return `[${name}]`;
    }
    return String(value);
  });
  return { text, missing: [...missing] };
}

/** paragraphs of a filled text: separated by blank lines; single line breaks stay inside a paragraph */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
