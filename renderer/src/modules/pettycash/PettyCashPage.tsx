/**
 * Caja menor: the fund of the office. The glance first (available cash, used share per rubro, the
 * threshold alert, open advances, vouchers waiting for support), then the vouchers, advances,
 * reimbursement, arqueo, till transfers and, for the coordinator, the year-end legalisation.
 * Without an open fund a coordinator sets one up; anyone else is told there is none. A legalised
 * fund is shown read-only with its final report.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAdjustments, IconFileText, IconPlus, IconReceiptRefund } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { PettyCashFund, PettyCashStatus } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { notifyError, notifySuccess } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { COORDINATORS } from './labels';
import { FundSetupForm } from './FundSetupForm';
import { FundGlance } from './FundGlance';
import { ExpenseForm } from './ExpenseForm';
import { ExpensesPanel } from './ExpensesPanel';
import { AdvancesPanel } from './AdvancesPanel';
import { ReimbursementPanel } from './ReimbursementPanel';
import { ArqueoPanel } from './ArqueoForm';
import { TransfersPanel } from './TransferForm';
import { LegalisationPanel } from './LegalisationPanel';
import { FundRulesModal } from './FundRulesModal';

export function PettyCashPage() {
  const t = useT();
  const status = useLoad(() => send('pettyCash.status', {}), []);
  if (status.error) return <LoadError error={status.error} retry={() => void status.reload()} />;
  if (status.loading && status.data === null) return <Loading />;
  if (!status.data) {
    return (
      <>
        <PageTitle title={t('pettyCash.title')} description={t('pettyCash.description')} />
        <NoOpenFund onOpened={(s) => status.setData(s)} />
      </>
    );
  }
  return <FundView status={status.data} reload={status.reload} />;
}

/** No open fund: the last legalised one read-only, and the set-up form for a coordinator. */
function NoOpenFund({ onOpened }: { onOpened: (status: PettyCashStatus) => void }) {
  const t = useT();
  const { can } = useSession();
  const coordinator = can(COORDINATORS);
  const funds = useLoad(() => send('pettyCash.funds', {}), []);
  const [settingUp, setSettingUp] = useState(false);
  if (funds.loading && !funds.data) return <Loading />;
  const last = funds.data?.[0] ?? null;
  const showForm = coordinator && (settingUp || !last);
  return (
    <Stack gap="lg">
      {last && !settingUp && <LegalisedFund fund={last} />}
      {!coordinator && (
        <Alert color="gray" data-testid="petty-no-fund">
          {t('pettyCash.noFund')}
        </Alert>
      )}
      {coordinator && last && !settingUp && (
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setSettingUp(true)}>
            {t('pettyCash.setup.newFund')}
          </Button>
        </Group>
      )}
      {showForm && <FundSetupForm onOpened={onOpened} />}
    </Stack>
  );
}

