/**
 * Administración › Intercambio (issue 18): the coordinator exports a day (date, office, file) with a
 * confirmation — and the reason when tills of the day are still open — and reads the log of every
 * file: what, when, by whom, counts, totals, hash, delivered or pending and why; each file downloads
 * again (the same bytes) and goes again to the office's folder. The administrator also has the
 * settings' tab (ExchangeSettingsPanel).
 */
import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Group, Select, Stack, Tabs, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconDownload, IconFileExport, IconSend } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { ActKind, ExchangeExport, ExportFormat } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT, type MessageKey } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { DateField } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { dateTimeIn, formatDate } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/forms';
import { PageTitle } from '../../app/PageTitle';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { ExchangeSettingsPanel } from './ExchangeSettingsPanel';

type What = ExportFormat | ActKind;
const WHATS: What[] = ['asobancaria', 'csv', 'json', 'novedades', 'acuerdos', 'ordenes', 'cobros', 'contactos', 'pqr-ajustes'];
const isFormat = (what: What): what is ExportFormat => what === 'asobancaria' || what === 'csv' || what === 'json';
const whatLabel = (what: What) => `exchange.what.${what}` as MessageKey;
/** the log's name of a file: its kind, and the format of a recaudo */
const fileLabel = (e: ExchangeExport) => whatLabel(e.kind === 'recaudo' ? e.format : e.kind);
const DELIVERY_COLOR = { entregado: 'green', pendiente: 'orange', no_aplica: 'gray' } as const;

