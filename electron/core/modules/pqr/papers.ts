/**
 * The papers of a PQR: builds the PqrPaperContext (company letterhead with the office's lines and
 * the company's time zone) and calls the layouts of electron/core/documents/pqr-papers.ts.
 */
import type { Knex } from 'knex';
import type { DocumentFile, PqrDetail } from '../../../../shared/contract';
import { pdfFile } from '../../documents/file';
import { pqrConstanciaPdf, pqrExtensionLetterPdf, pqrStickerPdf, type PqrPaperContext } from '../../documents/pqr-papers';
import { notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import { legalRules } from './catalog';

export async function paperContext(db: Knex, officeId: number): Promise<PqrPaperContext> {
  const company = await getCompany(db);
  const office: { name: string; address: string; city: string; phone: string } | undefined = await db('offices').where({ id: officeId }).first('name', 'address', 'city', 'phone');
  if (!office) throw notFound('La oficina');
  const rules = await legalRules(db);
  return {
    rules: {
      completionRequestBusinessDays: rules.completionRequestBusinessDays.value ?? 10,
      completionUserMonths: rules.completionUserMonths.value ?? 1,
      invoiceClaimMonths: rules.invoiceClaimMonths.value ?? 5,
    },
    head: {
      company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
      officeLines: [office.name, `${office.address}, ${office.city}`, office.phone ? `Teléfono ${office.phone}` : ''],
    },
    timeZone: company.timeZone,
  };
}

export async function stickerFile(db: Knex, pqr: PqrDetail): Promise<DocumentFile> {
  return pdfFile(`rotulo-${pqr.radicado}.pdf`, await pqrStickerPdf(pqr, await paperContext(db, pqr.officeId)));
}

export async function constanciaFile(db: Knex, pqr: PqrDetail): Promise<DocumentFile> {
  return pdfFile(`constancia-${pqr.radicado}.pdf`, await pqrConstanciaPdf(pqr, await paperContext(db, pqr.officeId)));
}

export async function extensionLetterFile(db: Knex, pqr: PqrDetail): Promise<DocumentFile> {
  if (!pqr.extension) throw rule('La PQR no tiene prórroga: no hay carta que imprimir.');
  return pdfFile(`prorroga-${pqr.radicado}.pdf`, await pqrExtensionLetterPdf(pqr, await paperContext(db, pqr.officeId)));
}
