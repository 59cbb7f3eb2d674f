/**
 * What the desktop app says in its own dialogs (issue 21, items 4, 6 and 8): a database that does
 * not open gets a Spanish title, the reason and what to do, with the buttons that do it (restore a
 * backup, open the data folder, update now) — and no dialog sends anyone to a command line.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { NewerSchemaError } from '../../electron/core/db/migrate';
import { networkShareMessage } from '../../electron/core/network-share';
import { aboutText, screenGoneMessage, startupProblem, unresponsiveMessage, updateReadyMessage, updateStatusText, type StartupContext } from '../../electron/main/messages';
import { genericFeed } from '../../electron/main/update-feed';
import fs from 'node:fs';
import path from 'node:path';

const CTX: StartupContext = { database: 'C:\\ProgramData\\Ventanilla\\ventanilla.sqlite', dataDir: 'C:\\ProgramData\\Ventanilla', engine: 'sqlite', updateUrl: null };
const sqliteError = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

describe('a database that does not open at start', () => {
  it('newer than this app: says so and offers "Actualizar ahora" when the company has an update server', () => {
    const error = new NewerSchemaError(['021_cobro_coactivo'], 21);
    const without = startupProblem(error, CTX);
    expect(without.title).toBe('Hay que actualizar Ventanilla en este equipo');
    expect(without.detail).toContain('La base de datos está en una versión más nueva que esta aplicación: su esquema va en la versión 21 («021_cobro_coactivo»)');
    expect(without.actions).toEqual([]);
    const withServer = startupProblem(error, { ...CTX, engine: 'pg', updateUrl: 'http://actualizaciones/ventanilla/' });
    expect(withServer.actions).toEqual(['actualizar']);
    expect(withServer.detail).toContain('«Actualizar ahora» descarga la versión nueva del servidor de actualizaciones de la empresa (http://actualizaciones/ventanilla/)');
  });

  it('on a network share: the refusal with the way to PostgreSQL', () => {
    const problem = startupProblem(new AppError('RULE', networkShareMessage('Z:\\ventanilla.sqlite', 'Z: (\\\\servidor\\datos)')), CTX);
    expect(problem.title).toBe('La base de datos está en una carpeta de red');
    expect(problem.detail).toContain('use un servidor PostgreSQL (Administración › Base de datos)');
    expect(problem.actions).toEqual(['carpeta']);
  });

  it('damaged: restore the latest backup from the dialog', () => {
    const problem = startupProblem(sqliteError('SQLITE_NOTADB', 'file is not a database'), CTX);
    expect(problem.title).toBe('La base de datos está dañada');
    expect(problem.detail).toContain('Restaure la copia de seguridad más reciente con «Restaurar una copia de seguridad…»');
    expect(problem.actions).toEqual(['restaurar', 'carpeta']);
  });

  it('busy: close it in the other Windows sessions', () => {
    const problem = startupProblem(sqliteError('SQLITE_BUSY', 'database is locked'), CTX);
    expect(problem.detail).toContain('Cierre Ventanilla en las otras sesiones de Windows de este equipo');
  });

  it('not writable for this Windows user: the folder permissions, and how to get them back', () => {
    const wrapped = new Error('No se pudo actualizar la base de datos', { cause: sqliteError('SQLITE_READONLY', 'attempt to write a readonly database') });
    const problem = startupProblem(wrapped, CTX);
    expect(problem.title).toBe('No se puede escribir en la carpeta de datos');
    expect(problem.detail).toContain('Reinstalar Ventanilla con un usuario administrador de Windows le devuelve esos permisos');
  });

  it('anything else: the reason, that nothing changed, and where the backups are', () => {
    const problem = startupProblem(new Error('algo inesperado'), CTX);
    expect(problem.title).toBe('Ventanilla no pudo abrir la base de datos');
    expect(problem.detail).toBe(
      'algo inesperado\n\nLa base de datos no se modificó. Si el problema sigue, restaure la copia de seguridad más reciente (carpeta «backups» de C:\\ProgramData\\Ventanilla).',
    );
  });

  it('no message of the desktop app sends anyone to a command line', () => {
    const errors = [
      new NewerSchemaError(['021_x'], 21),
      sqliteError('SQLITE_NOTADB', 'x'),
      sqliteError('SQLITE_BUSY', 'x'),
      sqliteError('EACCES', 'x'),
      new Error('El archivo C:\\x\\ventanilla.config.json no es una configuración válida de la base de datos'),
      new Error('x'),
    ];
    const texts = [
      ...errors.flatMap((e) => Object.values(startupProblem(e, CTX))),
      ...errors.flatMap((e) => Object.values(startupProblem(e, { ...CTX, engine: 'pg', updateUrl: 'http://a/' }))),
      ...Object.values(screenGoneMessage('crashed')),
      ...Object.values(unresponsiveMessage()),
      ...Object.values(updateReadyMessage('0.2.0')),
      ...(['sin-servidor', 'buscando', 'al-dia', 'descargando', 'lista', 'error'] as const).map((s) => updateStatusText(s)),
    ].flat();
    expect(texts.filter((text) => /npm|cli\b|consola|terminal|comando/i.test(String(text)))).toEqual([]);
  });
});

describe('the screens', () => {
  it('no text of the screens sends anyone to a command line: each names the screen or the way instead', () => {
    // every text of the screens, Spanish and English, is a line `'key': 'text',` of renderer/src/i18n/*.ts
    const dir = 'renderer/src/i18n';
    const lines = fs.readdirSync(dir).flatMap((file) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n').map((line) => `${file}: ${line.trim()}`));
    expect(lines.filter((line) => /'import\.tooLarge'/.test(line))).toHaveLength(2); // the texts are where this test looks
    expect(lines.filter((line) => /npm run|npm start|línea de comandos|command line|\bcli\b/i.test(line))).toEqual([]);
  });
});

describe('the other dialogs', () => {
  it('Ayuda › Acerca de shows the version, the data folder, the log and the database', () => {
    const about = aboutText({
      product: 'Ventanilla',
      version: '0.1.0',
      program: 'escritorio',
      dataDir: 'C:\\ProgramData\\Ventanilla',
      dataFolderSource: 'predeterminada',
      logFile: 'C:\\ProgramData\\Ventanilla\\logs\\ventanilla.log',
      database: 'C:\\ProgramData\\Ventanilla\\ventanilla.sqlite',
      schemaVersion: 20,
      electron: '45.6.1',
      node: '22.20.0',
      platform: 'win32 x64',
      updates: { state: 'al-dia', message: updateStatusText('al-dia'), version: null },
    });
    expect(about.message).toBe('Ventanilla 0.1.0');
    expect(about.detail.split('\n')).toEqual([
      'Versión 0.1.0 (aplicación de escritorio), esquema de la base de datos 20',
      'Carpeta de datos: C:\\ProgramData\\Ventanilla',
      'Registro (log): C:\\ProgramData\\Ventanilla\\logs\\ventanilla.log',
      'Base de datos: C:\\ProgramData\\Ventanilla\\ventanilla.sqlite',
      'Actualizaciones: Esta es la versión más reciente publicada en el servidor de actualizaciones.',
      'Electron 45.6.1 · Node 22.20.0 · win32 x64',
    ]);
  });

  it('a crashed or frozen screen offers to load it again', () => {
    expect(screenGoneMessage('oom')).toMatchObject({ message: 'La pantalla se quedó sin memoria.', buttons: ['Volver a cargar', 'Salir'] });
    expect(unresponsiveMessage().buttons).toEqual(['Esperar', 'Volver a cargar']);
  });

  it('the update feed is the server folder, always ending in /', () => {
    expect(genericFeed('http://actualizaciones.oficina/ventanilla')).toEqual({ provider: 'generic', url: 'http://actualizaciones.oficina/ventanilla/' });
    expect(genericFeed('https://srv:8080/v/?x=1#a')).toEqual({ provider: 'generic', url: 'https://srv:8080/v/' });
    expect(() => genericFeed('ftp://srv/v')).toThrow('el servidor de actualizaciones debe ser http o https');
    expect(updateStatusText('descargando', { version: '0.2.0', percent: 42.4 })).toBe('Descargando la versión 0.2.0 (42 %)…');
  });
});
