/**
 * The suspension round (issue 17, item 2): the suspension notices whose term has passed, who gets an
 * order and who is left out with the reason; then the orders generated with a confirmation, the whole
 * round in one call (one transaction in the back office: every order or none, however many notices).
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { ApiCallError, call, send } from '../../api/client';
import type { SuspensionCandidate, SuspensionExclusion } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { text } from '../../app/forms';
import { useSession } from '../../app/session';
import { LoadError } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

const EXCLUSION_KEYS: Record<SuspensionExclusion, 'wo.round.ex.pago' | 'wo.round.ex.acuerdo' | 'wo.round.ex.reclamo' | 'wo.round.ex.uso_protegido' | 'wo.round.ex.ya_suspendida' | 'wo.round.ex.orden_abierta' | 'wo.round.ex.retirada'> = {
  pago: 'wo.round.ex.pago',
  acuerdo: 'wo.round.ex.acuerdo',
  reclamo: 'wo.round.ex.reclamo',
  uso_protegido: 'wo.round.ex.uso_protegido',
  ya_suspendida: 'wo.round.ex.ya_suspendida',
  orden_abierta: 'wo.round.ex.orden_abierta',
  retirada: 'wo.round.ex.retirada',
};

export function SuspensionRound({ changed }: { changed: () => void }) {
  const t = useT();
  const { money } = useSession();
  const [route, setRoute] = useState('');
  const [asked, setAsked] = useState('');
  const preview = useLoad(() => send('workOrders.suspensionPreview', asked ? { route: asked } : {}), [asked]);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ count: number; first: string | null; last: string | null } | null>(null);
  const candidates = preview.data?.candidates ?? [];
  const eligible = candidates.filter((c) => c.eligible);
  const excluded = Object.entries(preview.data?.excluded ?? {}) as [SuspensionExclusion, number][];

  // the whole round in one call: refused or failed, nothing was written and the modal says why
  const generate = async () => {
    const r = await call('workOrders.generateSuspensions', { noticeIds: eligible.map((c) => c.noticeId) });
    if (!r.ok) throw new ApiCallError(r.error);
    setOutcome({ count: r.data.count, first: r.data.firstNumber, last: r.data.lastNumber });
    changed();
    void preview.reload();
  };

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="xs">
        <TextInput label={t('wo.filter.route')} w={110} value={route} onChange={text(setRoute)} maxLength={10} placeholder={t('wo.filter.any')} />
        <Button variant="default" onClick={() => (asked === route.trim() ? void preview.reload() : setAsked(route.trim()))}>
          {t('wo.round.refresh')}
        </Button>
        <Text size="sm" data-testid="wo-round-summary" ml="sm">
          {preview.data ? t('wo.round.summary', { eligible: eligible.length, excluded: candidates.length - eligible.length, today: formatDate(preview.data.today) }) : ''}
        </Text>
        <Button ml="auto" leftSection={<IconPlayerPlay size={16} />} disabled={eligible.length === 0} onClick={() => setConfirming(true)} data-testid="wo-round-generate">
          {t('wo.round.generate', { count: eligible.length })}
        </Button>
      </Group>
      {excluded.length > 0 && (
        <Group gap="xs" data-testid="wo-round-excluded">
          <Text size="sm" fw={600}>
            {t('wo.round.leftOut')}
          </Text>
          {excluded.map(([reason, n]) => (
            <Badge key={reason} variant="light" color="gray">
              {t(EXCLUSION_KEYS[reason])}: {n}
            </Badge>
          ))}
        </Group>
      )}
      {outcome && (
        <Alert color="teal" withCloseButton onClose={() => setOutcome(null)} data-testid="wo-round-outcome">
          {t('wo.round.done', { count: outcome.count, first: outcome.first ?? '', last: outcome.last ?? '' })}
        </Alert>
      )}
      {preview.error && <LoadError error={preview.error} retry={() => void preview.reload()} />}
      <DataTable<SuspensionCandidate>
        label={t('wo.round.table')}
        records={candidates}
        idOf={(c) => c.noticeId}
        fetching={preview.loading}
        empty={t('wo.round.empty')}
        rowTestId={(c) => `round-${c.accountNumber}`}
        maxHeight={430}
        compact
        columns={[
          { key: 'noticeNumber', title: t('wo.round.notice'), noWrap: true, sortable: true },
          { key: 'accountNumber', title: t('wo.col.account'), noWrap: true, sortable: true },
          { key: 'holderName', title: t('wo.col.holder'), sortable: true },
          { key: 'route', title: t('wo.col.route'), noWrap: true, sortable: true },
          { key: 'suspensionDate', title: t('wo.round.date'), noWrap: true, sortable: true, render: (c) => formatDate(c.suspensionDate) },
          { key: 'debt', title: t('wo.round.debt'), textAlign: 'right', noWrap: true, sortable: true, render: (c) => money(c.debt) },
          {
            key: 'eligible',
            title: t('wo.round.result'),
            sortValue: (c) => (c.eligible ? 0 : 1),
            render: (c) =>
              c.eligible ? (
                <Badge color="red" variant="light">
                  {t('wo.round.getsOrder')}
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  {t('wo.round.leftOutOne')}
                </Badge>
              ),
          },
          { key: 'reason', title: t('wo.round.reason'), testId: 'round-reason' },
        ]}
      />
      <ConfirmModal opened={confirming} title={t('wo.round.confirmTitle')} confirmLabel={t('wo.round.confirm', { count: eligible.length })} onConfirm={generate} onClose={() => setConfirming(false)}>
        <Text size="sm">{t('wo.round.confirmWhat', { count: eligible.length, excluded: candidates.length - eligible.length })}</Text>
      </ConfirmModal>
    </Stack>
  );
}
