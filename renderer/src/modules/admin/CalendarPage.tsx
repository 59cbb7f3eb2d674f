/**
 * Calendario: the non-business days of an office for a year (national holidays of its country and
 * its own closures). Coordinators keep their office's closures; administrators also national days.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendarPlus, IconCalendarStats, IconInfoCircle, IconTrash, IconWorld } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { COUNTRY_LABELS, type CalendarYear, type NonBusinessDay } from '../../../../shared/contract';
import { todayIn, weekday } from '../../../../shared/dates';
import { useT, type MessageKey } from '../../i18n';
import { formatDate } from '../../app/format';
import { DataTable } from '../../app/DataTable';
import { DateField } from '../../app/DateField';
import { notifySuccess, text, useForm } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormError, FormActions } from '../../app/FormParts';

const weekdayKey = (date: string) => `weekday.${weekday(date)}` as MessageKey;

export function CalendarPage() {
  const t = useT();
  const { user, company, can } = useSession();
  const isAdmin = can(['administrador']);
  const thisYear = Number(todayIn(company.timeZone).slice(0, 4));
  const [officeId, setOfficeId] = useState(user.officeId);
  const [year, setYear] = useState(thisYear);
  const [adding, setAdding] = useState<'closure' | 'holiday' | null>(null);
  const [removing, setRemoving] = useState<NonBusinessDay | null>(null);
  const [computing, setComputing] = useState(false);

  const offices = useLoad(() => send('offices.list', {}), []);
  const calendar = useLoad(() => send('calendar.list', { officeId, year }), [officeId, year]);

  const officeOptions = (offices.data ?? [])
    .filter((o) => isAdmin || o.id === user.officeId)
    .map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` }));
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map(String);
  const canRemove = (day: NonBusinessDay) => isAdmin || (day.scope === 'local' && day.officeId === user.officeId);

  return (
    <>
      <PageTitle
        title={t('calendar.title')}
        description={t('calendar.description')}
        actions={
          <>
            <Button variant="default" leftSection={<IconCalendarStats size={18} />} onClick={() => setComputing(true)}>
              {t('calendar.compute')}
            </Button>
            <Button leftSection={<IconCalendarPlus size={18} />} onClick={() => setAdding('closure')}>
              {t('calendar.addClosure')}
            </Button>
            {isAdmin && (
              <Button variant="light" leftSection={<IconWorld size={18} />} onClick={() => setAdding('holiday')}>
                {t('calendar.addHoliday')}
              </Button>
            )}
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <Select
          label={t('calendar.office')}
          data={officeOptions}
          value={String(officeId)}
          onChange={(v) => v && setOfficeId(Number(v))}
          allowDeselect={false}
          disabled={!isAdmin}
          w={300}
        />
        <Select label={t('calendar.year')} data={years} value={String(year)} onChange={(v) => v && setYear(Number(v))} allowDeselect={false} w={120} />
      </Group>
      {calendar.loading && !calendar.data && <Loading />}
      {calendar.error && <LoadError error={calendar.error} retry={() => void calendar.reload()} />}
      {calendar.data && (
        <CalendarTable calendar={calendar.data} canRemove={canRemove} onRemove={setRemoving} />
      )}

      {adding && calendar.data && (
        <AddDayModal
          kind={adding}
          calendar={calendar.data}
          onClose={() => setAdding(null)}
          onSaved={(day) => {
            notifySuccess(t('calendar.added', { date: formatDate(day.date), name: day.name }));
            if (Number(day.date.slice(0, 4)) === year) void calendar.reload();
            else setYear(Number(day.date.slice(0, 4)));
          }}
        />
      )}
      {computing && <ComputeModal officeId={officeId} onClose={() => setComputing(false)} />}
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('calendar.removeTitle')}
        confirmLabel={t('calendar.remove')}
        color="red"
        onConfirm={async () => {
          if (!removing) return;
          await send('calendar.remove', { dayId: removing.id });
          notifySuccess(t('calendar.removed', { date: formatDate(removing.date) }));
          void calendar.reload();
        }}
      >
        <Text>{removing && t('calendar.removeText', { name: removing.name, date: formatDate(removing.date) })}</Text>
      </ConfirmModal>
    </>
  );
}

function CalendarTable({
  calendar,
  canRemove,
  onRemove,
}: {
  calendar: CalendarYear;
  canRemove: (day: NonBusinessDay) => boolean;
  onRemove: (day: NonBusinessDay) => void;
}) {
  const t = useT();
  return (
    <Stack gap="sm">
      {calendar.notice && (
        <Alert color="yellow" icon={<IconInfoCircle />}>
          {calendar.notice}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('calendar.summary', {
          country: COUNTRY_LABELS[calendar.country],
          count: calendar.days.length,
          saturday: calendar.saturdayIsBusinessDay ? t('calendar.saturdayYes') : t('calendar.saturdayNo'),
        })}
      </Text>
      <DataTable<NonBusinessDay>
        label={t('calendar.title')}
        records={calendar.days}
        idOf={(day) => day.id}
        empty={t('calendar.empty', { year: calendar.year })}
        minWidth={700}
        columns={[
          { key: 'date', title: t('calendar.date'), sortable: true, noWrap: true, render: (day) => <Text fw={500} size="sm">{formatDate(day.date)}</Text> },
          { key: 'weekday', title: t('calendar.weekday'), render: (day) => t(weekdayKey(day.date)) },
          { key: 'name', title: t('calendar.name'), sortable: true },
          {
            key: 'scope',
            title: t('calendar.scope'),
            sortable: true,
            render: (day) => (
              <Badge variant="light" color={day.scope === 'national' ? 'blue' : 'grape'}>
                {day.scope === 'national' ? t('calendar.national') : t('calendar.local')}
              </Badge>
            ),
          },
          { key: 'source', title: t('calendar.source'), sortable: true, render: (day) => (day.source === 'date-holidays' ? t('calendar.sourceAuto') : t('calendar.sourceManual')) },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (day) =>
              canRemove(day) && (
                <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => onRemove(day)}>
                  {t('calendar.remove')}
                </Button>
              ),
          },
        ]}
      />
    </Stack>
  );
}

function AddDayModal({
  kind,
  calendar,
  onClose,
  onSaved,
}: {
  kind: 'closure' | 'holiday';
  calendar: CalendarYear;
  onClose: () => void;
  onSaved: (day: NonBusinessDay) => void;
}) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm<{ date: string | null; name: string; busy: boolean }>({ date: null, name: '', busy: false });
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const date = values.date;
    const found: Record<string, string> = {};
    if (!date) found.date = t('common.dateInvalid');
    if (!values.name.trim()) found.name = t('common.required');
    if (Object.keys(found).length) return setErrors(found);
    set('busy', true);
    const result =
      kind === 'closure'
        ? await call('calendar.addClosure', { officeId: calendar.officeId, date: date as string, name: values.name })
        : await call('calendar.addHoliday', { country: calendar.country, date: date as string, name: values.name });
    set('busy', false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    onSaved(result.data);
    onClose();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={kind === 'closure' ? t('calendar.addClosure') : t('calendar.addHolidayFor', { country: COUNTRY_LABELS[calendar.country] })}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {kind === 'closure' ? t('calendar.closureHelp') : t('calendar.holidayHelp')}
          </Text>
          <FormError message={errors._} />
          <DateField label={t('calendar.date')} value={values.date} onChange={(v) => set('date', v)} officeId={calendar.officeId} error={errors.date} data-autofocus required />
          <TextInput
            label={t('calendar.reason')}
            placeholder={kind === 'closure' ? t('calendar.closureExample') : t('calendar.holidayExample')}
            value={values.name}
            onChange={text((v) => set('name', v))}
            error={errors.name}
            required
          />
          <FormActions onCancel={onClose} busy={values.busy} submitLabel={t('common.add')} />
        </Stack>
      </form>
    </Modal>
  );
}

/** "¿Cuándo vence un término de N días hábiles contado desde…?" */
function ComputeModal({ officeId, onClose }: { officeId: number; onClose: () => void }) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm<{ from: string | null; days: string; result: string; busy: boolean }>({ from: null, days: '15', result: '', busy: false });
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const from = values.from;
    const days = Number(values.days);
    const found: Record<string, string> = {};
    if (!from) found.from = t('common.dateInvalid');
    if (!Number.isInteger(days) || days < 0 || days > 400) found.days = t('calendar.daysInvalid');
    if (Object.keys(found).length) return setErrors(found);
    set('busy', true);
    const result = await call('calendar.addBusinessDays', { officeId, from: from as string, days });
    set('busy', false);
    if (!result.ok) return setErrors({ _: result.error.message });
    set('result', result.data.date);
  };
  return (
    <Modal opened onClose={onClose} title={t('calendar.compute')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('calendar.computeHelp')}
          </Text>
          <FormError message={errors._} />
          <Group grow align="flex-start">
            <DateField label={t('calendar.from')} value={values.from} onChange={(v) => set('from', v)} officeId={officeId} error={errors.from} data-autofocus />
            <TextInput label={t('calendar.days')} value={values.days} onChange={text((v) => set('days', v.replace(/\D/g, '')))} error={errors.days} inputMode="numeric" />
          </Group>
          {values.result && (
            <Alert color="teal" data-testid="term-end">
              {t('calendar.computeResult', { date: formatDate(values.result), weekday: t(weekdayKey(values.result)) })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button type="submit" loading={values.busy}>
              {t('calendar.computeButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
