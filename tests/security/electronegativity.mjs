#!/usr/bin/env node
/**
 * `npm run security`: Electronegativity over the app's Electron sources (main, preload, core), the
 * renderer's sources and page, and the built renderer when `out/renderer` exists. Electronegativity
 * exits 0 whatever it finds, so this takes its findings (the same ones its SARIF/CSV reports carry;
 * `--sarif <file>` writes that report too), prints each one (file:line, check, description) and
 * exits 1 if any is left after the reviewed ones below; 0 with a one-line summary.
 *
 * It also evaluates the real Content-Security-Policy (electron/core/host/csp.ts) with the same CSP
 * evaluator, because Electronegativity cannot read a header value that comes from a constant.
 *
 * Offline, Electronegativity waits ~10 s trying to download Electron's release list (for its
 * "available security fixes" check) and then goes on without it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
/** the CSP evaluator Electronegativity itself uses (its dependency, not ours) */
const cspEvaluator = () => createRequire(require.resolve('@doyensec/electronegativity/package.json'))('@doyensec/csp-evaluator');

/**
 * Findings reviewed by a person and accepted, each with the reason. A finding matches when its
 * check, its file and (if given) a piece of its description match; anything else fails the run.
 * Keep this list short and the reasons true: when the code changes, review again.
 */
const REVIEWED = [
  {
    check: 'PARSE_ERROR',
    // the chunk Vite makes of pdfjs-dist (renderer/src/app/PdfPreview.tsx loads it on the first preview)
    files: [/^out\/renderer\/assets\/pdf-[\w-]+\.js$/],
    description: 'PrivateName',
    reason:
      'PDF.js de Mozilla (pdfjs-dist), código de terceros en su propio fragmento: usa campos privados de clase (#campo in objeto) ' +
      'que el analizador de la herramienta no conoce. No es código de la aplicación; corre bajo la misma CSP, sin eval ' +
      '(isEvalSupported: false) ni WebAssembly (useWasm: false), con su worker servido desde nuestro origen',
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    files: ['electron/main/security.ts'],
    description: 'Failed to parse CSP',
    reason:
      'falso positivo: la cabecera usa la constante CONTENT_SECURITY_POLICY de electron/core/host/csp.ts, que la herramienta no ' +
      'resuelve; este script evalúa esa constante con el mismo evaluador (evaluateAppCsp)',
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    files: ['renderer/index.html', 'out/renderer/index.html', 'electron/core/host/csp.ts'],
    description: "script-src 'self'",
    reason:
      "un «quizá» del evaluador de CSP: 'self' es app://ventanilla (o 127.0.0.1 con clave en la puerta web), que sirve solo " +
      'nuestro paquete compilado: sin JSONP, sin Angular, sin archivos subidos por usuarios servidos desde ese origen',
  },
  {
    // the windows take their webPreferences from one helper (electron/main/preferences.ts), which the
    // tool cannot follow into the BrowserWindow calls: tests/unit/window-preferences.test.ts holds them
    check: 'CONTEXT_ISOLATION_JS_CHECK',
    files: ['electron/main/window.ts', 'electron/main/index.ts'],
    reason:
      'webPreferences = hardenedPreferences() de electron/main/preferences.ts: contextIsolation true, sandbox true, ' +
      'nodeIntegration false (probado en tests/unit/window-preferences.test.ts); la herramienta no sigue la llamada',
  },
  {
    check: 'SANDBOX_JS_CHECK',
    files: ['electron/main/window.ts', 'electron/main/index.ts'],
    reason: 'webPreferences = hardenedPreferences(): sandbox true (probado en tests/unit/window-preferences.test.ts); la herramienta no sigue la llamada',
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    files: ['electron/main/window.ts', 'electron/main/index.ts'],
    reason:
      "webPreferences = hardenedPreferences(): disableBlinkFeatures 'Auxclick' (probado en tests/unit/window-preferences.test.ts), " +
      'y setWindowOpenHandler niega toda ventana nueva (electron/main/security.ts)',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    files: ['electron/main/security.ts'],
    reason:
      'setWindowOpenHandler niega toda ventana nueva y solo pasa a shell.openExternal direcciones https de los sitios de la ' +
      'lista de la empresa (Administración › Este equipo; electron/main/external-links.ts, probado en tests/unit): nunca ' +
      'file:, smb:, http ni esquemas propios, ni usuario, clave o puerto en la dirección; la interfaz no carga contenido remoto',
  },
];

/** The folders scanned, copied to one temporary folder so that one run (and one SARIF) covers them all. */
const SOURCES = ['electron', 'renderer/index.html', 'renderer/src', 'package.json'];
const BUILT = ['out/renderer'];

function stage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-electronegativity-'));
  const copied = [];
  for (const item of [...SOURCES, ...BUILT]) {
    const from = path.join(ROOT, item);
    if (!fs.existsSync(from)) {
      if (BUILT.includes(item)) console.log(`(no existe ${item}: se revisan solo las fuentes; «npm run build» lo genera)`);
      continue;
    }
    fs.cpSync(from, path.join(dir, 'src', item), { recursive: true });
    copied.push(item);
  }
  return { dir, scanned: path.join(dir, 'src'), copied };
}

