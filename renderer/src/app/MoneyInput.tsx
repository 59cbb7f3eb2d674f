/**
 * The one money input: an amount as Colombians type it ("200.000" is two hundred thousand, the dots
 * group thousands), regrouped as it is typed, kept as integer minor units in the company's currency.
 * A comma in pesos (or a third decimal in dollars) is refused with the reason next to the field and
 * the value is null until it is fixed. Every screen that takes money uses this.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { TextInput, type TextInputProps } from '@mantine/core';
import { CURRENCIES, formatTypedMoney, moneyFieldText, parseTypedMoney, type CurrencyCode, type TypedMoneyProblem } from '../../../shared/money';
import { useT, type Translate } from '../i18n';
import { useSession } from './session';

export type MoneyInputProps = Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue' | 'type'> & {
  /** minor units, or null while empty or not yet a valid amount */
  value: number | null;
  /** the amount (null: empty or invalid) and, when the text is not an amount, the Spanish reason shown under the field */
  onChange: (minor: number | null, problem: string | null) => void;
};

export function moneyProblemText(t: Translate, problem: TypedMoneyProblem, currency: CurrencyCode): string {
  switch (problem) {
    case 'decimals':
      return t('money.decimals');
    case 'tooManyDecimals':
      return t('money.tooManyDecimals', { n: CURRENCIES[currency].decimals });
    case 'tooLarge':
      return t('money.tooLarge');
    case 'invalid':
      return t('money.invalid');
  }
}

/** how many characters that carry the amount (digits, the comma) come before `caret` */
function significantBefore(text: string, caret: number): number {
  return text.slice(0, caret).replace(/[^\d,]/g, '').length;
}

/** the caret position after `count` significant characters of `text` */
function caretAfter(text: string, count: number): number {
  if (count === 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[\d,]/.test(text[i])) seen++;
    if (seen === count) return i + 1;
  }
  return text.length;
}

export function MoneyInput({ value, onChange, error, onBlur, ...props }: MoneyInputProps) {
  const t = useT();
  const { company } = useSession();
  const currency = company.currency;
  const { decimals, symbol } = CURRENCIES[currency];
  const [text, setText] = useState(() => (value === null ? '' : moneyFieldText(value, currency)));
  const [problem, setProblem] = useState<TypedMoneyProblem | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);

  // a value set from outside (a suggestion, a reset) replaces the text; the typed text stays while it means the same
  const parsed = parseTypedMoney(text, currency).minor;
  if (parsed !== value && !(value === null && problem !== null)) {
    const next = value === null ? '' : moneyFieldText(value, currency);
    if (next !== text) {
      setText(next);
      setProblem(null);
    }
  }

  useLayoutEffect(() => {
    if (caret.current !== null && input.current && document.activeElement === input.current) {
      input.current.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  });

  const change = (event: React.ChangeEvent<HTMLInputElement>) => {
    const typed = event.currentTarget.value;
    const significant = significantBefore(typed, event.currentTarget.selectionStart ?? typed.length);
    const next = formatTypedMoney(typed);
    caret.current = caretAfter(next, significant);
    const result = parseTypedMoney(next, currency);
    setText(next);
    setProblem(result.problem);
    onChange(result.minor, result.problem ? moneyProblemText(t, result.problem, currency) : null);
  };

  return (
    <TextInput
      {...props}
      ref={input}
      value={text}
      onChange={change}
      onBlur={onBlur}
      leftSection={props.leftSection ?? symbol}
      leftSectionWidth={props.leftSectionWidth ?? (symbol.length > 1 ? 44 : 32)}
      inputMode={decimals > 0 ? 'decimal' : 'numeric'}
      autoComplete="off"
      error={problem ? moneyProblemText(t, problem, currency) : error}
      aria-invalid={problem !== null || Boolean(error)}
    />
  );
}
