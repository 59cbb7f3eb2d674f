/**
 * Administración › Intercambio › Ajustes (issue 18, administrator only): what `exchange.saveSettings`
 * takes, on one screen at 1366×768. Left, the office as collecting entity (entity code, collection
 * account and its type, service code, the user reference); right, the delivery: the hour, the
 * recaudo's formats made at that hour, and per office (and TODAS, for the files of every office) its
 * delivery folder and branch code. Saved after a confirmation that says what will happen; the back
 * office checks each folder (exists, takes files) and each code, and a refusal is shown beside its
 * field, in Spanish, with nothing saved.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { EXPORT_FORMATS, exchangeSettingsFields, type ExchangeSettings, type ExportFormat } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { check, notifySuccess, type FieldErrors } from '../../app/forms';
import { FormError } from '../../app/FormParts';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

/** the row of every office's files together */
const ALL = 'TODAS';

interface OfficeRow {
  code: string;
  name: string;
  folder: string;
  branch: string;
}

/** The settings as the form holds them: one row per office (and TODAS), folder and branch side by side. */
function rowsOf(settings: ExchangeSettings, offices: { code: string; name: string }[], allLabel: string): OfficeRow[] {
  const folder = (code: string) => settings.folders.find((f) => f.officeCode.toUpperCase() === code.toUpperCase())?.folder ?? '';
  const branch = (code: string) => settings.branches.find((b) => b.officeCode.toUpperCase() === code.toUpperCase())?.branch ?? '';
  return [...offices.map((o) => ({ code: o.code, name: o.name, folder: folder(o.code), branch: branch(o.code) })), { code: ALL, name: allLabel, folder: folder(ALL), branch: '' }];
}

/** The form back into what the back office takes; `at` says which row each list entry came from (for the refusals' fields). */
function settingsOf(base: ExchangeSettings, rows: OfficeRow[]): { settings: ExchangeSettings; folderRow: number[]; branchRow: number[] } {
  const folderRow: number[] = [];
  const branchRow: number[] = [];
  const folders = rows.flatMap((r, i) => (r.folder.trim() ? (folderRow.push(i), [{ officeCode: r.code, folder: r.folder.trim() }]) : []));
  const branches = rows.flatMap((r, i) => (r.code !== ALL && r.branch.trim() ? (branchRow.push(i), [{ officeCode: r.code, branch: r.branch.trim() }]) : []));
  return { settings: { ...base, folders, branches }, folderRow, branchRow };
}

export function ExchangeSettingsPanel() {
  const t = useT();
  const loaded = useLoad(async () => {
    const [settings, offices] = await Promise.all([send('exchange.settings', {}), send('offices.list', {})]);
    return { settings, offices };
  }, []);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error || !loaded.data) return loaded.error ? <LoadError error={loaded.error} retry={() => void loaded.reload()} /> : null;
  return <SettingsForm settings={loaded.data.settings} offices={loaded.data.offices} allLabel={t('exchange.settings.allOffices')} />;
}

