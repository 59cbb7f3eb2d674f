/**
 * What the desktop app says in its own dialogs, in Spanish and with what to do: a database that does
 * not open at start, a screen that crashed or stopped answering, Ayuda › Acerca de, and the updates.
 * No dialog sends the user to a command line: each names the button or the screen that does it.
 * No Electron here (electron/main/index.ts shows them), so the words are tested in Node.
 */
import type { AboutInfo, UpdateStatus } from '../../shared/contract/desktop';

/** What a start-up dialog offers, besides "Salir". */
export type StartupAction = 'restaurar' | 'carpeta' | 'actualizar';

export interface StartupProblem {
  title: string;
  message: string;
  detail: string;
  actions: StartupAction[];
}

export const ACTION_LABELS: Record<StartupAction | 'salir', string> = {
  restaurar: 'Restaurar una copia de seguridad…',
  carpeta: 'Abrir la carpeta de datos',
  actualizar: 'Actualizar ahora',
  salir: 'Salir',
};

export interface StartupContext {
  /** the database as named to people: the file, or the server without its password */
  database: string;
  dataDir: string;
  engine: 'sqlite' | 'pg';
  /** the company's update server, when it could be read */
  updateUrl: string | null;
}

/** The codes of an error and of the errors it wraps. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The dialog for a database that did not open at start. */
export function startupProblem(error: unknown, ctx: StartupContext): StartupProblem {
  const codes = errorCodes(error);
  const has = (...wanted: string[]) => wanted.some((code) => codes.includes(code));
  const reason = messageOf(error);
  const sqlite = ctx.engine === 'sqlite';
  const keepSafe = 'La base de datos no se modificó.';
  if (error instanceof Error && error.name === 'NewerSchemaError') {
    return {
      title: 'Hay que actualizar Ventanilla en este equipo',
      message: 'Esta ventanilla tiene una versión más antigua que la de la base de datos.',
      detail: ctx.updateUrl
        ? `${reason}\n\n«Actualizar ahora» descarga la versión nueva del servidor de actualizaciones de la empresa (${ctx.updateUrl}) y la instala.`
        : reason,
      actions: ctx.updateUrl ? ['actualizar'] : [],
    };
  }
  if (/carpeta de red/.test(reason)) {
    return { title: 'La base de datos está en una carpeta de red', message: 'Ventanilla no abre una base de datos SQLite en una carpeta compartida.', detail: reason, actions: ['carpeta'] };
  }
  if (/no es una configuración válida|No se pudo descifrar|No se pudo leer la configuración|carpeta de datos elegida/.test(reason)) {
    return { title: 'La configuración de este equipo no sirve', message: 'Ventanilla no pudo leer cómo conectarse a su base de datos.', detail: `${reason}\n\n${keepSafe}`, actions: ['carpeta'] };
  }
  if (sqlite && has('SQLITE_NOTADB', 'SQLITE_CORRUPT')) {
    return {
      title: 'La base de datos está dañada',
      message: `El archivo ${ctx.database} no es una base de datos que Ventanilla pueda leer.`,
      detail:
        `${reason}\n\nRestaure la copia de seguridad más reciente con «Restaurar una copia de seguridad…» (las copias diarias están en la carpeta «backups» de la carpeta de datos, ${ctx.dataDir}). ` +
        'El archivo dañado se guarda aparte antes de restaurar.',
      actions: ['restaurar', 'carpeta'],
    };
  }
  if (sqlite && has('SQLITE_BUSY', 'SQLITE_LOCKED')) {
    return {
      title: 'La base de datos está ocupada',
      message: 'Otro programa tiene la base de datos de Ventanilla ocupada.',
      detail: `${reason}\n\nCierre Ventanilla en las otras sesiones de Windows de este equipo (y cualquier otro programa que la tenga abierta) y vuelva a abrirla. ${keepSafe}`,
      actions: [],
    };
  }
  if (sqlite && has('SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'EROFS')) {
    return {
      title: 'No se puede escribir en la carpeta de datos',
      message: `Este usuario de Windows no puede abrir o escribir ${ctx.database}.`,
      detail:
        `${reason}\n\nLa carpeta de datos (${ctx.dataDir}) debe permitir escribir a los usuarios de este equipo. ` +
        'Reinstalar Ventanilla con un usuario administrador de Windows le devuelve esos permisos; si la carpeta está en un disco externo o de solo lectura, conéctelo o cámbielo.',
      actions: ['carpeta'],
    };
  }
  return {
    title: 'Ventanilla no pudo abrir la base de datos',
    message: `No se pudo abrir ${ctx.database}.`,
    detail: sqlite
      ? `${reason}\n\n${keepSafe} Si el problema sigue, restaure la copia de seguridad más reciente (carpeta «backups» de ${ctx.dataDir}).`
      : `${reason}\n\n${keepSafe}`,
    actions: sqlite ? ['restaurar', 'carpeta'] : ['carpeta'],
  };
}

/** The screen's process ended (crash, out of memory, killed). */
export function screenGoneMessage(reason: string): { title: string; message: string; detail: string; buttons: [string, string] } {
  const why: Record<string, string> = {
    crashed: 'falló',
    oom: 'se quedó sin memoria',
    killed: 'fue cerrada por el sistema',
    'launch-failed': 'no pudo arrancar',
    'integrity-failure': 'no pasó la revisión de integridad',
  };
  return {
    title: 'La pantalla de Ventanilla se cerró',
    message: `La pantalla ${why[reason] ?? `se cerró (${reason})`}.`,
    detail: 'Lo que ya se había guardado (pagos, radicaciones…) está a salvo; lo que estaba a medio escribir se perdió. «Volver a cargar» abre de nuevo la pantalla.',
    buttons: ['Volver a cargar', 'Salir'],
  };
}

/** The screen stopped answering. */
export function unresponsiveMessage(): { title: string; message: string; detail: string; buttons: [string, string] } {
  return {
    title: 'Ventanilla no responde',
    message: 'La pantalla no responde.',
    detail: 'Puede esperar a que termine lo que está haciendo, o volver a cargarla (lo que estaba a medio escribir se pierde; lo guardado está a salvo).',
    buttons: ['Esperar', 'Volver a cargar'],
  };
}

const PROGRAM_NAMES: Record<AboutInfo['program'], string> = {
  escritorio: 'aplicación de escritorio',
  navegador: 'en el navegador',
  consola: 'consola',
  prueba: 'prueba',
};

/** Ayuda › Acerca de. */
export function aboutText(info: AboutInfo): { title: string; message: string; detail: string } {
  const lines = [
    `Versión ${info.version} (${PROGRAM_NAMES[info.program]}), esquema de la base de datos ${info.schemaVersion}`,
    `Carpeta de datos: ${info.dataDir}`,
    `Registro (log): ${info.logFile ?? 'en la consola'}`,
    `Base de datos: ${info.database}`,
  ];
  if (info.updates) lines.push(`Actualizaciones: ${info.updates.message}`);
  lines.push(`Electron ${info.electron ?? '—'} · Node ${info.node} · ${info.platform}`);
  return { title: 'Acerca de Ventanilla', message: `${info.product} ${info.version}`, detail: lines.join('\n') };
}

/** An update downloaded: install now or when the app closes. */
export function updateReadyMessage(version: string): { title: string; message: string; detail: string; buttons: [string, string] } {
  return {
    title: 'Actualización lista',
    message: `La versión ${version} de Ventanilla está descargada.`,
    detail: 'Se instala al cerrar Ventanilla. «Reiniciar ahora» la instala ya (termine primero lo que esté haciendo).',
    buttons: ['Reiniciar ahora', 'Al cerrar'],
  };
}

/** The status line of the updates, for Acerca de and Administración › Este equipo. */
export function updateStatusText(state: UpdateStatus['state'], details: { url?: string | null; version?: string | null; error?: string | null; percent?: number | null } = {}): string {
  switch (state) {
    case 'sin-servidor':
      return 'Sin servidor de actualizaciones (Administración › Este equipo): la aplicación se actualiza instalando la versión nueva.';
    case 'buscando':
      return `Buscando una versión nueva en ${details.url ?? 'el servidor de actualizaciones'}…`;
    case 'al-dia':
      return 'Esta es la versión más reciente publicada en el servidor de actualizaciones.';
    case 'descargando':
      return `Descargando la versión ${details.version ?? 'nueva'}${details.percent != null ? ` (${Math.round(details.percent)} %)` : ''}…`;
    case 'lista':
      return `Versión ${details.version ?? 'nueva'} descargada: se instala al cerrar la aplicación.`;
    case 'error':
      return `No se pudo consultar el servidor de actualizaciones${details.url ? ` ${details.url}` : ''}: ${details.error ?? 'sin respuesta'}. Se intenta de nuevo más tarde.`;
  }
}
