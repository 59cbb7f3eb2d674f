/**
 * The web door: the same handler table over HTTP on 127.0.0.1, so that the renderer runs in a plain
 * browser (`npm run web`) and the end-to-end tests drive it. It answers only on loopback, only to
 * requests that carry the key created at start, and only to its own Host and Origin.
 *
 * Every answer is JSON, errors included: `{ ok: false, error: { code, message } }` with the message
 * in Spanish and the HTTP status saying what went wrong (400 a malformed address or body, 401 no key,
 * 403/421 another site, 405 a wrong method, 413 a request over the limit), so the screen shows the
 * reason instead of "no hay conexión". Files larger than the limit travel in chunks (imports.*,
 * attachments.*).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { BackOffice } from '../context';
import { loadDispatch } from '../schedulers';
import type { ErrorCode, Result } from '../../../shared/result';
import { CONTENT_SECURITY_POLICY } from './csp';
import { startupMark } from '../startup-marks';

export interface HostOptions {
  app: BackOffice;
  /** 0 picks a free port */
  port: number;
  /** folder with the built renderer (index.html) */
  staticDir: string;
  /** the access key; random when not given */
  key?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  key: string;
  close(): Promise<void>;
}

/** Largest request body: one upload chunk of 4 MB in base64 plus the envelope. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;
/** a body over the limit is still read (and dropped) up to this much, so the browser gets the 413 answer; beyond it the connection is cut */
const DRAIN_LIMIT_BYTES = 128 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // PDF.js's worker is a module script: refused under nosniff unless served as JavaScript
  '.mjs': 'text/javascript; charset=utf-8',
  '.ttf': 'font/ttf',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const key = options.key || randomBytes(18).toString('base64url');
  const keyBuffer = Buffer.from(key);
  const staticRoot = path.resolve(options.staticDir);
  let port = options.port;

  const sameKey = (given: string | undefined) => {
    const b = Buffer.from(given ?? '');
    return b.length === keyBuffer.length && timingSafeEqual(b, keyBuffer);
  };
  const ownHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = http.createServer(async (req, res) => {
    try {
      // DNS rebinding: a page from another site that resolves to 127.0.0.1 still sends its own Host
      if (!req.headers.host || !ownHosts().has(req.headers.host)) return reply(res, 421, 'FORBIDDEN', 'Esta dirección no corresponde a Ventanilla: ábrala como 127.0.0.1 o localhost.');
      const origin = req.headers.origin;
      if (origin && !ownHosts().has(origin.replace(/^http:\/\//, ''))) return reply(res, 403, 'FORBIDDEN', 'Otro sitio web no puede usar Ventanilla.');
      const url = parseUrl(req.url, req.headers.host);
      if (!url) return reply(res, 400, 'VALIDATION', 'La dirección pedida está mal formada.');
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return reply(res, 405, 'VALIDATION', 'Las operaciones se piden con POST.');
        if (!sameKey(header(req, 'x-ventanilla-key'))) return reply(res, 401, 'NOT_AUTHENTICATED', 'Clave de acceso inválida: abra la dirección que imprimió npm run web.');
        const name = decodeURIComponent(url.pathname.slice('/api/'.length));
        startupMark('primera petición a la API');
        const body = await readJson(req);
        const token = header(req, 'authorization')?.replace(/^Bearer\s+/i, '') ?? null;
        const result = body === undefined
          ? ({ ok: false, error: { code: 'VALIDATION', message: 'El cuerpo de la petición no es JSON válido' } } as Result<unknown>)
          : await (await loadDispatch()).dispatch(options.app, name, body, { door: 'http', token });
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(result));
        startupMark('primera respuesta de la API');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'VALIDATION', 'Método no permitido: las páginas se piden con GET.');
      startupMark('primera página pedida');
      serveStatic(staticRoot, url.pathname, res);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return reply(res, 413, 'VALIDATION', `Lo enviado supera el máximo de ${MAX_BODY_BYTES / 1024 / 1024} MB por envío. Los archivos grandes se envían por partes: vuelva a intentarlo desde la pantalla que los adjunta.`);
      }
      console.error('[ventanilla web]', error);
      if (!res.headersSent) reply(res, 500, 'INTERNAL', 'Error interno del sistema. La operación no se realizó; intente de nuevo o avise al administrador.');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  // the handler table loads now, while the browser loads the page (its first call waits for it)
  void loadDispatch();
  return {
    url: `http://127.0.0.1:${port}/?k=${encodeURIComponent(key)}`,
    port,
    key,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** the address asked for, or null when it is malformed (a bad %-escape, an impossible URL) */
function parseUrl(raw: string | undefined, host: string): URL | null {
  try {
    const url = new URL(raw ?? '/', `http://${host}`);
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

/** every answer of the door that is not a handler's: JSON with a Spanish message */
function reply(res: http.ServerResponse, status: number, code: ErrorCode, message: string): void {
  const body: Result<never> = { ok: false, error: { code, message } };
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT_BYTES) {
      req.destroy();
      throw new BodyTooLarge();
    }
    // over the limit: keep reading to the end (dropping it) so that the answer reaches the browser
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  let file = path.resolve(root, relative || 'index.html');
  if (!file.startsWith(root + path.sep) && file !== root) return reply(res, 404, 'NOT_FOUND', 'No encontrado.');
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    return reply(res, 503, 'INTERNAL', 'La interfaz no está construida. Ejecute: npm run web:build');
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}
