/** One account: who and where, contact data (editable by the counter), debt and invoices. */
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Code, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCash, IconCertificate, IconDownload, IconEdit, IconMailForward, IconMoodSmile } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { AccountDetail, InvoiceRow, PazYSalvoCertificate, Use } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { formatDate, formatPeriod } from '../../app/format';
import { DataTable } from '../../app/DataTable';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { StatusBadge } from './StatusBadge';
import { ContactModal } from './ContactModal';
import { InvoiceModal } from './InvoiceModal';
import { AccountNotices } from '../notices/AccountNotices';
import { AccountWorkOrders } from '../workorders/AccountWorkOrders';
import { ConfirmModal } from '../../app/ConfirmModal';
import { downloadDocument } from '../../app/download';
import { PrintButton, printDocument } from '../../app/PrintButton';
import { notifyError } from '../../app/forms';
import { fileForAccountPath } from '../pqr/PqrFilePage';
import { useOpenTill } from '../cashier/useOpenTill';
import { AccountAgreements } from '../agreements/AccountAgreements';
import { SendByMailButton } from '../mail/SendByMailButton';

const CONTACT_EDITORS = ['auxiliar', 'coordinador', 'administrador'] as const;
const USE_LABELS: Record<Use, MessageKey> = {
  residencial: 'account.use.residencial',
  comercial: 'account.use.comercial',
  industrial: 'account.use.industrial',
  oficial: 'account.use.oficial',
  especial: 'account.use.especial',
};

