/**
 * Comisiones (issue 15, item 7): the coordinator liquidates a gestor's month (every attributed payment,
 * the administrator's policy) after a confirmation; the month's liquidations with their state. A
 * liquidation opens its detail, its PDF and its approval (also reached from the approvals inbox).
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { IconCalculator } from '@tabler/icons-react';
import { ApiCallError, call, send } from '../../api/client';
import type { LiquidationRow, LiquidationState } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT, type MessageKey } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { MonthField } from '../../app/DateField';
import { formatPeriod } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { LoadError } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';

export const LIQUIDATION_COLORS: Record<LiquidationState, string> = { por_aprobar: 'orange', aprobada: 'teal', reemplazada: 'gray' };

export function CommissionsPage() {
  const t = useT();
  const { money, dateTime, company } = useSession();
  const thisMonth = todayIn(company.timeZone).slice(0, 7);
  const [month, setMonth] = useState<string | null>(thisMonth);
  const [gestorId, setGestorId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const gestores = useLoad(() => send('collections.gestores', {}), []);
  const list = useLoad(() => send('collections.liquidations', month ? { month } : {}), [month]);
  const gestor = gestores.data?.find((g) => String(g.id) === gestorId);

  const liquidate = async () => {
    if (!gestorId || !month) return;
    const r = await call('collections.liquidate', { gestorId: Number(gestorId), month });
    if (!r.ok) throw new ApiCallError(r.error);
    navigate(paths.liquidation(r.data.liquidation.id));
  };

  return (
    <>
      <PageTitle
        title={t('collections.commissions.title')}
        description={t('collections.commissions.description')}
        actions={
          <Button leftSection={<IconCalculator size={18} />} disabled={!gestorId || !month} onClick={() => setConfirming(true)} data-testid="liquidate">
            {t('collections.commissions.liquidate')}
          </Button>
        }
      />
      <Stack gap="sm">
        <Card withBorder padding="sm">
          <Group align="flex-end">
            <MonthField label={t('collections.commissions.month')} value={month} onChange={setMonth} maxMonth={thisMonth} w={160} />
            <Select
              label={t('collections.col.gestor')}
              placeholder={t('collections.commissions.pickGestor')}
              data={(gestores.data ?? []).map((g) => ({ value: String(g.id), label: `${g.fullName} (${g.officeCode})` }))}
              value={gestorId}
              onChange={setGestorId}
              searchable
              w={320}
              data-testid="liquidate-gestor"
            />
            <Text size="sm" c="dimmed" maw={420}>
              {t('collections.commissions.hint')}
            </Text>
          </Group>
        </Card>
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        <DataTable<LiquidationRow>
          label={t('collections.commissions.table')}
          records={list.data ?? []}
          idOf={(l) => l.id}
          fetching={list.loading}
          empty={t('collections.commissions.empty')}
          onRowClick={(l) => navigate(paths.liquidation(l.id))}
          rowTestId={(l) => `liquidation-${l.id}`}
          rowAttributes={(l) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && navigate(paths.liquidation(l.id)) })}
          columns={[
            { key: 'gestor', title: t('collections.col.gestor'), sortable: true },
            { key: 'month', title: t('collections.commissions.month'), noWrap: true, sortable: true, render: (l) => formatPeriod(l.month) },
            { key: 'version', title: t('collections.commissions.version'), textAlign: 'right' },
            {
              key: 'state',
              title: t('collections.commissions.state'),
              render: (l) => (
                <Group gap={4} wrap="nowrap">
                  <Badge color={LIQUIDATION_COLORS[l.state]} variant="light">
                    {t(`collections.liquidationState.${l.state}` as MessageKey)}
                  </Badge>
                  {l.stale && l.state !== 'reemplazada' && (
                    <Badge color="red" variant="outline">
                      {t('collections.commissions.stale')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            { key: 'lines', title: t('collections.commissions.lines'), textAlign: 'right' },
            { key: 'recovered', title: t('collections.commissions.recovered'), textAlign: 'right', noWrap: true, sortable: true, render: (l) => money(l.recovered) },
            { key: 'commission', title: t('collections.commissions.commission'), textAlign: 'right', noWrap: true, sortable: true, render: (l) => money(l.commission) },
            { key: 'createdAt', title: t('collections.commissions.created'), render: (l) => `${dateTime(l.createdAt)} · ${l.createdBy}` },
          ]}
        />
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('collections.commissions.confirmTitle')}
        confirmLabel={t('collections.commissions.liquidate')}
        onConfirm={liquidate}
        onClose={() => setConfirming(false)}
      >
        <Text data-testid="liquidate-confirm-text">{t('collections.commissions.confirmText', { gestor: gestor?.fullName ?? '', month: month ? formatPeriod(month) : '' })}</Text>
      </ConfirmModal>
    </>
  );
}
