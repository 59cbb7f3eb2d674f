/**
 * CI builds what ships (issue 21): `npm run build` (electron-vite) makes out/main/invoice-batch-worker.js,
 * the thread that draws invoice batches in the desktop app. Here that built file — not the
 * TypeScript the other tests run through tsx — prints a batch: Node loads it as the packaged app
 * does, the sources' batch drives it, and the PDF has every invoice of the period, in route order.
 * Without the build the test is skipped with the reason (and fails under CI, which builds first).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchFilePath, waitForBatch } from '../../electron/core/modules/invoicing/batch';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { seedRoutes, type SeededInvoice } from '../helpers/invoices-fixture';
import { pdfInfo, pdfText } from '../helpers/pdf';

const BUILT = path.resolve('out/main/invoice-batch-worker.js');
const built = fs.existsSync(BUILT);
const REASON = 'sin out/main/invoice-batch-worker.js: corra npm run build (CI lo hace antes de las pruebas)';
if (!built && process.env.CI) throw new Error(`CI: ${REASON}`);
if (!built) console.log(`[built-worker] se omite: ${REASON}`);

describe.skipIf(!built)('the built invoice-batch worker', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let coordinator: string;
  let seeded: SeededInvoice[];
  const previous = process.env.VENTANILLA_BATCH_WORKER;

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    coordinator = await loginAs(t, 'coordinador');
    seeded = await seedRoutes(t.app.db, '2026-09', [
      { cycle: '01', route: '0102', accounts: 2 },
      { cycle: '01', route: '0101', accounts: 3 },
    ]);
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.VENTANILLA_BATCH_WORKER;
    else process.env.VENTANILLA_BATCH_WORKER = previous;
    await t.close();
  });

  it('is the file the batch runs (a missing one fails the batch with its reason)', async () => {
    process.env.VENTANILLA_BATCH_WORKER = path.resolve('out/main/no-existe.js');
    const started = await t.ok('invoicing.startBatch', { period: '2026-09' }, coordinator);
    const failed = await waitForBatch(t.app, started.id);
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(/no-existe\.js|Cannot find module/);
  });

  it('prints every invoice of the period in route order', async () => {
    process.env.VENTANILLA_BATCH_WORKER = BUILT;
    const started = await t.ok('invoicing.startBatch', { period: '2026-09' }, coordinator);
    const done = await waitForBatch(t.app, started.id);
    expect(done).toMatchObject({ state: 'done', printed: 5, skipped: 0 });
    const pdf = fs.readFileSync((await batchFilePath(t.app, done.id, 0)).path);
    expect(pdfInfo(pdf)).toMatchObject({ pages: 5, width: 612, height: 792 });
    const accounts = pdfText(pdf)
      .split('\f')
      .filter((page) => page.trim() !== '')
      .map((page) => /Cuenta\s+(\d+)/.exec(page)?.[1]);
    const expected = [...seeded].sort((a, b) => a.route.localeCompare(b.route) || a.sequence - b.sequence).map((s) => s.accountNumber);
    expect(accounts).toEqual(expected);
  });
});
