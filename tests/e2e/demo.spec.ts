/**
 * Demonstration data instead of the wizard, on its own empty database: the users and passwords are
 * shown once, then the app asks to log in. Also the preferences a user keeps: dark theme, English.
 */
import { expect, test } from '@playwright/test';
import { DEMO_URL, shot } from './story';

test.use({ baseURL: DEMO_URL });

test('los datos de demostración muestran sus usuarios una sola vez y se puede ingresar con ellos', async ({ page }) => {
  await page.goto(DEMO_URL);
  await page.getByRole('button', { name: 'Cargar datos de demostración' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cargar datos de demostración' });
  await expect(confirm).toContainText('no sirve para la empresa real');
  await confirm.getByRole('button', { name: 'Cargar demostración' }).click();

  await expect(page.getByRole('heading', { name: 'Datos de demostración cargados' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Anote estos usuarios y contraseñas ahora')).toBeVisible();
  await expect(page.getByText('Se muestran una sola vez')).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: 'Administrador' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Cajero' })).toHaveCount(1);
  await shot(page, 'demo-01-credenciales');
  const admin = rows.filter({ hasText: 'Administrador' });
  const username = (await admin.getByRole('cell').nth(2).textContent()) ?? '';
  const password = (await admin.getByRole('cell').nth(3).textContent()) ?? '';
  const fullName = (await admin.getByRole('cell').nth(0).textContent()) ?? '';

  await page.getByRole('button', { name: 'Ya los anoté: ir al ingreso' }).click();
  await expect(page.getByRole('heading', { name: 'Ingresar' })).toBeVisible();
  // once gone they cannot be shown again
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ingresar' })).toBeVisible();
  await expect(page.getByText(password)).toHaveCount(0);

  await page.getByLabel('Usuario').fill(username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(fullName);

  // dark theme and English are remembered after a reload
  await page.getByRole('button', { name: 'Tema oscuro' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByRole('button', { name: 'Idioma: Español' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Accounts', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Exit' })).toBeVisible();
  // the administrator's home is Administration; the role badge speaks English too
  await expect(page.getByRole('banner').getByText('Administrator', { exact: true })).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: 'Accounts', exact: true }).click();
  await page.getByRole('textbox', { name: 'Account number, id/NIT, name, address or meter' }).fill('a');
  await expect(page.getByRole('table', { name: 'Search results' })).toBeVisible();
  await shot(page, 'demo-02-oscuro-ingles');
});