export function AccountPage({ accountId }: { accountId: number }) {
  const t = useT();
  const { money, can } = useSession();
  const { data: account, setData, error, loading, reload } = useLoad(() => send('accounts.get', { accountId }), [accountId]);
  const [editing, setEditing] = useState(false);
  const [invoiceId, setInvoiceId] = useState<number | null>(null);
  const [askingPazYSalvo, setAskingPazYSalvo] = useState(false);
  const [certificate, setCertificate] = useState<PazYSalvoCertificate | null>(null);
  const till = useOpenTill();

  // with a till open, F9 takes the payment of this account (as the button says)
  useEffect(() => {
    if (!till.open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F9') {
        e.preventDefault();
        navigate(paths.cashierFor(accountId));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [till.open, accountId]);

  if (loading && !account) return <Loading />;
  if (error || !account) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate(paths.accounts)} w="fit-content">
            {t('account.back')}
          </Button>
          <Group gap="sm">
            <Title order={2}>{t('account.title', { number: account.number })}</Title>
            <StatusBadge status={account.status} />
            {till.open && (
              <Button leftSection={<IconCash size={18} />} onClick={() => navigate(paths.cashierFor(account.id))} data-testid="account-pay">
                {t('cashier.goPayKey')}
              </Button>
            )}
          </Group>
          <Text size="lg" fw={500}>
            {account.holderName}
          </Text>
          <Button variant="light" size="xs" leftSection={<IconCertificate size={16} />} onClick={() => setAskingPazYSalvo(true)} w="fit-content">
            {t('pazYSalvo.issue')}
          </Button>
          {can(CONTACT_EDITORS) && (
            <Button variant="light" size="xs" leftSection={<IconMailForward size={16} />} onClick={() => navigate(fileForAccountPath(account.id))} w="fit-content">
              {t('pqr.account.file')}
            </Button>
          )}
          {/* issue 19: a satisfaction survey answered at the counter (surveys/SurveyAnswerPage) */}
          <Button variant="light" size="xs" leftSection={<IconMoodSmile size={16} />} onClick={() => navigate(paths.surveyAnswer(account.id))} w="fit-content" data-testid="account-survey">
            {t('surveys.answer.account')}
          </Button>
        </Stack>
        <SimpleGrid cols={3} spacing="sm">
          <Figure label={t('account.totalDebt')} value={money(account.balance)} color={account.balance > 0 ? 'red' : undefined} />
          <Figure label={t('account.credit')} value={money(account.creditBalance)} color={account.creditBalance > 0 ? 'teal' : undefined} />
          <Figure label={t('account.openCount')} value={String(account.openInvoices.length)} />
        </SimpleGrid>
      </Group>

      {certificate && (
        <Alert color="teal" icon={<IconCertificate />} title={t('pazYSalvo.issuedTitle', { label: certificate.label })} withCloseButton onClose={() => setCertificate(null)} data-testid="pys-issued">
          <Group justify="space-between">
            <Text size="sm">
              {t('pazYSalvo.issuedText', { until: formatDate(certificate.validUntil) })}{' '}
              <Code fz="sm" data-testid="pys-code">
                {certificate.verificationCode}
              </Code>
            </Text>
            <Group gap="xs">
              <PrintButton size="xs" variant="white" color="teal" kind="letter" title={`Paz y salvo ${certificate.label} (COPIA)`} load={() => send('pazYSalvo.pdf', { certificateId: certificate.id })} />
              <Button
                size="xs"
                variant="white"
                color="teal"
                leftSection={<IconDownload size={14} />}
                onClick={() => void send('pazYSalvo.pdf', { certificateId: certificate.id }).then(downloadDocument, notifyError)}
              >
                {t('pazYSalvo.downloadAgain')}
              </Button>
              <SendByMailButton
                size="xs"
                variant="white"
                color="teal"
                accountId={account.id}
                purpose="paz_y_salvo"
                what={t('mail.what.pazYSalvo', { label: certificate.label })}
                sendTo={(to) => send('mail.sendPazYSalvo', { certificateId: certificate.id, to })}
              />
            </Group>
          </Group>
        </Alert>
      )}

      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder h="100%">
            <Title order={4} mb="sm">
              {t('account.data')}
            </Title>
            <Facts
              items={[
                [t('account.holder'), account.holderName],
                [t('account.idNumber'), `${account.idType} ${account.idNumber}`],
                [t('account.address'), account.address],
                [t('account.neighborhood'), account.neighborhood],
                [t('account.estrato'), account.estrato === null ? '—' : String(account.estrato)],
                [t('account.useLabel'), t(USE_LABELS[account.use])],
                [t('account.cycleRoute'), t('account.cycleRouteValue', { cycle: account.cycle, route: account.route, seq: account.routeSequence })],
                [t('account.meter'), account.meterNumber || '—'],
              ]}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder h="100%">
            <Group justify="space-between" mb="sm">
              <Title order={4}>{t('account.contact')}</Title>
              {can(CONTACT_EDITORS) && (
                <Button size="xs" variant="light" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
                  {t('account.editContact')}
                </Button>
              )}
            </Group>
            <Facts
              items={[
                [t('account.phone'), account.phone || '—'],
                [t('account.email'), account.email || '—'],
                [t('account.noticeAddress'), account.noticeAddress || '—'],
              ]}
            />
          </Card>
        </Grid.Col>
      </Grid>

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('account.openInvoices')}
        </Title>
        <InvoicesTable invoices={account.openInvoices} onOpen={setInvoiceId} label={t('account.openInvoices')} empty={t('account.noOpenInvoices')} />
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('account.history')}
        </Title>
        <InvoicesTable invoices={account.invoiceHistory} onOpen={setInvoiceId} label={t('account.history')} empty={t('account.noInvoices')} full />
      </Card>

      <AccountNotices accountId={account.id} />
      <AccountWorkOrders accountId={account.id} />
      <AccountAgreements accountId={account.id} />

      <ContactModal account={account} opened={editing} onClose={() => setEditing(false)} onSaved={(updated: AccountDetail) => setData(updated)} />
      <InvoiceModal invoiceId={invoiceId} onClose={() => setInvoiceId(null)} />
      <ConfirmModal
        opened={askingPazYSalvo}
        title={t('pazYSalvo.issueTitle')}
        confirmLabel={t('pazYSalvo.issueButton')}
        onClose={() => setAskingPazYSalvo(false)}
        onConfirm={async () => {
          const issued = await send('pazYSalvo.issue', { accountId: account.id });
          setCertificate(issued.certificate);
          // to the letters' printer, as the desktop app does; downloaded only when none is set
          void printDocument(t, 'letter', `Paz y salvo ${issued.certificate.label}`, issued.file, { whenNotConfigured: 'download' }).catch(notifyError);
        }}
      >
        <Text fw={600}>{t('pazYSalvo.issueSentence', { number: account.number, holder: account.holderName })}</Text>
        <Text size="sm" c="dimmed">
          {t('pazYSalvo.issueHelp')}
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function Figure({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Card withBorder padding="sm" miw={150}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
    </Card>
  );
}

