/**
 * The seed of a test that draws random numbers (kill moments, amounts, which invoice to pick),
 * printed before anything runs, so that a failed or hung run can be replayed exactly:
 *   const SEED = testSeed('PAYMENT_CRASH_SEED', 'crash: lote de pagos');
 *   → [crash: lote de pagos] semilla 482913 (para repetir: PAYMENT_CRASH_SEED=482913)
 */
import crypto from 'node:crypto';

export function testSeed(variable: string, label: string): number {
  const given = process.env[variable];
  const seed = given !== undefined && given !== '' ? Number(given) : crypto.randomInt(1, 1_000_000);
  if (!Number.isInteger(seed)) throw new Error(`${variable} debe ser un número entero, no «${given}»`);
  console.log(`[${label}] semilla ${seed} (para repetir: ${variable}=${seed})`);
  return seed;
}
