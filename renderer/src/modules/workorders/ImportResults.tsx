/**
 * The crew's CSV of results (resources/samples/RESULTADOS-CUADRILLA.md): the whole file or nothing.
 * A refusal lists each line with its reason and writes nothing.
 */
import { useState } from 'react';
import { Alert, Button, Code, FileInput, Group, List, Stack, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { ApiCallError, call } from '../../api/client';
import type { ImportResultsSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { apiErrorOf } from '../../app/forms';

const HEADER = 'orden;resultado;fecha_ejecucion;ejecutada_por;lectura;sello;causa;observaciones';

/** "No se registró … (línea 2: …; línea 5: …)." → its lines */
function refusalLines(message: string): string[] {
  const inner = /\((línea .*)\)\.$/.exec(message);
  return inner ? inner[1].split(/; (?=línea |…)/) : [];
}

export function ImportResults({ changed }: { changed: () => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [summary, setSummary] = useState<ImportResultsSummary | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const lines = csv === null ? 0 : csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;

  const pick = async (f: File | null) => {
    setFile(f);
    setSummary(null);
    setRefusal(null);
    setCsv(f ? await f.text() : null);
  };
  const importNow = async () => {
    if (csv === null) return;
    const r = await call('workOrders.importResults', { csv });
    if (!r.ok) {
      if (r.error.code === 'RULE' || r.error.code === 'VALIDATION') {
        setRefusal(r.error.message);
        return;
      }
      throw new ApiCallError(r.error);
    }
    setSummary(r.data);
    setFile(null);
    setCsv(null);
    changed();
  };

  return (
    <Stack gap="sm" maw={900}>
      <Text size="sm">{t('wo.import.description')}</Text>
      <Code block>{HEADER}</Code>
      <Group align="flex-end">
        <FileInput label={t('wo.import.file')} accept=".csv,.txt,text/csv" value={file} onChange={(f) => void pick(f).catch((e) => setRefusal(apiErrorOf(e).message))} clearable w={360} leftSection={<IconFileImport size={16} />} data-testid="wo-import-file" />
        <Button disabled={csv === null || lines < 1} onClick={() => setConfirming(true)} data-testid="wo-import-go">
          {t('wo.import.go', { count: Math.max(lines, 0) })}
        </Button>
      </Group>
      {refusal && (
        <Alert color="red" title={t('wo.import.refused')} data-testid="wo-import-refusal">
          <Text size="sm">{refusalLines(refusal).length > 0 ? `${refusal.slice(0, refusal.indexOf(' ('))}:` : refusal}</Text>
          {refusalLines(refusal).length > 0 && (
            <List size="sm" mt="xs">
              {refusalLines(refusal).map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {summary && (
        <Alert color="teal" data-testid="wo-import-done">
          {t('wo.import.done', { lines: summary.lines, executed: summary.executed, failed: summary.failed, charges: summary.reconnectionCharges })}
        </Alert>
      )}
      <ConfirmModal opened={confirming} title={t('wo.import.confirmTitle')} confirmLabel={t('wo.import.confirm')} onConfirm={importNow} onClose={() => setConfirming(false)}>
        <Text size="sm">{t('wo.import.confirmWhat', { count: lines, file: file?.name ?? '' })}</Text>
      </ConfirmModal>
    </Stack>
  );
}