/** label–value lines (also the agreement page's) */
export function Facts({ items, labelWidth = 190 }: { items: [string, string][]; labelWidth?: number }) {
  return (
    <Table variant="vertical" withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {items.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={labelWidth} fw={500} c="dimmed">
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function InvoicesTable({ invoices, onOpen, label, empty, full = false }: { invoices: InvoiceRow[]; onOpen: (id: number) => void; label: string; empty: string; full?: boolean }) {
  const t = useT();
  const { money } = useSession();
  return (
    <DataTable<InvoiceRow>
      label={label}
      records={invoices}
      idOf={(invoice) => invoice.id}
      empty={empty}
      minWidth={640}
      striped={false}
      onRowClick={(invoice) => onOpen(invoice.id)}
      rowColor={(invoice) => (invoice.overdue ? 'red' : undefined)}
      rowAttributes={(invoice) => ({
        tabIndex: 0,
        onKeyDown: (e: React.KeyboardEvent) => {
          if (e.key === 'Enter') onOpen(invoice.id);
        },
        'data-overdue': invoice.overdue || undefined,
      })}
      columns={[
        { key: 'number', title: t('invoice.number'), sortable: true, noWrap: true, render: (invoice) => <Text fw={600} size="sm">{invoice.number}</Text> },
        { key: 'period', title: t('invoice.period'), sortable: true, noWrap: true, render: (invoice) => formatPeriod(invoice.period) },
        ...(full ? [{ key: 'issueDate', title: t('invoice.issueDate'), sortable: true, noWrap: true, render: (invoice: InvoiceRow) => formatDate(invoice.issueDate) }] : []),
        { key: 'dueDate', title: t('invoice.dueDate'), sortable: true, noWrap: true, render: (invoice) => formatDate(invoice.dueDate) },
        ...(full ? [{ key: 'consumptionM3', title: t('invoice.consumption'), sortable: true, textAlign: 'right' as const, render: (invoice: InvoiceRow) => `${invoice.consumptionM3} m³` }] : []),
        { key: 'total', title: t('invoice.total'), sortable: true, textAlign: 'right', noWrap: true, render: (invoice) => money(invoice.total) },
        { key: 'balance', title: t('invoice.balance'), sortable: true, textAlign: 'right', noWrap: true, render: (invoice) => <Text fw={600} size="sm">{money(invoice.balance)}</Text> },
        { key: 'state', title: t('invoice.state'), sortValue: (invoice) => (invoice.balance <= 0 ? 2 : invoice.overdue ? 0 : 1), render: (invoice) => <InvoiceState invoice={invoice} /> },
      ]}
    />
  );
}

export function InvoiceState({ invoice }: { invoice: InvoiceRow }) {
  const t = useT();
  if (invoice.balance <= 0 && invoice.paidByAgreement)
    return (
      <Badge color="grape" variant="light" tt="none" data-testid="invoice-paid-by-agreement">
        {t('invoice.paidByAgreement')}{' '}
        <Anchor href={`#${paths.agreement(invoice.paidByAgreement.id)}`} size="xs" fw={700} c="grape" onClick={(e) => e.stopPropagation()}>
          {invoice.paidByAgreement.number}
        </Anchor>
      </Badge>
    );
  if (invoice.balance <= 0)
    return (
      <Badge color="gray" variant="light">
        {t('invoice.paid')}
      </Badge>
    );
  if (invoice.overdue)
    return (
      <Badge color="red" variant="filled">
        {t('invoice.overdue')}
      </Badge>
    );
  return (
    <Badge color="blue" variant="light">
      {t('invoice.open')}
    </Badge>
  );
}
