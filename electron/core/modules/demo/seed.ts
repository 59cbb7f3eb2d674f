// STUB — being written by the demo helper
import type { Knex } from 'knex';
import type { DemoCredentials } from '../../../../shared/contract';
import { AppError } from '../../errors';

export async function seedDemo(_db: Knex, _options: { accounts: number }): Promise<DemoCredentials> {
  throw new AppError('INTERNAL', 'No implementado');
}
