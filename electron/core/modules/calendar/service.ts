// STUB — being written by the calendar helper
import type { Knex } from 'knex';
import type { Country } from '../../../../shared/contract';

/** Loads the national holidays of `country` for the years given (Colombia from date-holidays; others: none). Returns how many were inserted. */
export async function seedNationalHolidays(_trx: Knex.Transaction, _country: Country, _fromYear: number, _toYear: number): Promise<number> {
  return 0;
}
