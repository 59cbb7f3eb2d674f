/**
 * An amount typed as money ("$ 12.500", "US$ 3,50") and kept as integer minor units, in the
 * company's currency. Used by the price list and the cash-difference setting.
 */
import { NumberInput, type NumberInputProps } from '@mantine/core';
import { CURRENCIES } from '../../../shared/money';
import { useSession } from './session';

type Props = Omit<NumberInputProps, 'value' | 'onChange' | 'decimalScale' | 'prefix'> & {
  /** minor units, or null while empty */
  value: number | null;
  onChange: (minor: number | null) => void;
};

export function MoneyInput({ value, onChange, ...props }: Props) {
  const { company } = useSession();
  const { decimals, symbol } = CURRENCIES[company.currency];
  const scale = 10 ** decimals;
  return (
    <NumberInput
      {...props}
      value={value === null || !Number.isFinite(value) ? '' : value / scale}
      onChange={(v) => onChange(typeof v === 'number' && Number.isFinite(v) ? Math.round(v * scale) : null)}
      prefix={`${symbol} `}
      thousandSeparator="."
      decimalSeparator=","
      decimalScale={decimals}
      fixedDecimalScale={decimals > 0}
      allowNegative={false}
      allowDecimal={decimals > 0}
      hideControls
      inputMode={decimals > 0 ? 'decimal' : 'numeric'}
    />
  );
}
