/**
 * What is inside an attached file (issue 12), after its type was detected by its first bytes
 * (attachments.ts `sniffType`): the name's extension must agree with that type, and a file is
 * refused when it hides something the counter must not keep or hand out again:
 * - a macro document (.docm and the other macro-enabled Office names; a .docx whose package declares
 *   macros or holds a vbaProject; a .doc with a VBA project);
 * - inside a ZIP claimed as Word (.docx): anything that is not a Word package, archives (zip, rar,
 *   7z, gzip, cab) and executables, by name or by content (embedded Office documents without macros,
 *   such as the worksheet of a chart, are fine);
 * - a polyglot PDF: a PDF header with a web page (HTML) or an executable inside;
 * - in any file, an executable program (a Windows PE or a Linux ELF image) hidden in its bytes.
 * The answers are in Spanish and name the file.
 */
import type * as Fflate from 'fflate';
import type { UnzipFileInfo } from 'fflate';
import { onFirstUse } from '../../lazy-package';

/** loaded with the first Office file checked, not at start (lazy-package.ts) */
const fflate = onFirstUse<typeof Fflate>('fflate');

/** the extensions a detected type may carry (the detected one first) */
const ALIASES: Record<string, readonly string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  doc: ['doc'],
  docx: ['docx'],
};

const TYPE_NAMES: Record<string, string> = {
  pdf: 'un PDF',
  png: 'una imagen PNG',
  jpg: 'una imagen JPG',
  doc: 'un documento de Word (.doc)',
  docx: 'un documento de Word (.docx)',
};

