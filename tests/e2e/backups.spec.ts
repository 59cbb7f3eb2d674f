/**
 * Administración › Copias de seguridad (issue 12): the audit check, and a restore whose confirmation
 * lists the numbers issued after the copy; after the restore the next receipt follows the last one
 * ever issued. On its own door and demonstration database (E2E_PORT_BASE + 14).
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sqlite3 from 'sqlite3';
import { apiCall, shot, startOwnHost, urlOf } from './story';

const BACKUPS_PORT = Number(process.env.E2E_PORT_BASE ?? 5181) + 14;
const URL = urlOf(BACKUPS_PORT);
let stop: (() => void) | null = null;
/** the demonstration's administrator, from the first test (the second works on the same door) */
let demoAdmin: { username: string; password: string; fullName: string } | null = null;

test.beforeAll(async () => {
  stop = await startOwnHost(BACKUPS_PORT, {});
});
test.afterAll(() => stop?.());
test.use({ baseURL: URL, viewport: { width: 1366, height: 768 } });

interface Receipt {
  receiptLabel: string;
  receiptNumber: number;
}

test('la restauración lista los números emitidos después de la copia y no los vuelve a emitir; la auditoría se revisa', async ({ page }) => {
  const { users } = await apiCall<{ users: { username: string; password: string; role: string; fullName: string }[] }>(BACKUPS_PORT, 'setup.loadDemo', { accounts: 10 });
  const admin = users.find((u) => u.role === 'administrador')!;
  demoAdmin = admin;
  const cashier = users.find((u) => u.role === 'cajero')!;
  const clerk = users.find((u) => u.role === 'auxiliar')!;
  const login = async (u: { username: string; password: string }) => (await apiCall<{ token: string }>(BACKUPS_PORT, 'auth.login', { username: u.username, password: u.password })).token;
  const cajero = await login(cashier);
  const [till] = await apiCall<{ id: number }[]>(BACKUPS_PORT, 'tills.list', {}, cajero);
  await apiCall(BACKUPS_PORT, 'cashier.open', { tillId: till.id, count: [{ kind: 'billete', value: 50_000, quantity: 4 }] }, cajero);
  const [account] = await apiCall<{ id: number }[]>(BACKUPS_PORT, 'accounts.search', { query: '1' }, cajero);
  let n = 0;
  const pay = () =>
    apiCall<Receipt>(BACKUPS_PORT, 'cashier.pay', { idempotencyKey: `e2e-backups-${++n}`, accountId: account.id, tenders: [{ method: 'efectivo', amount: 5_000, received: 5_000 }] }, cajero);
  const first = await pay();
  const copy = await apiCall<{ file: string }>(BACKUPS_PORT, 'backups.create', {}, await login(admin));
  const second = await pay();
  const third = await pay();
  const filed = await apiCall<{ pqr: { radicado: string } }>(
    BACKUPS_PORT,
    'pqr.file',
    {
      type: 'peticion',
      channel: 'ventanilla',
      petitioner: { name: 'María Fernanda Rodríguez', idType: 'CC', idNumber: '52123456', phone: '3104528871', email: '', address: 'Carrera 8 # 12-40', acceptsElectronicNotification: false },
      subject: 'Revisión del consumo',
      text: 'Solicito la revisión del consumo facturado en el último periodo.',
      pages: 1,
      annexes: 0,
      destination: 'Área comercial',
    },
    await login(clerk),
  );

  await page.goto(URL);
  await page.getByLabel('Usuario').fill(admin.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(admin.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(admin.fullName);
  await page.getByRole('navigation').getByRole('button', { name: 'Copias de seguridad' }).click();
  await expect(page.getByRole('heading', { name: 'Copias de seguridad' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hacer copia ahora' })).toBeInViewport();

  await page.getByRole('button', { name: 'Revisar auditoría' }).click();
  const status = page.getByRole('status').filter({ hasText: 'La auditoría está íntegra' });
  await expect(status).toContainText(/Anclas: \d+ revisadas? \(\d+ se cumplen?\); la más reciente, la copia de seguridad «manual-/);
  await expect(status).toContainText('cuadran con sus pagos y con la auditoría');
  await shot(page, 'backups-01-auditoria');

  await page.getByRole('button', { name: `Restaurar ${copy.file}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('La auditoría de la copia está íntegra');
  await expect(dialog).toContainText('Números emitidos después de la copia');
  await expect(dialog).toContainText(`Recibos de ${second.receiptLabel.slice(0, 3)}: ${second.receiptLabel} a ${third.receiptLabel} (2)`);
  await expect(dialog).toContainText(`${filed.pqr.radicado} (1)`);
  await expect(dialog.getByRole('button', { name: 'Restaurar' })).toBeInViewport();
  await shot(page, 'backups-02-restaurar');
  await dialog.getByRole('button', { name: 'Restaurar' }).click();

  const done = page.getByRole('dialog', { name: 'Copia restaurada' });
  await expect(done).toContainText(`${second.receiptLabel} a ${third.receiptLabel} (2)`);
  await expect(page.locator('.mantine-Modal-content').last()).toHaveCSS('opacity', '1'); // the modal has finished opening
  await shot(page, 'backups-03-restaurada');
  await done.getByRole('button', { name: 'Ingresar de nuevo' }).click();
  await expect(page.getByRole('heading', { name: 'Ingresar' })).toBeVisible();

  // the cashier logs in again (her session was open in the copy) and the next receipt follows the last ever issued
  const again = await login(cashier);
  const after = await apiCall<Receipt>(
    BACKUPS_PORT,
    'cashier.pay',
    { idempotencyKey: 'e2e-backups-after', accountId: account.id, tenders: [{ method: 'efectivo', amount: 5_000, received: 5_000 }] },
    again,
  );
  expect(after.receiptNumber).toBe(third.receiptNumber + 1);
  expect(first.receiptNumber).toBe(third.receiptNumber - 2);
});

test('una copia cuya auditoría no pasa la revisión se restaura solo con la confirmación expresa del administrador', async ({ page }) => {
  const admin = demoAdmin!;
  const token = (await apiCall<{ token: string }>(BACKUPS_PORT, 'auth.login', { username: admin.username, password: admin.password })).token;
  const copy = await apiCall<{ file: string }>(BACKUPS_PORT, 'backups.create', {}, token);
  const { folder } = await apiCall<{ folder: string }>(BACKUPS_PORT, 'backups.list', {}, token);
  // someone changes the copy after it was made: its bytes no longer match its manifest
  const spoiled = new sqlite3.Database(path.join(folder, copy.file));
  await new Promise<void>((resolve, reject) => spoiled.exec("UPDATE users SET full_name = 'Otra Persona' WHERE role = 'cajero'", (e) => (e ? reject(e) : resolve())));
  await new Promise<void>((resolve) => spoiled.close(() => resolve()));

  await page.goto(URL);
  await page.getByLabel('Usuario').fill(admin.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(admin.password);
  await page.keyboard.press('Enter');
  // the shell and its first screen's requests first (screens load as lazy chunks): then the menu
  await expect(page.getByTestId('user-name')).toHaveText(admin.fullName);
  await page.waitForLoadState('networkidle');
  await page.getByRole('navigation').getByRole('button', { name: 'Copias de seguridad' }).click();
  await page.getByRole('button', { name: `Restaurar ${copy.file}` }).click();
  const dialog = page.getByRole('dialog');
  const alert = dialog.getByRole('alert').filter({ hasText: 'La auditoría de esta copia no pasa la revisión' });
  await expect(alert).toContainText(`La copia ${copy.file} cambió después de hecha: su contenido ya no es el que registró su manifiesto (SHA-256).`);
  await expect(dialog).toContainText('Ningún consecutivo');
  await shot(page, 'backups-04-copia-rota');

  // without the box ticked the back office refuses, and says why, in the modal
  await dialog.getByRole('button', { name: 'Restaurar' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'no pasa la revisión de la auditoría' }).last()).toContainText('un administrador debe confirmarlo expresamente');
  await dialog.getByRole('checkbox', { name: /restauro de todos modos/ }).check();
  await dialog.getByRole('button', { name: 'Restaurar' }).click();
  await expect(page.getByRole('dialog', { name: 'Copia restaurada' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Copia restaurada' })).toContainText(copy.file);
});