/** The Electron version the app ships, so that version-dependent checks use the right defaults. */
function electronVersion() {
  return JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/**
 * Runs Electronegativity's own runner (the function its CLI calls) and returns its findings. The
 * runner also returns the files it could not parse, which its CLI drops silently when it writes a
 * report: a file it cannot parse is a file it did not check, so that fails the run too. With
 * `--sarif <file>` the SARIF report is also written (for CI to keep).
 */
async function runElectronegativity(input, sarif) {
  const run = require('@doyensec/electronegativity/dist/runner.js');
  const { errors, issues } = await run(
    {
      input,
      output: sarif ?? undefined,
      isSarif: true,
      isRelative: true,
      isVerbose: true,
      electronVersionOverride: electronVersion(),
      customScan: [],
      excludeFromScan: [],
      parserPlugins: [],
    },
    false,
  );
  const relative = (file) => (path.isAbsolute(file) ? path.relative(input, file) : file).replace(/\\/g, '/');
  const findings = [];
  for (const e of errors) {
    if (e.tolerable) console.log(`aviso: ${relative(e.file)}: ${e.message}`);
    else findings.push({ check: 'PARSE_ERROR', level: 'error', file: relative(e.file), line: 0, description: `no se pudo analizar, así que no se revisó: ${e.message}` });
  }
  for (const issue of issues) {
    findings.push({
      check: issue.id,
      level: `${issue.severity?.name ?? '?'}/${issue.confidence?.name ?? '?'}${issue.manualReview ? ', revisión manual' : ''}`,
      file: relative(issue.file ?? 'N/A'),
      line: issue.location?.line ?? 0,
      description: issue.description ?? '',
    });
  }
  return findings;
}

/** The CSP the app really sends, read through tsx (it is a TypeScript constant), and the evaluator's findings on it. */
function evaluateAppCsp() {
  const csp = execFileSync(
    process.execPath,
    ['--import', 'tsx', '-e', "import('./electron/core/host/csp.ts').then((m) => process.stdout.write(m.CONTENT_SECURITY_POLICY))"],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const evaluator = cspEvaluator();
  const parsed = new evaluator.CspParser(csp);
  const results = new evaluator.CspEvaluator(parsed.csp, evaluator.Version.CSP3).evaluate();
  const reported = [evaluator.severities.HIGH, evaluator.severities.MEDIUM, evaluator.severities.HIGH_MAYBE, evaluator.severities.MEDIUM_MAYBE];
  return results
    .filter((r) => reported.includes(r.severity))
    .map((r) => ({
      check: 'CSP_GLOBAL_CHECK',
      level: `CSP ${Object.keys(evaluator.severities).find((name) => evaluator.severities[name] === r.severity)}`,
      file: 'electron/core/host/csp.ts',
      line: 1,
      description: `${r.directive} ${r.value ?? ''}: ${r.description}`,
    }));
}

/** For the 'maybe weak CSP' finding on a page, which directive the evaluator means. */
function explainPageCsp(finding, scanned) {
  if (finding.check !== 'CSP_GLOBAL_CHECK' || !finding.file.endsWith('.html')) return finding;
  const html = fs.readFileSync(path.join(scanned, finding.file), 'utf8');
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
  if (!content) return finding;
  const evaluator = cspEvaluator();
  const results = new evaluator.CspEvaluator(new evaluator.CspParser(content).csp, evaluator.Version.CSP3).evaluate();
  const worth = results.filter((r) => r.severity <= evaluator.severities.MEDIUM_MAYBE);
  const detail = worth.map((r) => `${r.directive} ${r.value ?? ''}`.trim()).join('; ');
  return { ...finding, description: `${finding.description} (${detail})` };
}

function reviewOf(finding) {
  return REVIEWED.find(
    (r) =>
      r.check === finding.check &&
      r.files.some((f) => (f instanceof RegExp ? f.test(finding.file) : f === finding.file)) &&
      (!r.description || finding.description.includes(r.description)),
  );
}

async function main() {
  const { dir, scanned, copied } = stage();
  try {
    const sarifArg = process.argv.indexOf('--sarif');
    const sarif = sarifArg > 0 ? path.resolve(process.argv[sarifArg + 1]) : null;
    const found = await runElectronegativity(scanned, sarif);
    const findings = [...found.map((f) => explainPageCsp(f, scanned)), ...evaluateAppCsp()];
    const open = [];
    const used = new Set();
    for (const f of findings) {
      const review = reviewOf(f);
      const where = `${f.file}:${f.line}`;
      if (review) {
        used.add(review);
        console.log(`revisado  ${where}  ${f.check}: ${f.description}\n          motivo: ${review.reason}`);
      } else {
        open.push(f);
        console.log(`HALLAZGO  ${where}  ${f.check} [${f.level}]: ${f.description}`);
      }
    }
    for (const r of REVIEWED.filter((r) => !used.has(r))) {
      console.log(`aviso: la excepción revisada ${r.check} (${r.files.join(', ')}) ya no corresponde a ningún hallazgo: quítela de ${path.relative(ROOT, fileURLToPath(import.meta.url))}`);
    }
    const summary = `Electronegativity (Electron ${electronVersion()}) sobre ${copied.join(', ')}: ${findings.length} hallazgos, ${findings.length - open.length} revisados, ${open.length} por corregir.`;
    if (open.length > 0) {
      console.error(summary);
      process.exitCode = 1;
    } else console.log(summary);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
