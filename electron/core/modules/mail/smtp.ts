/**
 * The one door to the SMTP server: nodemailer (a maintained mail library) with the company's
 * settings, and its failures said in Spanish for the log and the settings screen.
 */
import type { Input } from '../../../../shared/contract';

/** what the settings screen saves, with the password opened */
export type SmtpSettings = Required<Input<'mail.saveSettings'>>;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachment: { fileName: string; content: Buffer } | null;
}

export type SmtpOutcome =
  | { ok: true; response: string; messageId: string }
  /** permanent: the server refused this message for good (a 5xx on the recipient or the content) */
  | { ok: false; error: string; response: string; permanent: boolean };

const SECONDS = 1000;

export async function sendMail(settings: SmtpSettings, mail: OutgoingMail): Promise<SmtpOutcome> {
  // nodemailer loads with the first message, not at start (issue 20, item 5)
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'ninguna',
    auth: settings.username ? { user: settings.username, pass: settings.password } : undefined,
    tls: settings.caPem ? { ca: settings.caPem } : undefined,
    connectionTimeout: 15 * SECONDS,
    greetingTimeout: 15 * SECONDS,
    socketTimeout: 60 * SECONDS,
  });
  try {
    const info = await transport.sendMail({
      from: settings.fromName ? { name: settings.fromName, address: settings.fromAddress } : settings.fromAddress,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachment ? [{ filename: mail.attachment.fileName, content: mail.attachment.content, contentType: 'application/pdf' }] : [],
    });
    return { ok: true, response: String(info.response ?? ''), messageId: String(info.messageId ?? '') };
  } catch (error) {
    return explainSmtpError(error, settings, mail.to);
  } finally {
    transport.close();
  }
}

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  command?: string;
}

/** A nodemailer failure → what the person at the screen reads, and whether trying again can help. */
export function explainSmtpError(error: unknown, settings: Pick<SmtpSettings, 'host' | 'port'>, to: string): { ok: false; error: string; response: string; permanent: boolean } {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorShape;
  const response = e.response ?? e.message ?? '';
  const server = `${settings.host}:${settings.port}`;
  const text = `${e.message ?? ''} ${e.response ?? ''}`;
  const answer = (message: string, permanent = false) => ({ ok: false as const, error: message, response, permanent });
  if (e.code === 'EAUTH')
    return answer(`El servidor de correo rechazó el usuario o la clave${e.responseCode ? ` (respuesta ${e.responseCode})` : ''}: revise el usuario y la clave en Administración › Correo.`);
  if (/certificate|self[- ]signed|CERT_|unable to verify/i.test(text))
    return answer(`El certificado del servidor de correo ${server} no es de confianza: pegue el certificado de su autoridad en Administración › Correo o pida uno válido a quien administra el servidor.`);
  if (e.code === 'ETLS' || /STARTTLS/i.test(text))
    return answer(`El servidor de correo ${server} no ofrece una conexión cifrada (STARTTLS): revise el puerto y la seguridad en Administración › Correo.`);
  if (/ECONNREFUSED/.test(text)) return answer(`No se pudo conectar con el servidor de correo ${server}: rechazó la conexión (¿servidor o puerto errados?).`);
  if (/ENOTFOUND|EAI_AGAIN/.test(text) || e.code === 'EDNS') return answer(`No se encontró el servidor de correo «${settings.host}»: revise el nombre en Administración › Correo o la conexión a internet.`);
  if (e.code === 'ETIMEDOUT' || /timeout|ETIMEDOUT/i.test(text)) return answer(`El servidor de correo ${server} no respondió a tiempo; se intentará de nuevo.`);
  if (e.code === 'EENVELOPE') {
    const permanent = (e.responseCode ?? 0) >= 500;
    return answer(`El servidor de correo no aceptó la dirección ${to}${e.responseCode ? ` (respuesta ${e.responseCode})` : ''}${permanent ? ': revise el correo del cliente.' : '; se intentará de nuevo.'}`, permanent);
  }
  if (e.code === 'EMESSAGE' || e.responseCode) {
    const permanent = (e.responseCode ?? 0) >= 500;
    return answer(`El servidor de correo no aceptó el mensaje${e.responseCode ? ` (respuesta ${e.responseCode})` : ''}${permanent ? '.' : '; se intentará de nuevo.'}`, permanent);
  }
  return answer(`No se pudo enviar el correo por ${server}: ${e.message ?? String(error)}.`);
}
