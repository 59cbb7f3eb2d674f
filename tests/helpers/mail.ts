/**
 * The real SMTP server of the e-mail tests (.ci/smtp-setup.sh: Postfix on loopback, STARTTLS, AUTH,
 * every message into one maildir) and a reader of what it delivered.
 *
 *   VENTANILLA_TEST_SMTP=smtp://USER:PASSWORD@127.0.0.1:2587
 *   VENTANILLA_TEST_SMTP_MAILDIR=/var/spool/ventanilla-mail/Maildir
 *   VENTANILLA_TEST_SMTP_CA=/etc/ventanilla-smtp/cert.pem
 * Without them the mail tests skip with the reason, except in CI (CI set), where they fail.
 *
 * The reader splits a delivered message the way nodemailer builds it (RFC 5322 headers, one level
 * of multipart, quoted-printable or base64 parts, RFC 2047 encoded words); nothing more.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TestSmtp {
  host: string;
  port: number;
  username: string;
  password: string;
  maildir: string;
  caPem: string;
}

function fromEnvironment(): TestSmtp | null {
  const url = process.env.VENTANILLA_TEST_SMTP;
  if (!url) return null;
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 587),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    maildir: process.env.VENTANILLA_TEST_SMTP_MAILDIR ?? '/var/spool/ventanilla-mail/Maildir',
    caPem: process.env.VENTANILLA_TEST_SMTP_CA ? fs.readFileSync(process.env.VENTANILLA_TEST_SMTP_CA, 'utf8') : '',
  };
}

export const TEST_SMTP = fromEnvironment();
export const SMTP_SKIP_REASON = 'no hay servidor SMTP de prueba (ejecute .ci/smtp-setup.sh y defina VENTANILLA_TEST_SMTP, VENTANILLA_TEST_SMTP_MAILDIR y VENTANILLA_TEST_SMTP_CA como en .ci/run)';

export interface ReceivedPart {
  headers: Record<string, string>;
  contentType: string;
  fileName: string;
  /** decoded bytes */
  content: Buffer;
}

export interface ReceivedMail {
  file: string;
  headers: Record<string, string>;
  subject: string;
  to: string;
  /** the text/plain part, decoded */
  text: string;
  attachments: ReceivedPart[];
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const cut = raw.search(/\r?\n\r?\n/);
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const body = cut < 0 ? '' : raw.slice(cut).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeQp(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047: =?UTF-8?Q?…?= and =?UTF-8?B?…?= */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQp(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function decodeBody(headers: Record<string, string>, body: string): Buffer {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQp(body);
  return Buffer.from(body, 'utf8');
}

function parse(file: string): ReceivedMail {
  const raw = fs.readFileSync(file, 'latin1');
  const { headers, body } = splitHeaders(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const parts: ReceivedPart[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHeaders(chunk.replace(/^\r?\n/, ''));
      const contentType = part.headers['content-type'] ?? 'text/plain';
      const fileName = decodeWords(/filename="?([^";]+)"?/i.exec(part.headers['content-disposition'] ?? '')?.[1] ?? /name="?([^";]+)"?/i.exec(contentType)?.[1] ?? '');
      parts.push({ headers: part.headers, contentType, fileName, content: decodeBody(part.headers, part.body.replace(/\r?\n$/, '')) });
    }
  } else parts.push({ headers, contentType: type, fileName: '', content: decodeBody(headers, body) });
  const textPart = parts.find((p) => p.contentType.startsWith('text/plain') && !p.fileName);
  return {
    file,
    headers,
    subject: decodeWords(headers.subject ?? ''),
    to: headers.to ?? '',
    text: textPart ? textPart.content.toString('utf8').replace(/\r\n/g, '\n') : '',
    attachments: parts.filter((p) => p.fileName !== ''),
  };
}

/** every message delivered so far */
export function receivedMails(smtp: TestSmtp): ReceivedMail[] {
  const dirs = ['new', 'cur'].map((d) => path.join(smtp.maildir, d));
  return dirs.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => parse(path.join(dir, f))) : []));
}

/** the messages delivered to this address (the tests make one address per run) */
export function mailsTo(smtp: TestSmtp, address: string): ReceivedMail[] {
  return receivedMails(smtp).filter((m) => m.to.includes(address));
}

/**
 * Waits (the server delivers a moment after it answers 250) for the one message to `address` with
 * this subject.
 */
export async function waitForMail(smtp: TestSmtp, address: string, subject: string | RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsTo(smtp, address).filter((m) => (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)));
    if (found.length === 1) return found[0];
    if (found.length > 1) throw new Error(`llegaron ${found.length} correos a ${address} con el asunto «${String(subject)}»`);
    if (Date.now() > until) throw new Error(`no llegó al maildir un correo a ${address} con el asunto «${String(subject)}»`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
