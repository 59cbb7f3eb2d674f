#!/usr/bin/env node
/**
 * `npm run advisories` (and CI): the security advisories of the installed dependencies, as
 * `npm audit` gets them from the registry, printed as a short table (package, severity, advisory,
 * whether a fix exists). It only informs: it exits 0 with advisories, and also when the registry
 * does not answer (no network, a mirror without the audit endpoint), saying so in one line.
 */
import { spawnSync } from 'node:child_process';

const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
const run = spawnSync(npm[0], [...npm.slice(1), 'audit', '--json'], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });

function unanswered(reason) {
  console.log(`Avisos de seguridad: el registro de npm no respondió (${reason}); no se revisaron esta vez.`);
  process.exit(0);
}

if (run.error) unanswered(run.error.code === 'ETIMEDOUT' ? 'se agotó el tiempo' : run.error.message);
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  unanswered((run.stderr || run.stdout || 'respuesta vacía').trim().split('\n')[0].slice(0, 200));
}
if (!report.vulnerabilities) {
  unanswered(report.message ?? report.error?.summary ?? report.error?.code ?? 'sin la lista de avisos');
}

const order = ['critical', 'high', 'moderate', 'low', 'info'];
const names = { critical: 'crítica', high: 'alta', moderate: 'moderada', low: 'baja', info: 'informativa' };
const rows = Object.values(report.vulnerabilities).sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.name.localeCompare(b.name));
const counts = report.metadata?.vulnerabilities ?? {};
const total = rows.length;
if (total === 0) {
  console.log('Avisos de seguridad: ninguno en las dependencias instaladas.');
  process.exit(0);
}
console.log(`Avisos de seguridad: ${total} paquetes (${order.filter((s) => counts[s]).map((s) => `${counts[s]} ${names[s]}`).join(', ')})`);
for (const v of rows) {
  const advisories = v.via.filter((x) => typeof x === 'object').map((x) => `${x.title}${x.url ? ` ${x.url}` : ''}`);
  const through = v.via.filter((x) => typeof x === 'string');
  const fix = v.fixAvailable === false ? 'sin arreglo publicado' : v.fixAvailable === true ? 'arreglo: npm audit fix' : `arreglo: ${v.fixAvailable.name}@${v.fixAvailable.version}${v.fixAvailable.isSemVerMajor ? ' (versión mayor)' : ''}`;
  console.log(`- ${v.name} ${v.range} [${names[v.severity] ?? v.severity}${v.isDirect ? ', directa' : ''}] ${advisories.join('; ') || `por ${through.join(', ')}`} — ${fix}`);
}
process.exit(0);
