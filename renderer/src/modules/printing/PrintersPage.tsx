/**
 * Administración › Impresoras: the printers of this computer's system, and for each kind of document
 * the printer, paper and copies it goes to; a test page proves the choice.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconPrinter, IconRefresh } from '@tabler/icons-react';
import { send } from '../../api/client';
import { DOCUMENT_KINDS, MAX_PRINT_COPIES, PAPER_SIZES, type PaperSize, type PrinterSetting, type SystemPrinter } from '../../../../shared/contract';
import { useSession } from '../../app/session';
import { DataTable } from '../../app/DataTable';
import { useT } from '../../i18n';
import { notifyError, notifySuccess } from '../../app/forms';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { showPrintResult } from '../../app/PrintButton';
import { KIND_LABELS, PAPER_LABELS, PRINTER_STATE_COLORS, PRINTER_STATE_LABELS } from './labels';

export function PrintersPage() {
  const t = useT();
  const { data, error, loading, reload } = useLoad(async () => {
    const [system, settings] = await Promise.all([send('printing.printers', {}), send('printing.settings', {})]);
    return { system, settings };
  }, []);

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  return (
    <>
      <PageTitle
        title={t('printers.title')}
        description={t('printers.description')}
        actions={
          <Button variant="default" leftSection={<IconRefresh size={18} />} loading={loading} onClick={() => void reload()}>
            {t('printers.refresh')}
          </Button>
        }
      />
      <Stack gap="lg">
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('printers.system')}
          </Title>
          {!data.system.available ? (
            <Alert color="red" title={t('printers.systemUnavailable')} role="alert">
              {data.system.message}
            </Alert>
          ) : data.system.printers.length === 0 ? (
            <Text c="dimmed">{t('printers.none')}</Text>
          ) : (
            <SystemPrintersTable printers={data.system.printers} />
          )}
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('printers.kinds', { machine: data.settings[0]?.machine ?? '' })}
          </Title>
          <Table.ScrollContainer minWidth={960}>
            <Table aria-label={t('printers.kinds', { machine: data.settings[0]?.machine ?? '' })} verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('printers.kind')}</Table.Th>
                  <Table.Th>{t('printers.printer')}</Table.Th>
                  <Table.Th>{t('printers.paper')}</Table.Th>
                  <Table.Th>{t('printers.copies')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {DOCUMENT_KINDS.map((kind) => {
                  const setting = data.settings.find((s) => s.kind === kind);
                  return setting ? <KindRow key={kind} setting={setting} printers={data.system.printers} onSaved={() => void reload()} /> : null;
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      </Stack>
    </>
  );
}

function SystemPrintersTable({ printers }: { printers: SystemPrinter[] }) {
  const t = useT();
  return (
    <DataTable<SystemPrinter>
      label={t('printers.system')}
      records={printers}
      idOf={(p) => p.name}
      striped={false}
      columns={[
        {
          key: 'name',
          title: t('printers.name'),
          sortable: true,
          render: (p) => (
            <Group gap="xs">
              <Text fw={600}>{p.name}</Text>
              {p.isDefault && (
                <Badge variant="light" color="blue">
                  {t('printers.default')}
                </Badge>
              )}
            </Group>
          ),
        },
        {
          key: 'state',
          title: t('printers.state'),
          sortable: true,
          render: (p) => (
            <>
              <Badge variant="light" color={PRINTER_STATE_COLORS[p.state]}>
                {t(PRINTER_STATE_LABELS[p.state])}
              </Badge>
              {p.reason && (
                <Text size="sm" c="dimmed">
                  {p.reason}
                </Text>
              )}
            </>
          ),
        },
        {
          key: 'accepting',
          title: t('printers.accepting'),
          sortValue: (p) => (p.accepting ? 0 : 1),
          render: (p) => (
            <Badge variant="light" color={p.accepting ? 'teal' : 'red'}>
              {p.accepting ? t('printers.accepting') : t('printers.notAccepting')}
            </Badge>
          ),
        },
      ]}
    />
  );
}

function KindRow({ setting, printers, onSaved }: { setting: PrinterSetting; printers: SystemPrinter[]; onSaved: () => void }) {
  const { dateTime } = useSession();
  const t = useT();
  const [printerName, setPrinterName] = useState(setting.printerName ?? '');
  const [paper, setPaper] = useState<PaperSize>(setting.paper);
  const [copies, setCopies] = useState<number>(setting.copies);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const changed = printerName !== (setting.printerName ?? '') || paper !== setting.paper || copies !== setting.copies;
  const kindLabel = t(KIND_LABELS[setting.kind]);

  const printerOptions = [
    { value: '', label: t('printers.noPrinter') },
    ...printers.map((p) => ({ value: p.name, label: p.name })),
    // a saved printer the system no longer lists stays visible, marked
    ...(setting.printerName && !printers.some((p) => p.name === setting.printerName)
      ? [{ value: setting.printerName, label: t('printers.missing', { name: setting.printerName }) }]
      : []),
  ];

  const save = async () => {
    setSaving(true);
    try {
      await send('printing.saveSetting', { kind: setting.kind, printerName, paper, copies });
      notifySuccess(t('printers.saved', { kind: kindLabel }));
      onSaved();
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };

  const testPage = async () => {
    setTesting(true);
    try {
      showPrintResult(t, await send('printing.testPage', { kind: setting.kind }), null, { whenNotConfigured: 'offer' });
    } catch (e) {
      notifyError(e);
    } finally {
      setTesting(false);
    }
  };

  return (
    <Table.Tr data-testid={`printer-setting-${setting.kind}`}>
      <Table.Td>
        <Text fw={600}>{kindLabel}</Text>
        {setting.updatedAt && (
          <Text size="xs" c="dimmed">
            {t('printers.updatedBy', { when: dateTime(setting.updatedAt), name: setting.updatedBy ?? '' })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`${t('printers.printer')}: ${kindLabel}`}
          data={printerOptions}
          value={printerName}
          onChange={(v) => setPrinterName(v ?? '')}
          allowDeselect={false}
          w={200}
        />
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`${t('printers.paper')}: ${kindLabel}`}
          data={PAPER_SIZES.map((p) => ({ value: p, label: t(PAPER_LABELS[p]) }))}
          value={paper}
          onChange={(v) => v && setPaper(v as PaperSize)}
          allowDeselect={false}
          w={205}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`${t('printers.copies')}: ${kindLabel}`}
          value={copies}
          onChange={(v) => setCopies(typeof v === 'number' ? v : Number(v) || 1)}
          min={1}
          max={MAX_PRINT_COPIES}
          allowDecimal={false}
          w={76}
        />
      </Table.Td>
      <Table.Td>
        {/* one above the other: the row fits 1366 px with the menu open, the test button never cut */}
        <Stack gap={4} align="stretch" w="fit-content" ml="auto">
          <Button size="compact-sm" leftSection={<IconDeviceFloppy size={14} />} disabled={!changed} loading={saving} onClick={() => void save()}>
            {t('printers.save')}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconPrinter size={14} />}
            disabled={!setting.printerName || changed}
            loading={testing}
            onClick={() => void testPage()}
          >
            {t('printers.testPage')}
          </Button>
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