export function ExchangePage() {
  const t = useT();
  const { company, user, can, money } = useSession();
  const isAdmin = can(['administrador']);
  const [date, setDate] = useState<string | null>(todayIn(company.timeZone));
  const [office, setOffice] = useState<string>(isAdmin ? 'all' : String(user.officeId));
  const [what, setWhat] = useState<What>('asobancaria');
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const officeId = office === 'all' ? undefined : Number(office);
  const offices = useLoad(async () => (isAdmin ? send('offices.list', {}) : []), [isAdmin]);
  const day = useLoad(async () => (date ? send('exchange.day', { date, ...(officeId ? { officeId } : {}) }) : null), [date, officeId]);
  const log = useLoad(async () => (date ? send('exchange.list', { date }) : []), [date]);
  const officeName = officeId ? (isAdmin ? (offices.data?.find((o) => o.id === officeId)?.code ?? '') : user.officeCode) : t('exchange.allOffices');
  const needsReason = isFormat(what) && (day.data?.openSessions ?? 0) > 0;

  const exportNow = async () => {
    if (!date) return;
    const scope = officeId ? { officeId } : {};
    const result = isFormat(what)
      ? await send('exchange.exportRecaudo', { date, format: what, ...scope, ...(needsReason ? { openSessionsReason: reason } : {}) })
      : await send('exchange.exportAct', { kind: what, date, ...scope });
    downloadDocument(result.file);
    const e = result.export;
    notifySuccess(result.created ? t('exchange.created', { number: e.number, records: e.records.toLocaleString('es-CO'), total: money(e.total) }) : t('exchange.same', { number: e.number }));
    setReason('');
    await Promise.all([log.reload(), day.reload()]);
  };

  const download = async (e: ExchangeExport) => {
    try {
      downloadDocument((await send('exchange.resend', { exportId: e.id })).file);
    } catch (error) {
      notifyError(error);
    }
  };

  const deliver = async (e: ExchangeExport) => {
    try {
      const done = await send('exchange.deliver', { exportId: e.id });
      notifySuccess(t('exchange.delivered', { number: done.number, path: done.delivery.path }));
    } catch (error) {
      notifyError(error);
    }
    await log.reload();
  };

  const files = (
      <Stack gap="md">
        <Card withBorder>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (date) setConfirming(true);
            }}
            noValidate
          >
            <Group align="flex-end">
              <DateField label={t('exchange.date')} value={date} onChange={setDate} maxDate={todayIn(company.timeZone)} required w={160} />
              {isAdmin ? (
                <Select
                  label={t('exchange.office')}
                  data={[{ value: 'all', label: t('exchange.allOffices') }, ...(offices.data ?? []).map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` }))]}
                  value={office}
                  onChange={(v) => v && setOffice(v)}
                  allowDeselect={false}
                  w={240}
                />
              ) : (
                <TextInput label={t('exchange.office')} value={`${user.officeCode} · ${user.officeName}`} readOnly w={240} />
              )}
              <Select
                label={t('exchange.what')}
                data={WHATS.map((w) => ({ value: w, label: t(whatLabel(w)) }))}
                value={what}
                onChange={(v) => v && setWhat(v as What)}
                allowDeselect={false}
                w={260}
              />
              <Button type="submit" leftSection={<IconFileExport size={18} />} disabled={!date}>
                {t('exchange.export')}
              </Button>
            </Group>
          </form>
          {day.data && (
            <Group gap="lg" mt="sm" data-testid="exchange-day">
              <Text size="sm">
                {day.data.payments === 1 ? t('exchange.dayLineOne', { total: money(day.data.total) }) : t('exchange.dayLine', { n: day.data.payments.toLocaleString('es-CO'), total: money(day.data.total) })}
              </Text>
              {day.data.openSessions > 0 && (
                <Badge color="orange" variant="light">
                  {t('exchange.openTills', { n: day.data.openSessions })}
                </Badge>
              )}
            </Group>
          )}
        </Card>
        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('exchange.log')} · {date ? formatDate(date) : ''}
          </Text>
          {log.error && <Alert color="red">{log.error.message}</Alert>}
          <DataTable<ExchangeExport>
            label={t('exchange.log')}
            records={log.data ?? []}
            idOf={(e) => e.id}
            fetching={log.loading}
            empty={t('exchange.empty')}
            minWidth={1000}
            pinLastColumn
            rowTestId={(e) => `export-${e.number}`}
            columns={[
              { key: 'number', title: t('exchange.col.number'), sortable: true, noWrap: true },
              { key: 'file', title: t('exchange.col.file'), render: (e) => t(fileLabel(e)), sortValue: (e) => t(fileLabel(e)) },
              { key: 'officeCode', title: t('exchange.col.office'), render: (e) => e.officeCode ?? t('exchange.allOffices'), noWrap: true },
              { key: 'modifier', title: t('exchange.col.modifier'), noWrap: true },
              { key: 'records', title: t('exchange.col.records'), textAlign: 'right', sortable: true, render: (e) => e.records.toLocaleString('es-CO'), testId: 'export-records' },
              { key: 'total', title: t('exchange.col.total'), textAlign: 'right', sortable: true, noWrap: true, render: (e) => money(e.total), testId: 'export-total' },
              {
                key: 'sha256',
                title: t('exchange.col.hash'),
                render: (e) => (
                  <Tooltip label={e.sha256}>
                    <Text size="xs" ff="monospace">
                      {e.sha256.slice(0, 12)}…
                    </Text>
                  </Tooltip>
                ),
              },
              { key: 'createdAt', title: t('exchange.col.made'), render: (e) => t('exchange.by', { when: dateTimeIn(e.createdAt, company.timeZone), who: e.createdBy ?? 'sistema' }), sortable: true },
              {
                key: 'delivery',
                title: t('exchange.col.delivery'),
                render: (e) => (
                  <Stack gap={2}>
                    <Badge color={DELIVERY_COLOR[e.delivery.state]} variant="light">
                      {t(`exchange.delivery.${e.delivery.state}` as MessageKey)}
                    </Badge>
                    {e.delivery.error && (
                      <Text size="xs" c="orange.8" maw={260}>
                        {e.delivery.error}
                      </Text>
                    )}
                  </Stack>
                ),
              },
              {
                key: 'actions',
                title: '',
                noWrap: true,
                render: (e) => (
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label={t('exchange.download')}>
                      <ActionIcon variant="subtle" aria-label={`${t('exchange.download')} ${e.fileName}`} onClick={() => void download(e)}>
                        <IconDownload size={18} />
                      </ActionIcon>
                    </Tooltip>
                    {e.delivery.state !== 'no_aplica' && (
                      <Tooltip label={t('exchange.deliver')}>
                        <ActionIcon variant="subtle" aria-label={`${t('exchange.deliver')} ${e.fileName}`} onClick={() => void deliver(e)}>
                          <IconSend size={18} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                ),
              },
            ]}
          />
        </Card>
      </Stack>
  );

  return (
    <>
      <PageTitle title={t('exchange.title')} description={t('exchange.description')} />
      {isAdmin ? (
        <Tabs defaultValue="files" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="files">{t('exchange.tab.files')}</Tabs.Tab>
            <Tabs.Tab value="settings">{t('exchange.tab.settings')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="files">{files}</Tabs.Panel>
          <Tabs.Panel value="settings">
            <ExchangeSettingsPanel />
          </Tabs.Panel>
        </Tabs>
      ) : (
        files
      )}
      <ConfirmModal
        opened={confirming}
        title={t('exchange.confirmTitle', { what: t(whatLabel(what)) })}
        confirmLabel={t('exchange.confirmButton')}
        onClose={() => setConfirming(false)}
        onConfirm={exportNow}
      >
        <Text>{t('exchange.confirmText', { what: t(whatLabel(what)), date: date ? formatDate(date) : '', office: officeName })}</Text>
        {needsReason && (
          <Textarea label={t('exchange.reason')} description={t('exchange.reasonHelp')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={300} required autosize minRows={2} />
        )}
      </ConfirmModal>
    </>
  );
}
