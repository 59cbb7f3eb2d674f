/**
 * Money as Colombians type it at the counter (issue 14, finding 1): the dots group thousands, a
 * comma in pesos is refused with its reason, dollars keep two decimals, and the field regroups the
 * amount as it is typed.
 */
import { describe, expect, it } from 'vitest';
import { formatTypedMoney, moneyFieldText, parseTypedMoney } from '../../shared/money';

describe('parseTypedMoney', () => {
  it('reads "200.000" as two hundred thousand pesos, with or without the dots and the symbol', () => {
    expect(parseTypedMoney('200.000')).toEqual({ minor: 200_000, problem: null });
    expect(parseTypedMoney('200000')).toEqual({ minor: 200_000, problem: null });
    expect(parseTypedMoney('$ 1.234.567')).toEqual({ minor: 1_234_567, problem: null });
    expect(parseTypedMoney(' 50.000 ')).toEqual({ minor: 50_000, problem: null });
  });

  it('refuses decimals in pesos instead of dropping them ("100.000,50" is not 100.000)', () => {
    expect(parseTypedMoney('100.000,50')).toEqual({ minor: null, problem: 'decimals' });
    expect(parseTypedMoney('100.000,')).toEqual({ minor: null, problem: 'decimals' });
    expect(parseTypedMoney('1,5', 'CRC')).toEqual({ minor: null, problem: 'decimals' });
  });

  it('keeps cents for dollars: "1.234,56" is 123.456 cents, a third decimal is refused', () => {
    expect(parseTypedMoney('1.234,56', 'USD')).toEqual({ minor: 123_456, problem: null });
    expect(parseTypedMoney('US$ 3,5', 'USD')).toEqual({ minor: 350, problem: null });
    expect(parseTypedMoney('10', 'USD')).toEqual({ minor: 1_000, problem: null });
    expect(parseTypedMoney('1,234', 'USD')).toEqual({ minor: null, problem: 'tooManyDecimals' });
  });

  it('empty is null without a problem; letters, a leading dot or two dots in a row are not an amount', () => {
    expect(parseTypedMoney('')).toEqual({ minor: null, problem: null });
    expect(parseTypedMoney('$ ')).toEqual({ minor: null, problem: null });
    expect(parseTypedMoney('12a')).toEqual({ minor: null, problem: 'invalid' });
    expect(parseTypedMoney('.500')).toEqual({ minor: null, problem: 'invalid' });
    expect(parseTypedMoney('1..000')).toEqual({ minor: null, problem: 'invalid' });
    expect(parseTypedMoney('-5.000')).toEqual({ minor: null, problem: 'invalid' });
    expect(parseTypedMoney('1234567890123456')).toEqual({ minor: null, problem: 'tooLarge' });
  });
});

describe('formatTypedMoney (what the field shows while typing)', () => {
  it('regroups the digits with dots as they come', () => {
    const typed = ['2', '20', '200', '2000', '20000', '200000'].map(formatTypedMoney);
    expect(typed).toEqual(['2', '20', '200', '2.000', '20.000', '200.000']);
    // the cashier who types the dots herself gets the same
    expect(formatTypedMoney('200.000')).toBe('200.000');
    expect(formatTypedMoney('200.0001')).toBe('2.000.001');
  });

  it('keeps a comma and what follows it, so that a refused comma stays visible', () => {
    expect(formatTypedMoney('100000,50')).toBe('100.000,50');
    expect(formatTypedMoney(',5')).toBe('0,5');
  });

  it('drops what is not a digit, a dot or a comma, and leading zeros', () => {
    expect(formatTypedMoney('$ 1a2b3')).toBe('123');
    expect(formatTypedMoney('007')).toBe('7');
    expect(formatTypedMoney('0')).toBe('0');
  });

  it('an amount set from outside is written the same way', () => {
    expect(moneyFieldText(200_000)).toBe('200.000');
    expect(moneyFieldText(0)).toBe('0');
    expect(moneyFieldText(123_456, 'USD')).toBe('1.234,56');
    expect(parseTypedMoney(moneyFieldText(987_654_321)).minor).toBe(987_654_321);
  });
});
