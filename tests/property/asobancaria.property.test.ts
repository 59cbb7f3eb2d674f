/**
 * The Asobancaria 2001 bank-file importer under fuzzing (see import-fuzz/run.ts): the three real
 * files cut, swapped, re-encoded, stretched and duplicated thousands of times. It never crashes,
 * refuses a broken file naming its line in Spanish, and either applies a file whole (every 06
 * record a payment or a queue row, checked by an independent reading of the file) or writes nothing.
 */
import { describeImportFuzz } from './import-fuzz/suite';
import { asobancariaTarget } from './import-fuzz/targets';

describeImportFuzz(asobancariaTarget, { previews: 1500, commits: 150 });
