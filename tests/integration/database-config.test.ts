/**
 * The database connection on the administration screen: where a door finds its database (--db >
 * VENTANILLA_DATABASE_URL > the saved connection > the default SQLite file), the saved file
 * (mode 0600, password masked on the screen), and the test / save handlers against a server that
 * is not there (Spanish reason, nothing written) and, with VENTANILLA_TEST_PG_URL, one that is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { closeBackOffice, databaseFromEnvironment, openBackOffice } from '../../electron/core/backoffice';
import { CONFIG_FILE_NAME, readDatabaseConfig, writeDatabaseConfig } from '../../electron/core/database-config';
import { KEY_FILE_NAME, keyFileBox, type SecretBox } from '../../electron/core/secrets';
import { createInitializedBackOffice, createPgTestDatabase, loginAs, tempDir, TEST_PG_URL, type TestBackOffice } from '../helpers/backoffice';

const NOBODY = 'postgres://ventanilla:secreta@127.0.0.1:1/ventanilla';
const SERVER = 'postgres://ventanilla:secreta@servidor.oficina:5432/ventanilla';

describe('where a door finds its database', () => {
  const savedVariable = process.env.VENTANILLA_DATABASE_URL;
  let dir: string;
  let defaultFile: string;
  const fallback = () => defaultFile;

  beforeAll(() => {
    dir = tempDir();
    defaultFile = path.join(dir, 'ventanilla.sqlite');
  });
  afterEach(() => {
    if (savedVariable === undefined) delete process.env.VENTANILLA_DATABASE_URL;
    else process.env.VENTANILLA_DATABASE_URL = savedVariable;
    fs.rmSync(path.join(dir, CONFIG_FILE_NAME), { force: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the default SQLite file when nothing else is given', () => {
    delete process.env.VENTANILLA_DATABASE_URL;
    expect(databaseFromEnvironment(undefined, fallback)).toMatchObject({ dbFile: defaultFile, source: 'predeterminada' });
  });

  it('prefers the saved connection to the default file, the variable to the saved connection, and --db to everything', () => {
    delete process.env.VENTANILLA_DATABASE_URL;
    writeDatabaseConfig(path.join(dir, CONFIG_FILE_NAME), SERVER);
    expect(databaseFromEnvironment(undefined, fallback)).toMatchObject({ databaseUrl: SERVER, source: 'configuracion' });

    process.env.VENTANILLA_DATABASE_URL = 'postgres://otra@servidor2/ventanilla';
    expect(databaseFromEnvironment(undefined, fallback)).toMatchObject({ databaseUrl: 'postgres://otra@servidor2/ventanilla', source: 'variable' });

    const given = path.join(dir, 'otra.sqlite');
    expect(databaseFromEnvironment(given, fallback)).toMatchObject({ dbFile: given, source: 'argumento' });
    expect(databaseFromEnvironment('postgres://tercera@servidor3/base', fallback)).toMatchObject({ databaseUrl: 'postgres://tercera@servidor3/base', source: 'argumento' });
  });

  it('stops with a Spanish message naming a broken configuration file instead of falling back to the local file', () => {
    delete process.env.VENTANILLA_DATABASE_URL;
    const file = path.join(dir, CONFIG_FILE_NAME);
    fs.writeFileSync(file, '{"databaseUrl": "mysql://x@y/z"}');
    expect(() => databaseFromEnvironment(undefined, fallback)).toThrow(`El archivo ${file} no es una configuración válida de la base de datos`);
    fs.writeFileSync(file, '{"databaseUrl": "postgres://a@b/c"'); // cut short
    expect(() => databaseFromEnvironment(undefined, fallback)).toThrow(/no es una configuración válida/);
    // a stronger source does not even read it
    expect(databaseFromEnvironment(defaultFile, fallback)).toMatchObject({ dbFile: defaultFile, source: 'argumento' });
  });

  it('at start, says in Spanish why the saved server does not open and which file to delete to go back', async () => {
    delete process.env.VENTANILLA_DATABASE_URL;
    const file = path.join(dir, CONFIG_FILE_NAME);
    writeDatabaseConfig(file, NOBODY);
    const options = databaseFromEnvironment(undefined, fallback);
    const failure = openBackOffice({ ...options, dataDir: dir } as typeof options);
    await expect(failure).rejects.toThrow(
      'No se pudo abrir la base de datos PostgreSQL postgres://ventanilla:****@127.0.0.1:1/ventanilla. El servidor 127.0.0.1:1 no acepta conexiones',
    );
    await expect(failure).rejects.toThrow(`Es la conexión guardada en Administración › Base de datos (${file}): para volver a la base local de este equipo, borre ese archivo`);
    expect(fs.existsSync(defaultFile)).toBe(false);
  });

  it('writes the file for the owner alone (0600), replacing the previous one whole, with the password sealed, never as text', () => {
    const file = path.join(dir, CONFIG_FILE_NAME);
    writeDatabaseConfig(file, NOBODY);
    writeDatabaseConfig(file, SERVER);
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toContain('secreta');
    expect(JSON.parse(raw)).toEqual({ databaseUrl: 'postgres://ventanilla@servidor.oficina:5432/ventanilla', password: { archivo: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } });
    expect(readDatabaseConfig(file)).toBe(SERVER);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    writeDatabaseConfig(file, null);
    expect(fs.existsSync(file)).toBe(false);
    expect(readDatabaseConfig(file)).toBeNull();
  });

  it('still reads a file of an earlier version, with the password inside the address', () => {
    const file = path.join(dir, CONFIG_FILE_NAME);
    fs.writeFileSync(file, JSON.stringify({ databaseUrl: SERVER }));
    expect(readDatabaseConfig(file)).toBe(SERVER);
  });

  it('a password with characters an address escapes comes back exactly as typed', () => {
    const file = path.join(dir, CONFIG_FILE_NAME);
    const odd = 'postgres://ventanilla:cl%40ve%2F%C3%B1%25@servidor.oficina:5432/ventanilla'; // "cl@ve/ñ%"
    writeDatabaseConfig(file, odd);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/cl%40ve|cl@ve/);
    expect(decodeURIComponent(new URL(readDatabaseConfig(file)!).password)).toBe('cl@ve/ñ%');
  });

  it('the desktop app seals with the operating system key store; a program without it says who can open it and what to do', () => {
    const file = path.join(dir, CONFIG_FILE_NAME);
    // a stand-in for Electron's safeStorage (which needs Electron): a box only "ana" can open
    const anaKeys = keyFileBox(path.join(dir, 'llavero-de-ana'));
    const keyStore: SecretBox = { ...anaKeys, id: 'safeStorage:ana', description: 'el almacén de claves del sistema del usuario «ana»' };
    writeDatabaseConfig(file, SERVER, [keyStore, keyFileBox(dir)]);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).password)).toEqual(['safeStorage:ana']);
    expect(readDatabaseConfig(file, [keyStore, keyFileBox(dir)])).toBe(SERVER);
    // the web door and the CLI (plain Node) cannot open it: a Spanish reason, never the local file instead
    delete process.env.VENTANILLA_DATABASE_URL;
    expect(() => databaseFromEnvironment(undefined, fallback)).toThrow(
      `No se pudo descifrar la clave de la base de datos guardada en ${file}: está cifrada con el almacén de claves del sistema del usuario «ana» (aplicación de escritorio), y este programa no puede abrirla. ` +
        'Solo la aplicación de escritorio abierta por «ana» puede usarla: abra Ventanilla con ese usuario, o indique la base con la variable VENTANILLA_DATABASE_URL para este usuario.',
    );
  });
});

describe('the database handlers', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let configFile: string;
  const auditRows = async () => Number((await t.app.db('audit_log').count({ n: '*' }))[0].n);

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    configFile = path.join(t.app.dataDir, CONFIG_FILE_NAME);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => fs.rmSync(configFile, { force: true }));

  it('shows what the application uses now, and the saved connection with its password masked', async () => {
    const before = await t.ok('database.status', {}, t.adminToken);
    expect(before).toMatchObject({ engine: t.app.engine, source: 'argumento', configuredUrl: null, configProblem: null, configFile });
    if (t.app.engine === 'sqlite') expect(before.target).toBe(t.app.dbFile);
    else expect(before.target).not.toMatch(/:[^/@:]+@/);

    writeDatabaseConfig(configFile, SERVER);
    const after = await t.ok('database.status', {}, t.adminToken);
    expect(after.configuredUrl).toBe('postgres://ventanilla:****@servidor.oficina:5432/ventanilla');
    expect(JSON.stringify(after)).not.toContain('secreta');

    fs.writeFileSync(configFile, 'no es json');
    expect((await t.ok('database.status', {}, t.adminToken)).configProblem).toMatch(/no es una configuración válida/);
  });

  it('answers a test against a server that is not there with the Spanish reason, and writes nothing', async () => {
    const audits = await auditRows();
    const result = await t.ok('database.test', { url: NOBODY }, t.adminToken);
    expect(result).toEqual({
      ok: false,
      message: expect.stringContaining('El servidor 127.0.0.1:1 no acepta conexiones') as unknown as string,
    });
    const missingHost = await t.ok('database.test', { url: 'postgres://ventanilla:secreta@no-existe.invalid:5432/ventanilla' }, t.adminToken);
    expect(missingHost).toMatchObject({ ok: false, message: 'No se encuentra el servidor «no-existe.invalid»: revise el nombre o use su dirección IP.' });
    expect(fs.existsSync(configFile)).toBe(false);
    expect(await auditRows()).toBe(audits);
  });

  it('refuses to save a connection that does not answer, or that is not a PostgreSQL address, and writes nothing', async () => {
    const audits = await auditRows();
    await expectRefusal(t.call('database.save', { url: NOBODY }, t.adminToken), 'RULE', /^No se guardó la conexión\. El servidor 127\.0\.0\.1:1 no acepta conexiones/);
    await expectRefusal(t.call('database.save', { url: 'mysql://ventanilla@servidor/ventanilla' }, t.adminToken), 'VALIDATION', 'Datos inválidos en «url»: Escriba la dirección del servidor así: postgres://usuario:clave@servidor:5432/base');
    expect(fs.existsSync(configFile)).toBe(false);
    expect(await auditRows()).toBe(audits);
  });

  it('goes back to the local SQLite file by removing the saved connection, with an audit row', async () => {
    writeDatabaseConfig(configFile, SERVER);
    const audits = await auditRows();
    const saved = await t.ok('database.save', { url: '' }, t.adminToken);
    expect(saved).toMatchObject({ saved: true, restartNeeded: true, message: expect.stringContaining('volverá a la base local (SQLite)') as unknown as string });
    expect(saved.message).toContain('Los datos no se copian');
    expect(fs.existsSync(configFile)).toBe(false);
    expect(await auditRows()).toBe(audits + 1);
    const row = await t.app.db('audit_log').orderBy('id', 'desc').first();
    expect(row).toMatchObject({ action: 'database.configure', entity: 'database' });
    expect(row.before_json).toContain('****');
    expect(row.before_json).not.toContain('secreta');
  });

  it('is for the administrator only', async () => {
    const coordinator = await loginAs(t, 'coordinador');
    await expectForbidden(t.call('database.status', {}, coordinator));
    await expectForbidden(t.call('database.save', { url: '' }, coordinator));
  });
});

describe('against a real PostgreSQL server (VENTANILLA_TEST_PG_URL)', () => {
  if (!TEST_PG_URL) console.log('[database-config] sin VENTANILLA_TEST_PG_URL: se omiten las pruebas que llegan a un servidor PostgreSQL');

  it.skipIf(!TEST_PG_URL)('tests, saves and, at the next start, runs on the saved connection', async () => {
    const database = await createPgTestDatabase();
    const dir = tempDir();
    const t = await createInitializedBackOffice();
    const configFile = path.join(t.app.dataDir, CONFIG_FILE_NAME);
    try {
      // the test server trusts loopback connections: a password in the URL is accepted and ignored
      const url = new URL(database.url);
      url.password = 'secreta';
      const withPassword = url.toString();

      const empty = await t.ok('database.test', { url: withPassword }, t.adminToken);
      expect(empty.ok).toBe(true);
      expect(empty.message).toMatch(/^Conexión correcta: PostgreSQL \d+(\.\d+)?, base ventanilla_test_\w+, vacía/);

      const missing = new URL(database.url);
      missing.pathname = '/ventanilla_no_existe';
      expect(await t.ok('database.test', { url: missing.toString() }, t.adminToken)).toMatchObject({
        ok: false,
        message: expect.stringContaining('La base «ventanilla_no_existe» no existe') as unknown as string,
      });

      const saved = await t.ok('database.save', { url: withPassword }, t.adminToken);
      expect(saved.message).toContain('al reiniciar');
      expect(readDatabaseConfig(configFile)).toBe(withPassword);
      if (process.platform !== 'win32') expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);
      expect((await t.ok('database.status', {}, t.adminToken)).configuredUrl).toContain(':****@');

      // "restart": a door started without --db nor the variable opens the saved server
      const savedVariable = process.env.VENTANILLA_DATABASE_URL;
      delete process.env.VENTANILLA_DATABASE_URL;
      const options = databaseFromEnvironment(undefined, () => path.join(t.app.dataDir, 'ventanilla.sqlite'));
      if (savedVariable !== undefined) process.env.VENTANILLA_DATABASE_URL = savedVariable;
      expect(options).toMatchObject({ databaseUrl: withPassword, source: 'configuracion' });
      const restarted = await openBackOffice({ ...options, dataDir: dir } as typeof options);
      try {
        expect(restarted.engine).toBe('pg');
        const again = await t.ok('database.test', { url: withPassword }, t.adminToken);
        expect(again.message).toMatch(/esquema en la versión \d+\.$/);
      } finally {
        await closeBackOffice(restarted);
      }
    } finally {
      await t.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
