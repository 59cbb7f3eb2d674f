/**
 * The one date picker (@mantine/dates, Spanish): a date typed as DD/MM/AAAA or chosen in a calendar
 * where the office's non-business days (Sundays, Saturdays when the office does not open, national
 * holidays and the office's closures) are marked in red and named. Values are business dates
 * 'YYYY-MM-DD' (months 'YYYY-MM'), never Date objects, so no time zone can shift them.
 *
 * - DateField: one date.
 * - DateRangeField: "Desde" and "Hasta", both typed or picked; "Hasta" cannot be before "Desde".
 * - MonthField: a period (MM/AAAA) for reports and invoice periods.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { Group, type MantineSize } from '@mantine/core';
import { DateInput, MonthPickerInput, type DateInputProps, type DayOfWeek } from '@mantine/dates';
import { send } from '../api/client';
import { isIsoDate, todayIn, type IsoDate } from '../../../shared/dates';
import { useT, type Translate } from '../i18n';
import { formatDate } from './format';
import { useSession } from './session';

/** 'D/M/AAAA', 'DD-MM-AAAA', 'DD.MM.AAAA' or 'AAAA-MM-DD' → 'YYYY-MM-DD', or null */
export function parseTypedDate(text: string): IsoDate | null {
  const value = text.trim();
  if (isIsoDate(value)) return value;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

// ---- the office's non-business days, loaded once per office and year and shared by every field

interface YearDays {
  saturdayIsBusinessDay: boolean;
  /** date → name */
  days: Map<string, string>;
}
const years = new Map<string, YearDays | 'loading' | 'failed'>();
const listeners = new Set<() => void>();
let version = 0;

function changed() {
  version++;
  for (const l of listeners) l();
}

function ensureYear(officeId: number, year: number) {
  const key = `${officeId}:${year}`;
  if (years.has(key) || year < 2000 || year > 2100) return;
  years.set(key, 'loading');
  send('calendar.list', { officeId, year }).then(
    (c) => {
      years.set(key, { saturdayIsBusinessDay: c.saturdayIsBusinessDay, days: new Map(c.days.map((d) => [d.date, d.name])) });
      changed();
    },
    () => {
      // marking is a help: a field without it still works
      years.set(key, 'failed');
    },
  );
}

/** Forget what was loaded (after the administrator or the coordinator changes the calendar). */
export function forgetNonBusinessDays(): void {
  years.clear();
  changed();
}

export interface NonBusinessDays {
  /** the name of the day when it is not a business day ('domingo', 'Navidad'…), or null */
  reason: (date: IsoDate) => string | null;
  /** load the year of a month being shown */
  show: (date: IsoDate) => void;
  saturdayIsBusinessDay: boolean;
}

/** The non-business days of an office (the user's own by default). */
export function useNonBusinessDays(officeId?: number): NonBusinessDays {
  const t = useT();
  const { user } = useSession();
  const office = officeId ?? user.officeId;
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => version,
  );
  const show = useCallback((date: IsoDate) => ensureYear(office, Number(date.slice(0, 4))), [office]);
  return useMemo(() => {
    void current;
    const of = (date: IsoDate) => {
      const y = years.get(`${office}:${date.slice(0, 4)}`);
      return typeof y === 'object' ? y : null;
    };
    const reason = (date: IsoDate): string | null => {
      const y = of(date);
      const named = y?.days.get(date);
      if (named) return named;
      const day = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (day === 0) return t('date.sunday');
      if (day === 6 && y && !y.saturdayIsBusinessDay) return t('date.saturday');
      return null;
    };
    const sample = [...years.entries()].find(([k, v]) => k.startsWith(`${office}:`) && typeof v === 'object')?.[1];
    return { reason, show, saturdayIsBusinessDay: typeof sample === 'object' ? sample.saturdayIsBusinessDay : false };
  }, [current, office, show, t]);
}

