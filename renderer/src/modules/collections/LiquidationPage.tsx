/**
 * A commission liquidation (issue 15, item 7): the gestor's month, every attributed payment with its
 * bucket, rate and commission, the figures (recovered, base, goal attained, tier factor, cap) and the
 * PDF with signatures. «Aprobar» (another coordinator or the administrator: whoever liquidated does not
 * approve, the back office says so) — the approvals inbox opens this page. A liquidation whose data
 * changed (a void, a late payment) is liquidated again: the new version replaces it.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconFileTypePdf, IconRefresh } from '@tabler/icons-react';
import { ApiCallError, call, send } from '../../api/client';
import { AGE_BUCKET_LABELS, type LiquidationLine } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { notifyError } from '../../app/forms';
import { formatDate, formatPeriod } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { PdfPreviewModal } from '../../app/PdfPreview';
import { LoadError, Loading } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LIQUIDATION_COLORS } from './CommissionsPage';
import { Figure, useDocumentFile } from './parts';

/** basis points as a percentage: 150 → "1,5 %" */
function rate(bp: number): string {
  return `${(bp / 100).toLocaleString('es-CO', { maximumFractionDigits: 2 })} %`;
}

export function LiquidationPage({ liquidationId }: { liquidationId: number }) {
  const t = useT();
  const { money, dateTime, user } = useSession();
  const liquidation = useLoad(() => send('collections.liquidation', { liquidationId }), [liquidationId]);
  const [approving, setApproving] = useState(false);
  const files = useDocumentFile();
  const [again, setAgain] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  if (liquidation.error) return <LoadError error={liquidation.error} retry={() => void liquidation.reload()} />;
  const l = liquidation.data;
  if (!l) return <Loading />;

  const approve = async () => {
    const r = await call('collections.approveLiquidation', { liquidationId });
    if (!r.ok) throw new ApiCallError(r.error);
    liquidation.setData(r.data);
    setDone(t('collections.liquidation.approved'));
  };

  const showPdf = () => files.get('pdf', () => send('collections.liquidationPdf', { liquidationId }));

  const liquidateAgain = async () => {
    setAgain(true);
    try {
      const r = await send('collections.liquidate', { gestorId: l.gestorId, month: l.month });
      if (r.liquidation.id === l.id) void liquidation.reload();
      else navigate(paths.liquidation(r.liquidation.id));
    } catch (e) {
      notifyError(e);
    } finally {
      setAgain(false);
    }
  };

  return (
    <>
      <PageTitle
        title={t('collections.liquidation.title', { gestor: l.gestor, month: formatPeriod(l.month) })}
        description={t('collections.liquidation.description', { version: l.version, by: l.createdBy, at: dateTime(l.createdAt), office: l.officeCode })}
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={() => navigate(paths.commissions)}>
              {t('collections.liquidation.back')}
            </Button>
            <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={files.busy === 'pdf'} onClick={() => void showPdf()} data-testid="liquidation-pdf">
              {t('collections.pdf')}
            </Button>
            {l.stale && l.state !== 'reemplazada' && (
              <Button variant="light" color="orange" leftSection={<IconRefresh size={18} />} loading={again} onClick={() => void liquidateAgain()}>
                {t('collections.liquidation.again')}
              </Button>
            )}
            {l.state === 'por_aprobar' && l.createdBy !== user.fullName && (
              <Button color="teal" leftSection={<IconCheck size={18} />} onClick={() => setApproving(true)} data-testid="liquidation-approve">
                {t('collections.liquidation.approve')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="sm">
        {done && (
          <Alert color="teal" withCloseButton onClose={() => setDone(null)}>
            {done}
          </Alert>
        )}
        {l.state === 'por_aprobar' && l.createdBy === user.fullName && (
          <Alert color="blue" data-testid="liquidation-own">
            {t('collections.liquidation.own')}
          </Alert>
        )}
        {l.stale && l.state !== 'reemplazada' && <Alert color="orange">{t('collections.liquidation.staleText')}</Alert>}
        <SimpleGrid cols={5}>
          <Box label={t('collections.commissions.state')}>
            <Badge size="lg" color={LIQUIDATION_COLORS[l.state]} variant="light" data-testid="liquidation-state">
              {t(`collections.liquidationState.${l.state}` as MessageKey)}
            </Badge>
            {l.approvedAt && (
              <Text size="xs" c="dimmed">
                {t('collections.liquidation.approvedBy', { by: l.approvedBy ?? '', at: dateTime(l.approvedAt) })}
              </Text>
            )}
          </Box>
          <Box label={t('collections.commissions.recovered')}>
            <Text size="lg" fw={700} data-testid="liquidation-recovered">
              {money(l.recovered)}
            </Text>
            <Text size="xs" c="dimmed">
              {t('collections.liquidation.payments', { n: l.lines })}
            </Text>
          </Box>
          <Box label={t('collections.liquidation.base')}>
            <Text size="lg" fw={700}>
              {money(l.base)}
            </Text>
          </Box>
          <Box label={t('collections.liquidation.goal')}>
            <Text size="lg" fw={700}>
              {l.goal > 0 ? `${l.goalPercent ?? 0} %` : t('collections.liquidation.noGoal')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('collections.liquidation.factor', { factor: l.factorPercent })}
              {l.capApplied ? ` · ${t('collections.liquidation.capApplied')}` : ''}
            </Text>
          </Box>
          <Box label={t('collections.commissions.commission')} strong>
            <Text size="xl" fw={800} data-testid="liquidation-commission">
              {money(l.commission)}
            </Text>
          </Box>
        </SimpleGrid>
        <DataTable<LiquidationLine>
          label={t('collections.liquidation.items')}
          records={l.items}
          idOf={(i) => i.paymentId}
          compact
          maxHeight={300}
          empty={t('collections.liquidation.noItems')}
          columns={[
            { key: 'receipt', title: t('collections.liquidation.receipt'), noWrap: true },
            { key: 'accountNumber', title: t('collections.col.account'), noWrap: true, sortable: true },
            { key: 'businessDate', title: t('collections.liquidation.paidOn'), noWrap: true, sortable: true, render: (i) => formatDate(i.businessDate) },
            { key: 'source', title: t('collections.liquidation.source'), render: (i) => t(`collections.source.${i.source}` as MessageKey) },
            { key: 'contactDate', title: t('collections.liquidation.contactOn'), noWrap: true, render: (i) => formatDate(i.contactDate) },
            { key: 'bucket', title: t('collections.portfolio.bucket'), noWrap: true, render: (i) => AGE_BUCKET_LABELS[i.bucket] },
            { key: 'amount', title: t('collections.liquidation.amount'), textAlign: 'right', noWrap: true, sortable: true, render: (i) => money(i.amount) },
            { key: 'rateBasisPoints', title: t('collections.liquidation.rate'), textAlign: 'right', render: (i) => rate(i.rateBasisPoints) },
            { key: 'commission', title: t('collections.commissions.commission'), textAlign: 'right', noWrap: true, sortable: true, render: (i) => money(i.commission) },
          ]}
        />
        <Card withBorder padding="sm" maw={640}>
          <Text fw={700} size="sm" mb={4}>
            {t('collections.liquidation.byBucket')}
          </Text>
          <Table fz="sm" verticalSpacing={4} aria-label={t('collections.liquidation.byBucket')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('collections.portfolio.bucket')}</Table.Th>
                <Table.Th ta="right">{t('collections.liquidation.rate')}</Table.Th>
                <Table.Th ta="right">{t('collections.liquidation.amount')}</Table.Th>
                <Table.Th ta="right">{t('collections.commissions.commission')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {l.byBucket
                .filter((b) => b.amount > 0)
                .map((b) => (
                  <Table.Tr key={b.bucket}>
                    <Table.Td>{AGE_BUCKET_LABELS[b.bucket]}</Table.Td>
                    <Table.Td ta="right">{rate(b.rateBasisPoints)}</Table.Td>
                    <Table.Td ta="right">{money(b.amount)}</Table.Td>
                    <Table.Td ta="right">{money(b.commission)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Card>
      </Stack>
      <ConfirmModal
        opened={approving}
        title={t('collections.liquidation.approveTitle')}
        confirmLabel={t('collections.liquidation.approve')}
        color="teal"
        onConfirm={approve}
        onClose={() => setApproving(false)}
      >
        <Text>{t('collections.liquidation.approveText', { commission: money(l.commission), gestor: l.gestor, month: formatPeriod(l.month) })}</Text>
      </ConfirmModal>
      <PdfPreviewModal file={files.preview} title={t('collections.liquidation.title', { gestor: l.gestor, month: formatPeriod(l.month) })} onClose={files.close} />
    </>
  );
}

/** a figure whose value is more than a line (a badge and who approved, an amount and its count) */
function Box({ label, children, strong }: { label: string; children: React.ReactNode; strong?: boolean }) {
  return (
    <Figure
      label={label}
      strong={strong}
      value={
        <Stack gap={2} align="flex-start">
          {children}
        </Stack>
      }
    />
  );
}