/** a fund that is closed: its figures, its vouchers and its final report, nothing to change */
function LegalisedFund({ fund }: { fund: PettyCashFund }) {
  const t = useT();
  const { money } = useSession();
  const expenses = useLoad(() => send('pettyCash.expenses', { fundId: fund.id }), [fund.id]);
  return (
    <Card withBorder padding="lg" data-testid="petty-legalised">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3}>{t('pettyCash.fundTitle', { year: fund.year })}</Title>
            <Badge color={fund.state === 'legalizada' ? 'gray' : 'teal'} size="lg">
              {t(fund.state === 'legalizada' ? 'pettyCash.state.legalizada' : 'pettyCash.state.abierta')}
            </Badge>
          </Group>
          {fund.state === 'legalizada' && (
            <Button variant="light" leftSection={<IconFileText size={16} />} onClick={() => void send('pettyCash.finalReportPdf', { fundId: fund.id }).then(downloadDocument, notifyError)}>
              {t('pettyCash.legalize.finalReport')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Text size="sm">{t('pettyCash.fundResolution', { number: fund.resolutionNumber, date: formatDate(fund.resolutionDate) })}</Text>
          <Text size="sm">{t('pettyCash.fundAmount', { amount: money(fund.amount) })}</Text>
          <Text size="sm">
            {fund.state === 'legalizada' ? t('pettyCash.legalizedOn', { date: formatDate(fund.closedThrough) }) : t('pettyCash.fundCustodian', { name: fund.custodian.name })}
          </Text>
        </SimpleGrid>
        {expenses.data && <ExpensesPanel expenses={expenses.data} canRecord={false} readOnly onNew={() => undefined} onChanged={async () => undefined} />}
      </Stack>
    </Card>
  );
}

type TabName = 'resumen' | 'gastos' | 'anticipos' | 'reembolso' | 'arqueo' | 'traslados' | 'legalizacion';

function FundView({ status, reload }: { status: PettyCashStatus; reload: () => Promise<void> }) {
  const t = useT();
  const { user, can, money } = useSession();
  const { fund } = status;
  const isCustodian = fund.custodian.id === user.id;
  const isCoordinator = can(COORDINATORS);
  const readOnly = fund.state !== 'abierta';
  const [tab, setTab] = useState<TabName>('resumen');
  const [version, setVersion] = useState(0);
  const [recording, setRecording] = useState(0);
  const [editingRules, setEditingRules] = useState(false);
  const expenses = useLoad(() => send('pettyCash.expenses', { fundId: fund.id }), [fund.id, version]);

  const refresh = async () => {
    setVersion((v) => v + 1);
    await reload();
  };

  const newExpense = () => setRecording((n) => (n > 0 ? n : Date.now()));

  return (
    <>
      <PageTitle
        title={t('pettyCash.fundTitle', { year: fund.year })}
        description={
          <>
            {t('pettyCash.fundResolution', { number: fund.resolutionNumber, date: formatDate(fund.resolutionDate) })} · {t('pettyCash.fundCustodian', { name: fund.custodian.name })}
            {readOnly && (
              <Badge ml="sm" color="gray">
                {t('pettyCash.state.legalizada')}
              </Badge>
            )}
          </>
        }
        actions={
          !readOnly && (
            <>
              {isCoordinator && (
                <Button variant="default" leftSection={<IconAdjustments size={18} />} onClick={() => setEditingRules(true)}>
                  {t('pettyCash.rules.open')}
                </Button>
              )}
              {isCustodian && (
                <Button size="md" leftSection={<IconPlus size={18} />} onClick={newExpense}>
                  {t('pettyCash.expense.new')}
                </Button>
              )}
            </>
          )
        }
      />
      <Tabs value={tab} onChange={(v) => v && setTab(v as TabName)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="resumen">{t('pettyCash.tab.glance')}</Tabs.Tab>
          <Tabs.Tab value="gastos">{t('pettyCash.tab.expenses')}</Tabs.Tab>
          <Tabs.Tab value="anticipos">{t('pettyCash.tab.advances')}</Tabs.Tab>
          <Tabs.Tab value="reembolso" rightSection={status.pendingReimbursement ? <Badge size="xs" color="grape" circle>1</Badge> : undefined}>
            {t('pettyCash.tab.reimbursement')}
          </Tabs.Tab>
          <Tabs.Tab value="arqueo">{t('pettyCash.tab.arqueo')}</Tabs.Tab>
          <Tabs.Tab value="traslados">{t('pettyCash.tab.transfers')}</Tabs.Tab>
          {isCoordinator && !readOnly && <Tabs.Tab value="legalizacion">{t('pettyCash.tab.legalisation')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="resumen">
          <FundGlance
            status={status}
            actions={
              !readOnly && (
                <Group>
                  {isCustodian && status.thresholdPassed && !status.pendingReimbursement && (
                    <Button color="red" leftSection={<IconReceiptRefund size={16} />} onClick={() => setTab('reembolso')}>
                      {t('pettyCash.glance.goReimburse')}
                    </Button>
                  )}
                  {isCoordinator && status.pendingReimbursement && (
                    <Button color="grape" leftSection={<IconReceiptRefund size={16} />} onClick={() => setTab('reembolso')}>
                      {t('pettyCash.glance.goDecide', { amount: money(status.pendingReimbursement.total) })}
                    </Button>
                  )}
                </Group>
              )
            }
          />
        </Tabs.Panel>
        <Tabs.Panel value="gastos">
          {expenses.error ? (
            <LoadError error={expenses.error} retry={() => void expenses.reload()} />
          ) : expenses.data ? (
            <ExpensesPanel expenses={expenses.data} canRecord={isCustodian} readOnly={readOnly} onNew={newExpense} onChanged={refresh} />
          ) : (
            <Loading />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="anticipos">
          <AdvancesPanel status={status} isCustodian={isCustodian} readOnly={readOnly} version={version} onChanged={refresh} />
        </Tabs.Panel>
        <Tabs.Panel value="reembolso">
          {expenses.data ? (
            <ReimbursementPanel status={status} expenses={expenses.data} isCustodian={isCustodian} isCoordinator={isCoordinator} readOnly={readOnly} version={version} onChanged={refresh} />
          ) : (
            <Loading />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="arqueo">
          <ArqueoPanel status={status} isCustodian={isCustodian} isCoordinator={isCoordinator} readOnly={readOnly} version={version} onChanged={refresh} />
        </Tabs.Panel>
        <Tabs.Panel value="traslados">
          <TransfersPanel status={status} readOnly={readOnly} onChanged={refresh} />
        </Tabs.Panel>
        {isCoordinator && !readOnly && (
          <Tabs.Panel value="legalizacion">
            <LegalisationPanel
              status={status}
              onLegalised={async (closed) => {
                notifySuccess(t('pettyCash.legalize.done', { year: closed.year }));
                await refresh();
              }}
            />
          </Tabs.Panel>
        )}
      </Tabs>
      {editingRules && <FundRulesModal status={status} onClose={() => setEditingRules(false)} onSaved={refresh} />}
      {recording > 0 && (
        <ExpenseForm
          key={recording}
          status={status}
          opened
          onClose={() => setRecording(0)}
          onSaved={(expense) => {
            setRecording(0);
            notifySuccess(
              expense.state === 'pendiente_soporte'
                ? t('pettyCash.expense.savedPending', { number: expense.number })
                : t('pettyCash.expense.saved', { number: expense.number }),
            );
            void refresh();
          }}
        />
      )}
    </>
  );
}
