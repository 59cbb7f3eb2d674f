/**
 * Colombian bank codes (the three digits the Superintendencia Financiera and ACH Colombia use, as in
 * the Asobancaria files) and their short names. An unknown code is shown as "Banco <código>".
 */
const BANKS: Record<string, string> = {
  '001': 'Banco de Bogotá',
  '002': 'Banco Popular',
  '006': 'Banco Itaú',
  '007': 'Bancolombia',
  '009': 'Citibank',
  '012': 'Banco GNB Sudameris',
  '013': 'BBVA Colombia',
  '019': 'Scotiabank Colpatria',
  '023': 'Banco de Occidente',
  '032': 'Banco Caja Social',
  '040': 'Banco Agrario',
  '051': 'Davivienda',
  '052': 'Banco AV Villas',
  '053': 'Banco W',
  '059': 'Bancamía',
  '060': 'Banco Pichincha',
  '061': 'Bancoomeva',
  '062': 'Banco Falabella',
  '063': 'Banco Finandina',
  '065': 'Banco Santander',
  '066': 'Banco Cooperativo Coopcentral',
  '507': 'Nequi',
  '551': 'Daviplata',
};

export function bankName(code: string): string {
  return BANKS[code] ?? `Banco ${code}`;
}