/** Office files that may carry macros */
const MACRO_EXTENSIONS = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppsm', 'ppam', 'sldm']);
/** names that are programs or scripts */
const PROGRAM_EXTENSIONS = new Set(['exe', 'dll', 'com', 'scr', 'bat', 'cmd', 'ps1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'msi', 'msp', 'jar', 'hta', 'lnk', 'cpl', 'sh', 'elf', 'bin']);
/** names that are archives */
const ARCHIVE_EXTENSIONS = new Set(['zip', 'rar', '7z', 'gz', 'tgz', 'tar', 'cab', 'iso', 'arj', 'lzh', 'xz', 'bz2']);
/** Office packages that may travel inside a .docx (a chart's worksheet…), checked in turn */
const NESTED_OFFICE = new Set(['xlsx', 'docx', 'pptx']);
/** binary parts a Word package legitimately holds (printer settings, OLE objects): checked by content, not refused by name */
const OFFICE_BINARY_PARTS = /^(word\/(printerSettings|embeddings)\/|customXml\/)/i;

/** a .docx whose parts expand to more than this is refused (a "zip bomb" would fill the memory) */
const MAX_EXPANDED_BYTES = 200 * 1024 * 1024;

/** the extension of a file name, lowercase, or '' when it has none */
export function extensionOf(fileName: string): string {
  return /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
}

/** the name with the detected type's extension (stored and served under it) */
export function nameWithExtension(fileName: string, extension: string): string {
  const name = fileName.trim();
  const current = extensionOf(name);
  const base = current ? name.slice(0, -(current.length + 1)) : name;
  return `${base || 'adjunto'}.${extension}`;
}

function startsWith(content: Uint8Array, bytes: number[], at = 0): boolean {
  return bytes.every((b, i) => content[at + i] === b);
}

/** a Windows PE image (MZ with its PE header where it points) or a Linux ELF image anywhere in the bytes */
export function hasExecutable(content: Uint8Array): boolean {
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  for (let at = buffer.indexOf('MZ', 0, 'latin1'); at !== -1; at = buffer.indexOf('MZ', at + 1, 'latin1')) {
    if (at + 0x40 > buffer.length) break;
    const pe = buffer.readUInt32LE(at + 0x3c);
    if (pe >= 0x40 && pe < 0x10000 && at + pe + 4 <= buffer.length && startsWith(buffer, [0x50, 0x45, 0, 0], at + pe)) return true;
  }
  for (let at = buffer.indexOf('\x7fELF', 0, 'latin1'); at !== -1; at = buffer.indexOf('\x7fELF', at + 1, 'latin1')) {
    const [cls, data, version] = [buffer[at + 4], buffer[at + 5], buffer[at + 6]];
    if ((cls === 1 || cls === 2) && (data === 1 || data === 2) && version === 1) return true;
  }
  return false;
}

/** an archive by its first bytes: zip, rar, 7z, gzip, cab */
function isArchive(content: Uint8Array): boolean {
  return (
    startsWith(content, [0x50, 0x4b, 0x03, 0x04]) ||
    startsWith(content, [0x52, 0x61, 0x72, 0x21]) ||
    startsWith(content, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
    startsWith(content, [0x1f, 0x8b]) ||
    startsWith(content, [0x4d, 0x53, 0x43, 0x46])
  );
}

const HTML_MARKERS = ['<html', '<!doctype html', '<script', '<body', '<iframe'];

/** a web page inside (what a browser would run if the file were opened as HTML) */
function hasHtml(content: Buffer): boolean {
  const text = content.toString('latin1').toLowerCase();
  return HTML_MARKERS.some((marker) => text.includes(marker));
}

/** a VBA project in an OLE (Word 97-2003) file: its storages are named in UTF-16 */
function hasOleMacros(content: Buffer): boolean {
  return ['_VBA_PROJECT', 'Macros'].some((name) => content.includes(Buffer.from(name, 'utf16le')));
}

/** why an Office package (a .docx, or an Office document inside it) is refused; null when it is fine */
function officePackageProblem(name: string, content: Uint8Array, depth: number, requireWord: boolean): string | null {
  const listed: UnzipFileInfo[] = [];
  let parts: Record<string, Uint8Array>;
  try {
    let expanded = 0;
    parts = fflate().unzipSync(content, {
      filter: (file) => {
        listed.push(file);
        expanded += file.originalSize;
        return expanded <= MAX_EXPANDED_BYTES;
      },
    });
  } catch {
    return `«${name}» no es un documento de Word válido: el archivo está dañado.`;
  }
  if (listed.reduce((sum, f) => sum + f.originalSize, 0) > MAX_EXPANDED_BYTES) {
    return `«${name}» no se recibe: su contenido comprimido se expande a más de ${MAX_EXPANDED_BYTES / 1024 / 1024} MB.`;
  }
  const types = parts['[Content_Types].xml'];
  if (!types || (requireWord && !parts['word/document.xml'])) {
    return `«${name}» no es un documento de Word: es otro archivo comprimido (ZIP) con el nombre cambiado.`;
  }
  if (/macroEnabled|vbaProject/i.test(fflate().strFromU8(types)) || listed.some((f) => /(^|\/)(vbaProject\.bin|vbaData\.xml)$/i.test(f.name))) {
    return `«${name}» es un documento con macros: no se recibe; guárdelo como .docx sin macros o como PDF.`;
  }
  for (const [part, bytes] of Object.entries(parts)) {
    const extension = extensionOf(part);
    const nested = NESTED_OFFICE.has(extension) && depth === 0;
    if (nested) {
      const problem = officePackageProblem(name, bytes, depth + 1, false);
      if (problem) return problem;
      continue;
    }
    if (MACRO_EXTENSIONS.has(extension)) return `«${name}» lleva dentro un documento con macros («${part}»): no se recibe.`;
    const byName = (PROGRAM_EXTENSIONS.has(extension) && !OFFICE_BINARY_PARTS.test(part)) || ARCHIVE_EXTENSIONS.has(extension);
    if (byName || hasExecutable(bytes) || isArchive(bytes)) {
      return `«${name}» lleva dentro un programa o un archivo comprimido («${part}»): no se recibe.`;
    }
  }
  return null;
}

/**
 * The Spanish reason the content of `name`, detected as `extension` (pdf, png, jpg, doc, docx),
 * is refused; null when it may be kept.
 */
export function contentProblem(name: string, content: Buffer, extension: string): string | null {
  const given = extensionOf(name);
  if (MACRO_EXTENSIONS.has(given)) return `«${name}» es un documento con macros (.${given}): no se recibe; guárdelo como .docx sin macros o como PDF.`;
  if (given && !(ALIASES[extension] ?? [extension]).includes(given)) {
    return `«${name}» dice ser .${given} pero su contenido es ${TYPE_NAMES[extension] ?? extension}: revise que sea el archivo correcto o cámbiele el nombre.`;
  }
  if (extension === 'docx') {
    const problem = officePackageProblem(name, content, 0, true);
    if (problem) return problem;
  }
  if (extension === 'doc' && hasOleMacros(content)) return `«${name}» es un documento de Word con macros: no se recibe; guárdelo como .docx sin macros o como PDF.`;
  if (extension === 'pdf' && hasHtml(content)) return `«${name}» es un PDF que lleva dentro una página web (HTML): no se recibe.`;
  if (hasExecutable(content)) return `«${name}» lleva dentro un programa ejecutable: no se recibe.`;
  return null;
}
