/** The accounts CSV importer under fuzzing (see import-fuzz/run.ts), and what the fuzzing found. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/modules/imports/service';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { describeImportFuzz } from './import-fuzz/suite';
import { accountsTarget } from './import-fuzz/targets';

describeImportFuzz(accountsTarget, { previews: 1500, commits: 150 });

describe('found by fuzzing', () => {
  const HEADER = 'cuenta;titular;tipo_documento;numero_documento;direccion;barrio;municipio_dane;estrato;uso;estado;ciclo;ruta;secuencia_ruta;medidor;telefono;correo';
  const row = (holder: string) => `100201;${holder};CC;52384117;CALLE 10 # 9-45;CENTRO;15299;3;residencial;activo;1;001;10;AC-1;;`;

  // A quote inside a value that is not quoted is a character (as Excel reads it): the name is stored as written.
  it('keeps a stray quote inside an unquoted value as written, or refuses the line', async () => {
    const t = await createInitializedBackOffice();
    try {
      for (const holder of ['MARÍA "LA MONA" LÓPEZ', '"ANA" "LUCÍA"', 'JOSÉ ""PEPE""']) {
        const file = path.join(t.dir, 'comillas.csv');
        fs.writeFileSync(file, `${HEADER}\r\n${row(holder)}\r\n`);
        const result = await importFile(t.app, { userId: 1, name: 'admin', officeId: t.officeId }, 'accounts', file, { commit: true });
        if (!result.committed) {
          expect(result.errors[0]?.line ?? 0).toBe(2);
          continue;
        }
        const stored = await t.app.db('accounts').where({ number: '100201' }).first();
        expect(stored.holder_name).toBe(holder);
      }
    } finally {
      await t.close();
    }
  });
});
