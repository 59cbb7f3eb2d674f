/** one valid input per handler of this area (see ../handler-samples.ts): the legal acts of issue 13 */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;

export const pqrLegalSamples: HandlerSamples = {
  'pqr.legalRules': {},
  'pqr.saveLegalRule': { key: 'pruebasMaxBusinessDays', value: 30, basis: 'Ley 1437 de 2011 (CPACA), art. 79, como referencia' },
  'pqr.extendCompletion': { pqrId: MISSING, note: 'El peticionario pidió un mes más por escrito' },
  'pqr.desist': { pqrId: MISSING, note: 'No aportó la copia de la escritura' },
  'pqr.recognizeSilencio': { pqrId: MISSING, effects: 'Se reliquida la factura de octubre con el consumo promedio de 15 m³.' },
};
