import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, NOT_AUTHENTICATED_MESSAGE } from '../helpers/refusal';
import { startHost, type RunningHost } from '../../electron/core/host/server';
import { ADMIN, COMPANY, OFFICE, createTestBackOffice, type TestBackOffice } from '../helpers/backoffice';

let t: TestBackOffice;
let host: RunningHost;

beforeAll(async () => {
  t = await createTestBackOffice();
  host = await startHost({ app: t.app, port: 0, staticDir: t.dir, key: 'clave-de-prueba' });
});
afterAll(async () => {
  await host.close();
  await t.close();
});

/** A raw request, so that Host and Origin can be set as an attacker's page would. */
function request(path: string, init: { body?: unknown; headers?: Record<string, string>; method?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path, method: init.method ?? 'POST', headers: { 'content-type': 'application/json', ...init.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(JSON.stringify(init.body));
    req.end();
  });
}

describe('the web door', () => {
  it('serves the handler table to a caller holding the key', async () => {
    const r = await request('/api/setup.status', { body: {}, headers: { 'x-ventanilla-key': 'clave-de-prueba' } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, data: { initialized: false, companyName: null } });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a call without the key', async () => {
    const r = await request('/api/setup.status', { body: {} });
    expect(r.status).toBe(401);
  });

  it('refuses another Host (DNS rebinding) and another Origin', async () => {
    const key = { 'x-ventanilla-key': 'clave-de-prueba' };
    expect((await request('/api/setup.status', { body: {}, headers: { ...key, host: 'evil.example:80' } })).status).toBe(421);
    expect((await request('/api/setup.status', { body: {}, headers: { ...key, origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('logs in and carries the session token, with Spanish errors for bad input', async () => {
    const key = { 'x-ventanilla-key': 'clave-de-prueba' };
    await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const login = JSON.parse((await request('/api/auth.login', { body: { username: 'admin', password: ADMIN.password }, headers: key })).body);
    expect(login.ok).toBe(true);
    const me = JSON.parse((await request('/api/auth.me', { body: {}, headers: { ...key, authorization: `Bearer ${login.data.token}` } })).body);
    expect(me.data.user.username).toBe('admin');
    await expectRefusal(JSON.parse((await request('/api/auth.me', { body: {}, headers: key })).body), 'NOT_AUTHENTICATED', NOT_AUTHENTICATED_MESSAGE);
    await expectRefusal(JSON.parse((await request('/api/auth.login', { headers: key, body: undefined })).body), 'VALIDATION', 'Datos inválidos en «username»: Entrada inválida: se esperaba texto, recibido indefinido');
    await expectRefusal(JSON.parse((await request('/api/nada.existe', { body: {}, headers: key })).body), 'UNKNOWN_HANDLER', 'Operación desconocida: nada.existe');
  });
});

describe('the web door answers every error in JSON, in Spanish (issue 12)', () => {
  const key = { 'x-ventanilla-key': 'clave-de-prueba' };
  const json = (r: { body: string; headers: http.IncomingHttpHeaders }) => {
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    return JSON.parse(r.body) as { ok: false; error: { code: string; message: string } };
  };

  it('no key, another site, a wrong method: JSON with the reason', async () => {
    expect(json(await request('/api/setup.status', { body: {} }))).toEqual({
      ok: false,
      error: { code: 'NOT_AUTHENTICATED', message: 'Clave de acceso inválida: abra la dirección que imprimió npm run web.' },
    });
    expect(json(await request('/api/setup.status', { body: {}, headers: { ...key, origin: 'http://evil.example' } })).error).toEqual({ code: 'FORBIDDEN', message: 'Otro sitio web no puede usar Ventanilla.' });
    expect(json(await request('/api/setup.status', { body: {}, headers: { ...key, host: 'evil.example:80' } })).error.code).toBe('FORBIDDEN');
    const get = await request('/api/setup.status', { method: 'GET', headers: key });
    expect(get.status).toBe(405);
    expect(json(get).error).toEqual({ code: 'VALIDATION', message: 'Las operaciones se piden con POST.' });
  });

  it('a malformed address gets 400, not 500, on the API and on the pages', async () => {
    for (const path of ['/api/%E0%A4%A', '/%E0%A4%A', '/api/pqr.get%']) {
      const api = path.startsWith('/api/');
      const r = await request(path, { body: api ? {} : undefined, headers: key, method: api ? 'POST' : 'GET' });
      expect(r.status, path).toBe(400);
      expect(json(r)).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'La dirección pedida está mal formada.' } });
    }
  });

  it('a request over 6 MB gets 413 with the reason (the whole body is read, so the browser sees the answer)', async () => {
    const body = { uploadId: '0'.repeat(32), offset: 0, dataBase64: 'A'.repeat(7 * 1024 * 1024) };
    const r = await request('/api/attachments.chunk', { body, headers: key });
    expect(r.status).toBe(413);
    expect(json(r)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Lo enviado supera el máximo de 6 MB por envío. Los archivos grandes se envían por partes: vuelva a intentarlo desde la pantalla que los adjunta.',
      },
    });
    // the door is still there for the next call
    expect((await request('/api/setup.status', { body: {}, headers: key })).status).toBe(200);
  });

  it('a body that is not JSON is refused in Spanish', async () => {
    const r = await new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/api/setup.status', method: 'POST', headers: { ...key, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      });
      req.on('error', reject);
      req.end('{no es json');
    });
    expect(json(r)).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'El cuerpo de la petición no es JSON válido' } });
  });
});
