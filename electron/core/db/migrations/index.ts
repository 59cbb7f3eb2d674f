import type { Knex } from 'knex';
import * as m001 from './001_foundation';
import * as m002 from './002_audit_chain';
import * as m003 from './003_cashier';
import * as m004 from './004_pqr';

/** Every migration, in order. Add the next one as 003_<what>.ts and list it here. */
export const MIGRATIONS: { name: string; up: (k: Knex) => Promise<void>; down: (k: Knex) => Promise<void> }[] = [
  { name: '001_foundation', ...m001 },
  { name: '002_audit_chain', ...m002 },
  { name: '003_cashier', ...m003 },
  { name: '004_pqr', ...m004 },
];
