/**
 * Believable subscribers for the demonstration company, a water utility in Tunja (Boyacá): names,
 * identity documents, addresses by neighbourhood, phones and e-mails. Fiction, but it reads real.
 */
import type { IdType, Use } from '../../../../shared/contract';
import { nitCheckDigit } from '../../../../shared/nit';
import type { Random } from './random';

const WOMEN = [
  'MARÍA', 'ANA', 'LUZ', 'MARTHA', 'SANDRA', 'DIANA', 'CLAUDIA', 'PAOLA', 'CAROLINA', 'ÁNGELA', 'GLORIA', 'ROSA',
  'BLANCA', 'YOLANDA', 'PATRICIA', 'MARCELA', 'LINA', 'NATALIA', 'LAURA', 'VALENTINA', 'DANIELA', 'CAMILA',
  'JULIANA', 'ADRIANA', 'MÓNICA', 'LILIANA', 'SONIA', 'OLGA', 'NELLY', 'ESPERANZA', 'LUISA', 'ANDREA', 'YANETH',
  'LUCÍA', 'INÉS', 'BEATRIZ', 'TERESA', 'CECILIA', 'MIRYAM', 'EDILMA',
];
const WOMEN_MIDDLE = ['FERNANDA', 'LUCÍA', 'ISABEL', 'CRISTINA', 'ALEJANDRA', 'PATRICIA', 'MILENA', 'STELLA', 'MARINA', 'DEL CARMEN', 'CONSUELO', 'ELENA', 'JOHANNA', 'ROCÍO'];
const MEN = [
  'JOSÉ', 'LUIS', 'CARLOS', 'JUAN', 'JORGE', 'PEDRO', 'MIGUEL', 'ANDRÉS', 'FABIO', 'HERNANDO', 'ÁLVARO', 'JAIRO',
  'ORLANDO', 'ÉDGAR', 'WILSON', 'NELSON', 'GERMÁN', 'RAFAEL', 'RICARDO', 'JAVIER', 'DIEGO', 'ÓSCAR', 'FERNANDO',
  'HÉCTOR', 'GUSTAVO', 'JULIO', 'MANUEL', 'CAMILO', 'SEBASTIÁN', 'SANTIAGO', 'ALEJANDRO', 'EDUARDO', 'ARTURO',
  'HUGO', 'RAMIRO', 'GONZALO', 'MAURICIO', 'IVÁN', 'FREDY', 'ÓMAR',
];
const MEN_MIDDLE = ['ANTONIO', 'ALBERTO', 'EDUARDO', 'ENRIQUE', 'FERNANDO', 'DAVID', 'FELIPE', 'ANDRÉS', 'ESTEBAN', 'JAVIER', 'ERNESTO', 'ARTURO', 'MAURICIO', 'HUMBERTO'];
const SURNAMES = [
  'RODRÍGUEZ', 'GÓMEZ', 'GONZÁLEZ', 'MARTÍNEZ', 'GARCÍA', 'LÓPEZ', 'HERNÁNDEZ', 'SÁNCHEZ', 'RAMÍREZ', 'PÉREZ', 'DÍAZ',
  'TORRES', 'ROJAS', 'VARGAS', 'MORENO', 'JIMÉNEZ', 'CASTRO', 'RUIZ', 'SUÁREZ', 'PARDO', 'NIÑO', 'CAMARGO',
  'SANDOVAL', 'BECERRA', 'CÁRDENAS', 'OCHOA', 'PINZÓN', 'SALAMANCA', 'AVELLA', 'FONSECA', 'CHAPARRO', 'VEGA',
  'BARRERA', 'CELY', 'PULIDO', 'PATIÑO', 'SIERRA', 'MENDOZA', 'ACEVEDO', 'FORERO', 'ÁVILA', 'BERNAL', 'CUERVO',
  'MEDINA', 'MOJICA', 'TIBADUIZA', 'QUINTERO', 'NEIRA', 'CORTÉS', 'PARRA', 'PUENTES', 'MONROY', 'MURCIA',
  'LEGUIZAMÓN', 'CARO', 'RINCÓN', 'ESPITIA', 'BUITRAGO',
];

/**
 * Neighbourhoods of the demo city with the estratos found in each (repeated to weigh them), whether their houses are
 * addressed by manzana (housing estates), and the billing cycle that reads them.
 */
export interface Neighborhood {
  name: string;
  estratos: readonly number[];
  manzanas: boolean;
  cycle: number;
}

