/**
 * The dependency advisories step of CI (issue 12): it prints what `npm audit` reports and never
 * fails the run, neither with advisories nor when the registry does not answer. `npm` here is a
 * small stand-in on the PATH that answers as npm audit does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backoffice';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runWith(answer: unknown, exitCode: number): { status: number | null; out: string } {
  const fake = path.join(dir, String(Math.random()).slice(2));
  fs.mkdirSync(fake);
  fs.writeFileSync(path.join(fake, 'answer.json'), typeof answer === 'string' ? answer : JSON.stringify(answer));
  fs.writeFileSync(path.join(fake, 'npm'), `#!/bin/sh\ncat "${path.join(fake, 'answer.json')}"\nexit ${exitCode}\n`, { mode: 0o755 });
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fake}${path.delimiter}${process.env.PATH}` };
  delete env.npm_execpath;
  const run = spawnSync(process.execPath, ['tests/security/advisories.mjs'], { env, encoding: 'utf8' });
  return { status: run.status, out: run.stdout.trim() };
}

describe.skipIf(process.platform === 'win32')('npm run advisories', () => {
  it('prints each advisory with its severity and fix, and exits 0', () => {
    const report = {
      vulnerabilities: {
        tar: {
          name: 'tar',
          severity: 'high',
          isDirect: false,
          via: [{ title: 'Arbitrary file overwrite', url: 'https://github.com/advisories/GHSA-xxxx' }],
          range: '<6.2.1',
          fixAvailable: { name: 'sqlite3', version: '6.0.2', isSemVerMajor: false },
        },
        'node-gyp': { name: 'node-gyp', severity: 'moderate', isDirect: false, via: ['tar'], range: '<10.0.0', fixAvailable: false },
      },
      metadata: { vulnerabilities: { high: 1, moderate: 1 } },
    };
    expect(runWith(report, 1)).toEqual({
      status: 0,
      out: [
        'Avisos de seguridad: 2 paquetes (1 alta, 1 moderada)',
        '- tar <6.2.1 [alta] Arbitrary file overwrite https://github.com/advisories/GHSA-xxxx — arreglo: sqlite3@6.0.2',
        '- node-gyp <10.0.0 [moderada] por tar — sin arreglo publicado',
      ].join('\n'),
    });
  });

  it('says there are none when there are none', () => {
    expect(runWith({ vulnerabilities: {}, metadata: { vulnerabilities: {} } }, 0)).toEqual({ status: 0, out: 'Avisos de seguridad: ninguno en las dependencias instaladas.' });
  });

  it('a registry that does not answer (or a mirror without the audit endpoint) is said in one line, and CI goes on', () => {
    expect(runWith({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', error: { summary: '' } }, 1)).toEqual({
      status: 0,
      out: 'Avisos de seguridad: el registro de npm no respondió (405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk); no se revisaron esta vez.',
    });
    expect(runWith('npm error code ENOTFOUND', 1)).toEqual({
      status: 0,
      out: 'Avisos de seguridad: el registro de npm no respondió (npm error code ENOTFOUND); no se revisaron esta vez.',
    });
  });
});