function SettingsForm({ settings, offices, allLabel }: { settings: ExchangeSettings; offices: { code: string; name: string }[]; allLabel: string }) {
  const t = useT();
  const [values, setValues] = useState<ExchangeSettings>(settings);
  const [rows, setRows] = useState<OfficeRow[]>(() => rowsOf(settings, offices, allLabel));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    setValues(settings);
    setRows(rowsOf(settings, offices, allLabel));
  }, [settings, offices, allLabel]);

  const set = <K extends keyof ExchangeSettings>(key: K, value: ExchangeSettings[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setRow = (i: number, change: Partial<OfficeRow>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const built = settingsOf(values, rows);

  /** a refusal's fields ('folders.0.folder', 'branches.1.branch'…) onto the rows they came from */
  const onRows = (fields: FieldErrors): FieldErrors => {
    const mapped: FieldErrors = {};
    for (const [key, message] of Object.entries(fields)) {
      const m = /^(folders|branches)\.(\d+)\.(\w+)$/.exec(key);
      if (!m) mapped[key] = message;
      else mapped[`row.${(m[1] === 'folders' ? built.folderRow : built.branchRow)[Number(m[2])]}.${m[1] === 'folders' ? 'folder' : 'branch'}`] = message;
    }
    return mapped;
  };

  const review = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(exchangeSettingsFields, built.settings);
    if (!checked.ok) return setErrors(onRows(checked.errors));
    setErrors({});
    setConfirming(true);
  };

  const save = async () => {
    const result = await call('exchange.saveSettings', built.settings);
    if (!result.ok) {
      setErrors({ ...onRows(result.error.fields ?? {}), _: result.error.message });
      return;
    }
    setValues(result.data);
    notifySuccess(t('exchange.settings.saved'));
  };

  const folders = built.settings.folders.length;
  const summary =
    folders === 0
      ? t('exchange.settings.confirmNoFolders')
      : values.deliveryTime
        ? t('exchange.settings.confirmAtHour', { n: folders, hour: values.deliveryTime, formats: values.deliveryFormats.map((f) => t(`exchange.what.${f}` as MessageKey)).join(', ') })
        : t('exchange.settings.confirmOnDemand', { n: folders });

  return (
    <Card withBorder>
      <form onSubmit={review} noValidate>
        <Stack gap="sm">
          <FormError message={errors._} />
          <SimpleGrid cols={2} spacing="xl">
            <Stack gap="xs">
              <Title order={4}>{t('exchange.settings.entity')}</Title>
              <Group grow align="flex-start">
                <TextInput
                  label={t('exchange.settings.bankCode')}
                  description={t('exchange.settings.bankCodeHelp')}
                  value={values.bankCode}
                  onChange={(e) => set('bankCode', e.currentTarget.value)}
                  error={errors.bankCode}
                  maxLength={3}
                  inputMode="numeric"
                  required
                  data-autofocus
                />
                <TextInput
                  label={t('exchange.settings.serviceCode')}
                  description={t('exchange.settings.serviceCodeHelp')}
                  value={values.serviceCode}
                  onChange={(e) => set('serviceCode', e.currentTarget.value)}
                  error={errors.serviceCode}
                  maxLength={13}
                  inputMode="numeric"
                />
              </Group>
              <Group grow align="flex-start">
                <TextInput
                  label={t('exchange.settings.account')}
                  value={values.collectionAccount}
                  onChange={(e) => set('collectionAccount', e.currentTarget.value)}
                  error={errors.collectionAccount}
                  maxLength={17}
                  inputMode="numeric"
                  required
                />
                <Select
                  label={t('exchange.settings.accountType')}
                  data={[
                    { value: '01', label: t('exchange.settings.accountType.01') },
                    { value: '02', label: t('exchange.settings.accountType.02') },
                  ]}
                  value={values.accountType}
                  onChange={(v) => v && set('accountType', v as ExchangeSettings['accountType'])}
                  allowDeselect={false}
                />
              </Group>
              <Select
                label={t('exchange.settings.reference')}
                description={t('exchange.settings.referenceHelp')}
                data={[
                  { value: 'factura', label: t('exchange.settings.reference.factura') },
                  { value: 'cuenta', label: t('exchange.settings.reference.cuenta') },
                ]}
                value={values.reference}
                onChange={(v) => v && set('reference', v as ExchangeSettings['reference'])}
                allowDeselect={false}
              />
            </Stack>
            <Stack gap="xs">
              <Title order={4}>{t('exchange.settings.delivery')}</Title>
              <Group align="flex-start" grow>
                <TextInput
                  label={t('exchange.settings.hour')}
                  description={t('exchange.settings.hourHelp')}
                  placeholder="19:00"
                  value={values.deliveryTime}
                  onChange={(e) => set('deliveryTime', e.currentTarget.value)}
                  error={errors.deliveryTime}
                  maxLength={5}
                />
                <Checkbox.Group
                  label={t('exchange.settings.formats')}
                  value={values.deliveryFormats}
                  onChange={(v) => set('deliveryFormats', v as ExportFormat[])}
                  error={errors.deliveryFormats}
                >
                  <Stack gap={4} mt={6}>
                    {EXPORT_FORMATS.map((f) => (
                      <Checkbox key={f} value={f} label={t(`exchange.what.${f}` as MessageKey)} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              </Group>
              <Table withTableBorder verticalSpacing={4} aria-label={t('exchange.settings.offices')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('exchange.col.office')}</Table.Th>
                    <Table.Th>{t('exchange.settings.folder')}</Table.Th>
                    <Table.Th w={90}>{t('exchange.settings.branch')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => (
                    <Table.Tr key={r.code}>
                      <Table.Td>
                        <Text size="sm" fw={700} title={r.name}>
                          {r.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={t('exchange.settings.folderOf', { office: r.code })}
                          placeholder={t('exchange.settings.folderPlaceholder')}
                          value={r.folder}
                          onChange={(e) => setRow(i, { folder: e.currentTarget.value })}
                          error={errors[`row.${i}.folder`]}
                          maxLength={300}
                          size="xs"
                        />
                      </Table.Td>
                      <Table.Td>
                        {r.code !== ALL && (
                          <TextInput
                            aria-label={t('exchange.settings.branchOf', { office: r.code })}
                            value={r.branch}
                            onChange={(e) => setRow(i, { branch: e.currentTarget.value })}
                            error={errors[`row.${i}.branch`]}
                            maxLength={4}
                            inputMode="numeric"
                            size="xs"
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconDeviceFloppy size={18} />}>
              {t('exchange.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmModal opened={confirming} title={t('exchange.settings.confirmTitle')} confirmLabel={t('exchange.settings.save')} onClose={() => setConfirming(false)} onConfirm={save}>
        <Text>{summary}</Text>
      </ConfirmModal>
    </Card>
  );
}