export const NEIGHBORHOODS: readonly Neighborhood[] = [
  { name: 'Centro', estratos: [3, 4], manzanas: false, cycle: 1 },
  { name: 'Las Nieves', estratos: [3], manzanas: false, cycle: 1 },
  { name: 'San Francisco', estratos: [2, 3], manzanas: false, cycle: 1 },
  { name: 'Santa Bárbara', estratos: [3], manzanas: false, cycle: 1 },
  { name: 'San Laureano', estratos: [2, 3], manzanas: false, cycle: 1 },
  { name: 'Jordán', estratos: [2], manzanas: false, cycle: 2 },
  { name: 'Maldonado', estratos: [3, 4], manzanas: false, cycle: 2 },
  { name: 'Santa Inés', estratos: [4, 4, 5], manzanas: false, cycle: 2 },
  { name: 'Las Quintas', estratos: [5, 6], manzanas: false, cycle: 2 },
  { name: 'La Florida', estratos: [3], manzanas: false, cycle: 2 },
  { name: 'Los Muiscas', estratos: [2, 3], manzanas: true, cycle: 3 },
  { name: 'Cooservicios', estratos: [3], manzanas: true, cycle: 3 },
  { name: 'Villa Luz', estratos: [2], manzanas: true, cycle: 3 },
  { name: 'Bachué', estratos: [2], manzanas: true, cycle: 3 },
  { name: 'Remansos de Santa Inés', estratos: [4], manzanas: true, cycle: 3 },
  { name: 'Mesopotamia', estratos: [1, 2], manzanas: false, cycle: 4 },
  { name: 'Asís', estratos: [1, 2], manzanas: false, cycle: 4 },
  { name: 'Altamira', estratos: [1, 2], manzanas: false, cycle: 4 },
  { name: 'El Topo', estratos: [1, 2], manzanas: false, cycle: 4 },
  { name: 'Libertador', estratos: [1], manzanas: true, cycle: 4 },
];

const STREET_KINDS: readonly (readonly [string, number])[] = [
  ['Calle', 45],
  ['Carrera', 40],
  ['Transversal', 6],
  ['Diagonal', 6],
  ['Avenida Norte', 3],
];

/** "Calle 12 # 8-34", "Carrera 5 # 20-11 Apto 301", "Manzana C Casa 7 Barrio Los Muiscas" */
export function address(r: Random, neighborhood: Neighborhood, use: Use): string {
  if (neighborhood.manzanas && use === 'residencial') {
    return `Manzana ${r.pick('ABCDEFGHIJKLM'.split(''))} Casa ${r.int(1, 32)} Barrio ${neighborhood.name}`;
  }
  const kind = r.weighted(STREET_KINDS);
  const main = kind === 'Avenida Norte' ? '' : ` ${r.int(1, 68)}${r.chance(0.12) ? r.pick(['A', 'B', 'C']) : ''}`;
  const base = `${kind}${main} # ${r.int(1, 45)}-${r.int(2, 98)}`;
  if (use !== 'residencial') return r.chance(0.5) ? `${base} Local ${r.int(1, 12)}` : base;
  const unit = r.weighted<string>([
    ['', 60],
    [` Apto ${r.int(1, 6)}0${r.int(1, 4)}`, 25],
    [` Casa ${r.int(1, 20)}`, 8],
    [` Int. ${r.int(1, 4)}`, 7],
  ]);
  return base + unit;
}

export interface Person {
  holderName: string;
  idType: IdType;
  idNumber: string;
  /** given name and first surname, for an e-mail address; null for organisations */
  emailParts: [string, string] | null;
}

export function person(r: Random): Person {
  const woman = r.chance(0.52);
  const first = r.pick(woman ? WOMEN : MEN);
  const middle = r.chance(0.6) ? ` ${r.pick(woman ? WOMEN_MIDDLE : MEN_MIDDLE)}` : '';
  const surname1 = r.pick(SURNAMES);
  const surname2 = r.pick(SURNAMES);
  const foreign = r.chance(0.02);
  return {
    holderName: `${first}${middle} ${surname1} ${surname2}`,
    idType: foreign ? 'CE' : 'CC',
    idNumber: foreign ? String(r.int(300_000, 1_299_999)) : cedula(r, woman),
    emailParts: [first, surname1],
  };
}

/** Older cédulas have 7-8 digits (women 20-60 million in Boyacá, men 4-7 and 74-79 million); new ones 10. */
function cedula(r: Random, woman: boolean): string {
  if (r.chance(0.35)) return `10${r.pick(['49', '52', '57'])}${r.digits(6)}`;
  if (woman) return String(r.pick([23, 24, 33, 40, 46]) * 1_000_000 + r.int(0, 999_999));
  return String(r.pick([4, 6, 7, 74, 79]) * 1_000_000 + r.int(0, 999_999));
}

