/**
 * Remisiones a terreno (issue 15, item 3): the accounts the gestores handed to the field team
 * (verify the premises, update data, deliver a letter, check for suspension), pending or attended;
 * the pending list as CSV for the crew; each closed with a note of what the field found.
 */
import { useState } from 'react';
import { Button, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconCheck, IconFileTypeCsv } from '@tabler/icons-react';
import { ApiCallError, call, send } from '../../api/client';
import type { HandoffRow } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { PageTitle } from '../../app/PageTitle';
import { LoadError } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { useDocumentFile } from './parts';

export function FieldHandoffsPage() {
  const t = useT();
  const { dateTime } = useSession();
  const [state, setState] = useState<'pendiente' | 'atendida'>('pendiente');
  const list = useLoad(() => send('collections.fieldList', { state }), [state]);
  const [closing, setClosing] = useState<HandoffRow | null>(null);
  const [note, setNote] = useState('');
  const files = useDocumentFile();

  const close = async () => {
    if (!closing) return;
    const r = await call('collections.closeField', { handoffId: closing.id, note: note.trim() });
    if (!r.ok) throw new ApiCallError(r.error);
    setNote('');
    void list.reload();
  };

  return (
    <>
      <PageTitle
        title={t('collections.field.title')}
        description={t('collections.field.description')}
        actions={
          <Button variant="light" leftSection={<IconFileTypeCsv size={18} />} loading={files.busy === 'csv'} onClick={() => void files.get('csv', () => send('collections.fieldFile', {}))} data-testid="field-csv">
            {t('collections.field.csv')}
          </Button>
        }
      />
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('collections.field.state')}
          w="fit-content"
          value={state}
          onChange={(v) => setState(v as 'pendiente' | 'atendida')}
          data={[
            { value: 'pendiente', label: t('collections.field.pending') },
            { value: 'atendida', label: t('collections.field.attended') },
          ]}
        />
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        <DataTable<HandoffRow>
          label={t('collections.field.table')}
          records={list.data ?? []}
          idOf={(h) => h.id}
          fetching={list.loading}
          empty={t('collections.field.empty')}
          rowTestId={(h) => `handoff-${h.id}`}
          pinLastColumn
          columns={[
            { key: 'accountNumber', title: t('collections.col.account'), noWrap: true, render: (h) => <Button variant="subtle" size="compact-sm" onClick={() => navigate(paths.account(h.accountId))}>{h.accountNumber}</Button> },
            { key: 'holderName', title: t('collections.col.holder'), sortable: true },
            { key: 'address', title: t('collections.col.address') },
            { key: 'whatLabel', title: t('collections.field.what'), sortable: true },
            { key: 'reason', title: t('collections.field.reason') },
            { key: 'at', title: t('collections.field.by'), render: (h) => `${dateTime(h.at)} · ${h.by}` },
            state === 'pendiente'
              ? {
                  key: 'close',
                  title: '',
                  render: (h) => (
                    <Button size="compact-sm" variant="light" leftSection={<IconCheck size={14} />} onClick={() => setClosing(h)} aria-label={t('collections.field.closeFor', { account: h.accountNumber })}>
                      {t('collections.field.close')}
                    </Button>
                  ),
                }
              : { key: 'closeNote', title: t('collections.field.closeNote') },
          ]}
        />
      </Stack>
      <ConfirmModal
        opened={closing !== null}
        title={t('collections.field.closeTitle', { account: closing?.accountNumber ?? '' })}
        confirmLabel={t('collections.field.close')}
        onConfirm={close}
        onClose={() => setClosing(null)}
      >
        <Text size="sm">{closing?.whatLabel}</Text>
        <Textarea label={t('collections.field.closeNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={300} required autosize minRows={2} data-autofocus />
      </ConfirmModal>
    </>
  );
}
