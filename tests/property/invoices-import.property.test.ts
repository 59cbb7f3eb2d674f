/** The invoices CSV importer under fuzzing (see import-fuzz/run.ts). */
import { describeImportFuzz } from './import-fuzz/suite';
import { invoicesTarget } from './import-fuzz/targets';

describeImportFuzz(invoicesTarget, { previews: 1500, commits: 150 });