const SHOPS = ['PANADERÍA', 'DROGUERÍA', 'TIENDA', 'MISCELÁNEA', 'RESTAURANTE', 'CAFETERÍA', 'FERRETERÍA', 'PELUQUERÍA', 'PAPELERÍA', 'CARNICERÍA', 'FRUTERÍA', 'MINIMERCADO', 'LAVANDERÍA', 'HOTEL', 'ASADERO'];
const SHOP_NAMES = ['LA ESPERANZA', 'SAN RAFAEL', 'EL PORVENIR', 'LOS ANDES', 'DON PACHO', 'SANTA LUCÍA', 'EL BUEN SABOR', 'LA ECONOMÍA', 'MI TIERRA', 'EL DORADO', 'LA PLAZUELA', 'EL FOGÓN BOYACENSE', 'LA CANDELARIA', 'LOS PINOS'];
const INDUSTRIES = ['LÁCTEOS', 'CONFECCIONES', 'METALMECÁNICA', 'PLÁSTICOS', 'ALIMENTOS', 'TRITURADOS', 'CARPINTERÍA INDUSTRIAL'];
const INDUSTRY_NAMES = ['DEL ALTIPLANO', 'BOYACÁ', 'DEL NORTE', 'LA SABANA', 'HUNZA', 'TEQUENDAMA', 'SUGAMUXI'];
const OFFICIAL = [
  'INSTITUCIÓN EDUCATIVA SILVINO RODRÍGUEZ', 'INSTITUCIÓN EDUCATIVA GUSTAVO ROJAS PINILLA', 'E.S.E. CENTRO DE SALUD',
  'ALCALDÍA MAYOR - SECRETARÍA DE CULTURA', 'POLICÍA NACIONAL - ESTACIÓN', 'BIBLIOTECA PÚBLICA MUNICIPAL', 'CASA DE LA CULTURA',
];
const SPECIAL = ['PARROQUIA SAN FRANCISCO', 'JUNTA DE ACCIÓN COMUNAL', 'FUNDACIÓN HOGAR DEL ANCIANO', 'SALÓN COMUNAL', 'CENTRO DE DESARROLLO INFANTIL'];

/** "900734512-3" */
function nit(r: Random): string {
  const base = `${r.pick(['800', '830', '900', '901'])}${r.digits(6)}`;
  return `${base}-${nitCheckDigit(base)}`;
}

/** The holder of a non-residential account: an organisation with a NIT, or a shopkeeper in person. */
export function organisation(r: Random, use: Exclude<Use, 'residencial'>, neighborhood: Neighborhood): Person {
  const asPerson = () => person(r);
  const org = (holderName: string): Person => ({ holderName, idType: 'NIT', idNumber: nit(r), emailParts: null });
  switch (use) {
    case 'comercial':
      if (r.chance(0.4)) return asPerson();
      return org(`${r.pick(SHOPS)} ${r.pick(SHOP_NAMES)}${r.chance(0.4) ? ' S.A.S.' : ''}`);
    case 'industrial':
      return org(`${r.pick(INDUSTRIES)} ${r.pick(INDUSTRY_NAMES)} S.A.S.`);
    case 'oficial':
      return org(r.pick(OFFICIAL));
    case 'especial': {
      const name = r.pick(SPECIAL);
      return org(name === 'PARROQUIA SAN FRANCISCO' ? name : `${name} ${neighborhood.name.toUpperCase()}`);
    }
  }
}

export function phone(r: Random): string {
  if (r.chance(0.15)) return '';
  if (r.chance(0.2)) return `6087${r.digits(6)}`; // Boyacá landline
  return `3${r.pick(['00', '01', '02', '04', '10', '11', '12', '13', '14', '15', '16', '20', '21', '23', '50'])}${r.digits(7)}`;
}

function mailbox(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export function email(r: Random, who: Person): string {
  if (!who.emailParts || !r.chance(0.3)) return '';
  const [given, surname] = who.emailParts;
  const number = r.chance(0.5) ? String(r.int(1, 99)) : '';
  return `${mailbox(given)}.${mailbox(surname)}${number}@${r.pick(['gmail.com', 'hotmail.com', 'yahoo.es', 'outlook.com'])}`;
}

/** "ELS-19-045812" */
export function meterNumber(r: Random): string {
  return `${r.pick(['ELS', 'ITR', 'SNS', 'ZNR'])}-${r.int(12, 25)}-${r.digits(6)}`;
}
