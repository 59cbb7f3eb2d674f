/**
 * One office's first day, as its people would live it: first start, users, login rules by role,
 * imports, finding an account, a rejected file, the lock screen. The tests run in order on one
 * database (a fresh one each run, see start-host.ts).
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, BASE_URL, CASHIER, PORT, SAMPLES, apiCall, companyYear, shot, VIEWPORT } from './story';

test.describe.configure({ mode: 'serial' });

let page: Page;
/** script errors and console errors (a CSP violation shows up here) seen during the whole story */
const problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: VIEWPORT, locale: 'es-CO', timezoneId: 'America/Bogota' });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
});

test.afterAll(async () => {
  await page.context().close();
});

async function login(username: string, password: string) {
  await expect(page.getByRole('heading', { name: 'Ingresar' })).toBeVisible();
  await page.getByLabel('Usuario').fill(username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

async function logout() {
  await page.getByRole('banner').getByRole('button', { name: 'Salir' }).click();
  await expect(page.getByRole('heading', { name: 'Ingresar' })).toBeVisible();
}

async function openNav(name: string) {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

test('primer inicio: empresa, oficina y administrador', async () => {
  await page.goto(BASE_URL);
  await expect(page.getByRole('heading', { name: 'Configuración inicial' })).toBeVisible();
  await shot(page, '01-asistente-empresa');

  // a NIT with a wrong check digit is refused before moving on
  await page.getByLabel('Razón social').fill('Aguas del Valle de Tenza S.A. E.S.P.');
  await page.getByLabel('NIT', { exact: false }).first().fill('900123456-1');
  await page.getByLabel('GLN (código de recaudo)').fill('7709998000018');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByText('NIT inválido: revise el dígito de verificación')).toBeVisible();
  await page.getByLabel('NIT', { exact: false }).first().fill('900123456-8');
  await page.getByRole('button', { name: 'Siguiente' }).click();

  await expect(page.getByText('¿El sábado es día hábil en esta oficina?')).toBeVisible();
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('GAR');
  await page.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Oficina Garagoa');
  await page.getByLabel('Ciudad o municipio').fill('Garagoa');
  await page.getByLabel('Código DANE del municipio').fill('15299');
  await page.getByLabel('Dirección').fill('Calle 10 # 9-45');
  await page.getByLabel('Teléfono').fill('608 750 0000');
  await page.getByRole('radio', { name: 'Sí' }).check();
  await shot(page, '02-asistente-oficina');
  await page.keyboard.press('Enter');

  await page.getByLabel('Nombre completo').fill(ADMIN.fullName);
  await page.getByLabel('Usuario', { exact: false }).first().fill(ADMIN.username);
  await page.getByLabel('Nueva contraseña').fill(ADMIN.password);
  await page.getByLabel('Confirme la contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Siguiente' }).click();

  // who signs the letters and notices, beside the letterhead as it will print
  const letterhead = page.getByTestId('letterhead-preview');
  await expect(letterhead).toContainText('Aguas del Valle de Tenza S.A. E.S.P.');
  await expect(letterhead).toContainText('Calle 10 # 9-45, Garagoa');
  await expect(letterhead).toContainText('Teléfono 608 750 0000');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByRole('textbox', { name: 'Nombre de quien firma' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Nombre de quien firma' }).fill('Jorge Camargo Rincón');
  await page.getByRole('textbox', { name: 'Cargo' }).fill('Gerente');
  await expect(letterhead).toContainText('Jorge Camargo Rincón');
  await shot(page, '03-asistente-cartas');
  await page.getByRole('button', { name: 'Siguiente' }).click();

  await expect(page.getByText('Revise los datos')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Jorge Camargo Rincón · Gerente' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /GAR · Oficina Garagoa · Garagoa \(15299\)/ })).toBeVisible();
  await shot(page, '03-asistente-confirmar');
  await page.getByRole('button', { name: 'Guardar y empezar' }).click();

  // back at the door, the first backup already made: the administrator logs in
  await expect(page.getByRole('heading', { name: 'Ingresar' })).toBeVisible();
  await expect(page.getByText(/primera copia de seguridad hecha \(auto-\d{4}-\d{2}-\d{2}\.sqlite\)/)).toBeVisible();
  await expect(page.getByLabel('Usuario')).toHaveValue(ADMIN.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('company-name')).toHaveText('Aguas del Valle de Tenza S.A. E.S.P.');
  await expect(page.getByText('Oficina GAR · Oficina Garagoa')).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.fullName);
  await shot(page, '04-cuentas-vacio');
});

test('el administrador crea un cajero', async () => {
  await openNav('Usuarios');
  await expect(page.getByRole('heading', { name: 'Usuarios' })).toBeVisible();
  await page.getByRole('button', { name: 'Nuevo usuario' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nuevo usuario' });
  await dialog.getByLabel('Nombre completo').fill(CASHIER.fullName);
  await dialog.getByRole('textbox', { name: 'Usuario' }).fill(CASHIER.username);
  await dialog.getByRole('combobox', { name: 'Rol' }).click();
  await page.getByRole('option', { name: 'Cajero' }).click();
  await dialog.getByLabel('Contraseña inicial').fill(CASHIER.firstPassword);
  await shot(page, '05-nuevo-usuario');
  await dialog.getByRole('button', { name: 'Crear usuario' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Usuario «${CASHIER.username}» creado para ${CASHIER.fullName}`)).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(CASHIER.fullName) });
  await expect(row).toContainText('Cajero');
  await expect(row).toContainText('Nunca');
  await shot(page, '06-usuarios');
  await logout();
});

test('una contraseña equivocada no entra', async () => {
  await login(CASHIER.username, 'no-es-esta');
  await expect(page.getByRole('alert').filter({ hasText: 'Usuario o contraseña incorrectos' })).toBeVisible();
  await shot(page, '07-ingreso-fallido');
});

test('el cajero cambia la contraseña inicial y ve Caja pero no Administración', async () => {
  await page.getByLabel('Usuario').fill(CASHIER.username);
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(CASHIER.firstPassword);
  await page.getByRole('button', { name: 'Ingresar' }).click();

  await expect(page.getByRole('heading', { name: 'Cambie su contraseña' })).toBeVisible();
  await page.getByLabel('Contraseña actual').fill(CASHIER.firstPassword);
  await page.getByLabel('Nueva contraseña').fill(CASHIER.password);
  await page.getByLabel('Confirme la contraseña').fill(CASHIER.password);
  await shot(page, '08-cambio-contrasena');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();

  await expect(page.getByTestId('user-name')).toHaveText(CASHIER.fullName);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button', { name: 'Caja', exact: true })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Cuentas', exact: true })).toBeVisible();
  await expect(nav.getByText('Administración')).toHaveCount(0);
  await expect(nav.getByText('Importar datos')).toHaveCount(0);

  // a new office has no tills yet: the cashier is told whom to ask
  await openNav('Caja');
  await expect(page.getByRole('heading', { name: 'Abrir caja' })).toBeVisible();
  await expect(page.getByText('Esta oficina no tiene cajas activas')).toBeVisible();
  await shot(page, '09-cajero-caja');

  // what the role may not do is refused even by address
  await page.goto(`${BASE_URL}#/admin/usuarios`);
  await expect(page.getByText('Su rol no permite abrir esta pantalla.')).toBeVisible();
  await logout();
});

test('la pantalla se bloquea con Ctrl+L y pide la contraseña del mismo usuario', async () => {
  await login(ADMIN.username, ADMIN.password);
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.fullName);
  await page.keyboard.press('Control+l');
  const lock = page.getByRole('dialog', { name: ADMIN.fullName });
  await expect(lock).toBeVisible();
  await expect(lock.getByText('Pantalla bloqueada. Escriba su contraseña para continuar.')).toBeVisible();
  await shot(page, '10-bloqueo');
  await lock.getByRole('textbox', { name: 'Contraseña', exact: true }).fill('equivocada');
  await lock.getByRole('button', { name: 'Desbloquear' }).click();
  // a wrong password counts like a failed login: the screen says how many tries are left
  await expect(lock.getByRole('alert')).toHaveText('Contraseña incorrecta. Le quedan 4 intentos antes de que se cierre la sesión.');
  await shot(page, '10b-bloqueo-contrasena-equivocada');
  // reloading the page does not open a locked session
  await page.reload();
  await expect(page.getByRole('dialog', { name: ADMIN.fullName })).toBeVisible();
  await page.getByRole('dialog', { name: ADMIN.fullName }).getByRole('textbox', { name: 'Contraseña', exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: ADMIN.fullName })).toBeHidden();
  await expect(page.getByTestId('company-name')).toBeVisible();
});

test('una sesión que el servidor bloqueó muestra el bloqueo en la siguiente acción', async () => {
  // the server locks an idle session itself; here the same session is locked through the API,
  // once the home screen (its own chunk, loaded after the shell) has asked for its data: a request
  // still on its way would meet the lock before the click below does
  await page.waitForLoadState('networkidle');
  const token = await page.evaluate(() => sessionStorage.getItem('ventanilla.token'));
  await apiCall(PORT, 'auth.lock', {}, token ?? undefined);
  await openNav('Turnos de caja'); // the list asks the back office, which answers LOCKED
  const lock = page.getByRole('dialog', { name: ADMIN.fullName });
  await expect(lock.getByText('Pantalla bloqueada. Escriba su contraseña para continuar.')).toBeVisible();
  await shot(page, '10c-bloqueo-por-el-servidor');
  await lock.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(ADMIN.password);
  await lock.getByRole('button', { name: 'Desbloquear' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByTestId('company-name')).toBeVisible();
});

async function upload(kind: 'Cuentas' | 'Facturas', file: string) {
  await page.getByRole('radiogroup', { name: 'Qué importar' }).getByText(kind, { exact: true }).click();
  await page.locator('input[type=file]').setInputFiles(path.join(SAMPLES, file));
  await expect(page.getByText(`Revisión de «${file}»`)).toBeVisible({ timeout: 60_000 });
}

async function count(label: string) {
  return page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]');
}

test('el administrador importa las cuentas y luego las facturas', async () => {
  await openNav('Importar datos');
  await expect(page.getByRole('heading', { name: 'Importar datos' })).toBeVisible();
  await expect(page.getByText('Nada se escribe hasta que el archivo completo sea aceptado')).toBeVisible();
  await shot(page, '11-importar');

  await upload('Cuentas', 'cuentas.csv');
  await expect(page.getByText('Archivo aceptado')).toBeVisible();
  await expect(page.getByText('Cuentas · 30 filas · codificación WINDOWS-1252 · separador punto y coma (;)')).toBeVisible();
  await expect(await count('Nuevas')).toHaveText('30');
  await expect(await count('Rechazadas')).toHaveText('0');
  await shot(page, '12-revision-cuentas');
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmar importación' });
  await expect(confirm.getByText('Importar 30 cuentas nuevas', { exact: true })).toBeVisible();
  await shot(page, '13-confirmar-importacion');
  await confirm.getByRole('button', { name: 'Sí, importar' }).click();
  await expect(page.getByText('Importación terminada', { exact: true }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Importar otro archivo' }).click();
  await upload('Facturas', 'facturas.csv');
  await expect(page.getByText('Archivo aceptado')).toBeVisible();
  await expect(await count('Nuevas')).toHaveText('58');
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByText('Importar 58 facturas nuevas', { exact: true })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Importación terminada', { exact: true }).first()).toBeVisible();
  await shot(page, '14-importacion-terminada');

  // the same accounts again: nothing new, nothing to confirm
  await page.getByRole('button', { name: 'Importar otro archivo' }).click();
  await upload('Cuentas', 'cuentas.csv');
  await expect(await count('Sin cambios')).toHaveText('30');
  await expect(await count('Nuevas')).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Importar', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Cancelar' }).click();
});

test('la búsqueda de Cuentas se recorre con el teclado', async () => {
  await openNav('Cuentas');
  const box = page.getByRole('textbox', { name: 'Número de cuenta, cédula o NIT, nombre, dirección o medidor' });
  await expect(box).toBeFocused();
  await box.fill('calle');
  const results = page.getByRole('table', { name: 'Resultados de la búsqueda' });
  await expect(results.getByRole('row').nth(2)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = results.getByRole('row').nth(2);
  await expect(second).toBeFocused();
  const number = (await second.getByRole('cell').first().textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Cuenta ${number}` })).toBeVisible();
});

test('Ctrl+K encuentra una cuenta por el nombre y Enter la abre con sus facturas abiertas', async () => {
  await page.keyboard.press('Control+k');
  const search = page.getByRole('dialog').getByRole('textbox', { name: 'Número de cuenta, cédula o NIT, nombre, dirección o medidor' });
  await expect(search).toBeFocused();
  await search.pressSequentially('fernanda');
  await expect(page.getByRole('dialog').getByText('100201 · MARÍA FERNANDA LÓPEZ GARCÍA')).toBeVisible();
  await shot(page, '15-busqueda-ctrl-k');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Cuenta 100201' })).toBeVisible();
  await expect(page.getByText('MARÍA FERNANDA LÓPEZ GARCÍA').first()).toBeVisible();
  const open = page.getByRole('table', { name: 'Facturas abiertas' });
  await expect(open.getByRole('row')).toHaveCount(3); // header + 2 invoices
  await expect(open).toContainText('FV2609-00001');
  await expect(open).toContainText('$ 97.285');
  await expect(open).toContainText('FV2610-00030');
  await expect(open).toContainText('$ 59.215');
  await expect(open.getByText('Vencida')).toHaveCount(2);
  await expect(page.getByText('$ 156.500')).toBeVisible();
  await shot(page, '16-cuenta');

  await open.getByRole('row', { name: /FV2609-00001/ }).click();
  const detail = page.getByRole('dialog', { name: 'Detalle de la factura' });
  await expect(detail.getByText('CARGO FIJO ACUEDUCTO')).toBeVisible();
  await expect(detail.getByText('16/09/2026')).toBeVisible();
  await shot(page, '17-detalle-factura');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  await page.getByRole('button', { name: 'Editar datos de contacto' }).click();
  const contact = page.getByRole('dialog', { name: 'Datos de contacto de la cuenta 100201' });
  await contact.getByLabel('Teléfono').fill('310 555 1234');
  await contact.getByLabel('Correo electrónico').fill('no-es-correo');
  await contact.getByRole('button', { name: 'Guardar' }).click();
  await expect(contact.getByText('Correo electrónico inválido')).toBeVisible();
  await contact.getByLabel('Correo electrónico').fill('mafe@example.com');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Datos de contacto actualizados')).toBeVisible();
  await expect(page.getByText('310 555 1234')).toBeVisible();
});

test('un archivo de facturas con errores se rechaza entero, con la línea y el motivo', async () => {
  await openNav('Importar datos');
  await upload('Facturas', 'facturas-con-errores.csv');
  await expect(page.getByText('Archivo rechazado')).toBeVisible();
  await expect(page.getByText('No se importó nada.', { exact: false })).toBeVisible();
  await expect(await count('Rechazadas')).toHaveText('4');
  const errors = page.getByRole('table', { name: 'Filas rechazadas' });
  await expect(errors.getByRole('row', { name: /^14 fecha_expedicion .*no es una fecha válida/ })).toBeVisible();
  await expect(errors.getByRole('row', { name: /^20 cuenta La cuenta «999999» no existe/ })).toBeVisible();
  await expect(errors.getByRole('row', { name: /^8 total_factura / })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Importar', exact: true })).toBeDisabled();
  await shot(page, '18-archivo-rechazado');
  await page.getByRole('button', { name: 'Cancelar' }).click();
  await expect(page.getByText('Arrastre aquí el archivo de facturas')).toBeVisible();
});

test('calendario: un cierre local se agrega y se quita con confirmación', async () => {
  await openNav('Calendario');
  await expect(page.getByRole('heading', { name: 'Calendario de días no hábiles' })).toBeVisible();
  const year = companyYear();
  await expect(page.getByRole('cell', { name: `25/12/${year}` })).toBeVisible(); // Navidad, loaded at set-up
  await page.getByRole('button', { name: 'Agregar cierre local' }).click();
  const dialog = page.getByRole('dialog', { name: 'Agregar cierre local' });
  await dialog.getByLabel('Fecha').fill('31/02/2026');
  await dialog.getByLabel('Motivo').fill('Fiestas patronales');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('Fecha inválida: escríbala como DD/MM/AAAA')).toBeVisible();
  await dialog.getByLabel('Fecha').fill(`03/12/${year}`);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(`03/12/${year} .* Fiestas patronales`) });
  await expect(row).toContainText('Local (oficina)');
  await expect(row).toContainText('Manual');
  await shot(page, '20-calendario');
  await row.getByRole('button', { name: 'Quitar' }).click();
  const confirm = page.getByRole('dialog', { name: 'Quitar día no hábil' });
  await expect(confirm).toContainText(`Se quitará «Fiestas patronales» del 03/12/${year}`);
  await confirm.getByRole('button', { name: 'Quitar' }).click();
  await expect(row).toHaveCount(0);
});

test('usuarios: la contraseña restablecida se muestra una vez y un usuario desactivado no entra', async () => {
  await openNav('Usuarios');
  await page.getByRole('button', { name: `Acciones para ${CASHIER.fullName}` }).click();
  await page.getByRole('menuitem', { name: 'Restablecer contraseña' }).click();
  const reset = page.getByRole('dialog', { name: `Restablecer la contraseña de ${CASHIER.fullName}` });
  await reset.getByRole('button', { name: 'Restablecer contraseña' }).click();
  await expect(reset.getByText('Anótela y entréguela al usuario: no se volverá a mostrar.')).toBeVisible();
  const newPassword = (await reset.getByTestId('new-password').textContent()) ?? '';
  expect(newPassword).toMatch(/^\S{10}$/);
  await reset.getByRole('button', { name: 'Cerrar' }).first().click();

  await page.getByRole('button', { name: `Acciones para ${CASHIER.fullName}` }).click();
  await page.getByRole('menuitem', { name: 'Desactivar' }).click();
  const confirm = page.getByRole('dialog', { name: `Desactivar a ${CASHIER.fullName}` });
  await expect(confirm).toContainText('no podrá ingresar y sus sesiones abiertas se cerrarán');
  await confirm.getByRole('button', { name: 'Desactivar' }).click();
  await expect(page.getByRole('row', { name: new RegExp(CASHIER.fullName) })).toContainText('Inactivo');
  await logout();

  await login(CASHIER.username, newPassword);
  await expect(page.getByRole('alert').filter({ hasText: 'Este usuario está desactivado. Hable con el administrador.' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(ADMIN.password);
  await page.getByLabel('Usuario').fill(ADMIN.username);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.fullName);
});

test('la pantalla se bloquea sola tras los minutos de inactividad de Ajustes', async () => {
  await openNav('Ajustes');
  const minutes = page.getByRole('textbox', { name: 'Bloqueo por inactividad (minutos)' });
  await minutes.fill('1');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Ajustes guardados')).toBeVisible();
  await shot(page, '19-ajustes');

  await page.clock.install();
  await page.reload();
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.clock.fastForward('00:50');
  await expect(page.getByRole('dialog', { name: ADMIN.fullName })).toBeHidden();
  await page.clock.fastForward('00:15');
  const lock = page.getByRole('dialog', { name: ADMIN.fullName });
  await expect(lock).toBeVisible();
  await lock.getByRole('textbox', { name: 'Contraseña', exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(lock).toBeHidden();
});

test('en toda la historia no hubo errores de la página ni violaciones de la política de seguridad', () => {
  expect(problems).toEqual([]);
});