function dayPropsOf(t: Translate, nonBusiness: NonBusinessDays) {
  return {
    getDayProps: (date: string) => {
      const reason = nonBusiness.reason(date);
      return reason ? { weekend: true, title: reason, 'data-nonbusiness': true } : { weekend: false };
    },
    getDayAriaLabel: (date: string) => {
      const reason = nonBusiness.reason(date);
      return reason ? t('date.nonBusiness', { date: formatDate(date), name: reason }) : formatDate(date);
    },
  };
}

export type DateFieldProps = Omit<DateInputProps, 'value' | 'onChange' | 'defaultValue' | 'valueFormat' | 'dateParser' | 'minDate' | 'maxDate'> & {
  value: IsoDate | null;
  onChange: (date: IsoDate | null) => void;
  minDate?: IsoDate;
  maxDate?: IsoDate;
  /** whose calendar marks the days (the user's office by default) */
  officeId?: number;
  /** refuse non-business days (they show but cannot be chosen) */
  businessDaysOnly?: boolean;
};

export function DateField({ value, onChange, minDate, maxDate, officeId, businessDaysOnly = false, ...props }: DateFieldProps) {
  const t = useT();
  const { company } = useSession();
  const nonBusiness = useNonBusinessDays(officeId);
  const { show } = nonBusiness;
  useEffect(() => show(value ?? todayIn(company.timeZone)), [show, value, company.timeZone]);
  const weekendDays: DayOfWeek[] = nonBusiness.saturdayIsBusinessDay ? [0] : [0, 6];
  return (
    <DateInput
      placeholder={t('date.placeholder')}
      clearable={!props.required}
      clearButtonProps={{ 'aria-label': t('date.clear') }}
      {...props}
      value={value}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : null)}
      valueFormat="DD/MM/YYYY"
      dateParser={(text) => parseTypedDate(text)}
      minDate={minDate}
      maxDate={maxDate}
      weekendDays={weekendDays}
      onDateChange={(d) => show(String(d).slice(0, 10))}
      excludeDate={businessDaysOnly ? (d) => nonBusiness.reason(d) !== null : undefined}
      {...dayPropsOf(t, nonBusiness)}
    />
  );
}

export interface DateRange {
  from: IsoDate | null;
  to: IsoDate | null;
}

/** "Desde" and "Hasta" side by side; `error` goes under the pair. */
export function DateRangeField({
  value,
  onChange,
  fromLabel,
  toLabel,
  size,
  width = 150,
  required,
  error,
}: {
  value: DateRange;
  onChange: (range: DateRange) => void;
  fromLabel?: string;
  toLabel?: string;
  size?: MantineSize;
  width?: number;
  required?: boolean;
  error?: string | null;
}) {
  const t = useT();
  const inverted = value.from && value.to && value.to < value.from;
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <DateField label={fromLabel ?? t('date.from')} value={value.from} onChange={(from) => onChange({ ...value, from })} size={size} w={width} required={required} maxDate={value.to ?? undefined} />
      <DateField
        label={toLabel ?? t('date.to')}
        value={value.to}
        onChange={(to) => onChange({ ...value, to })}
        size={size}
        w={width}
        required={required}
        minDate={value.from ?? undefined}
        error={inverted ? t('date.rangeInverted') : (error ?? undefined)}
      />
    </Group>
  );
}

/** A period 'YYYY-MM' shown as MM/AAAA. */
export function MonthField({
  value,
  onChange,
  label,
  minMonth,
  maxMonth,
  ...props
}: {
  value: string | null;
  onChange: (month: string | null) => void;
  label?: string;
  minMonth?: string;
  maxMonth?: string;
  size?: MantineSize;
  w?: number | string;
  required?: boolean;
  clearable?: boolean;
  error?: string;
  'aria-label'?: string;
  description?: string;
}) {
  const t = useT();
  return (
    <MonthPickerInput
      placeholder={t('date.monthPlaceholder')}
      {...props}
      label={label}
      value={value ? `${value}-01` : null}
      onChange={(v) => onChange(v ? String(v).slice(0, 7) : null)}
      valueFormat="MM/YYYY"
      minDate={minMonth ? `${minMonth}-01` : undefined}
      maxDate={maxMonth ? `${maxMonth}-01` : undefined}
    />
  );
}
