import { useState } from 'react';
import { Button, Group, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { formatDate, formatPeriod } from '../../app/format';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { printDocument } from '../../app/PrintButton';
import { notifyError, notifySuccess } from '../../app/forms';

/** An invoice's detail: dates, readings, reference and its lines. */
export function InvoiceModal({ invoiceId, onClose }: { invoiceId: number | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal opened={invoiceId !== null} onClose={onClose} size="xl" title={t('invoice.detailTitle')}>
      {invoiceId !== null && <InvoiceDetailView invoiceId={invoiceId} />}
    </Modal>
  );
}

function InvoiceDetailView({ invoiceId }: { invoiceId: number }) {
  const t = useT();
  const { money } = useSession();
  const { data: invoice, error, loading } = useLoad(() => send('invoices.get', { invoiceId }), [invoiceId]);
  const [reprinting, setReprinting] = useState(false);
  /** the same invoice again, marked DUPLICADO (counted and audited by the back office) */
  const reprint = async () => {
    setReprinting(true);
    try {
      const { file, copyNumber } = await send('invoicing.reprint', { invoiceId });
      await printDocument(t, 'invoice', `Factura ${file.fileName.replace(/\.pdf$/, '')} (duplicado)`, file, { whenNotConfigured: 'download' });
      notifySuccess(t('invoicing.reprinted', { copy: copyNumber }));
    } catch (e) {
      notifyError(e);
    } finally {
      setReprinting(false);
    }
  };
  if (loading) return <Loading />;
  if (error || !invoice) return error ? <LoadError error={error} /> : null;
  const fact = (label: string, value: string) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500}>{value || '—'}</Text>
    </Stack>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Text fw={700} size="lg">
          {t('invoice.heading', { number: invoice.number, account: invoice.accountNumber })}
        </Text>
        <Button variant="light" leftSection={<IconPrinter size={18} />} loading={reprinting} onClick={() => void reprint()}>
          {t('invoicing.reprint')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {fact(t('invoice.period'), formatPeriod(invoice.period))}
        {fact(t('invoice.issueDate'), formatDate(invoice.issueDate))}
        {fact(t('invoice.dueDate'), formatDate(invoice.dueDate))}
        {fact(t('invoice.suspensionDate'), formatDate(invoice.suspensionDate))}
        {fact(t('invoice.previousReading'), invoice.previousReading === null ? '' : String(invoice.previousReading))}
        {fact(t('invoice.currentReading'), invoice.currentReading === null ? '' : String(invoice.currentReading))}
        {fact(t('invoice.consumption'), `${invoice.consumptionM3} m³`)}
        {fact(t('invoice.reference'), invoice.paymentReference)}
      </SimpleGrid>
      <Table withTableBorder striped aria-label={t('invoice.lines')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoice.concept')}</Table.Th>
            <Table.Th ta="right">{t('invoice.quantity')}</Table.Th>
            <Table.Th ta="right">{t('invoice.unitValue')}</Table.Th>
            <Table.Th ta="right">{t('invoice.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoice.lines.map((line) => (
            <Table.Tr key={line.lineNo}>
              <Table.Td>{line.concept}</Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              <Table.Td ta="right">{money(line.unitValue)}</Table.Td>
              <Table.Td ta="right">{money(line.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={3} ta="right">
              {t('invoice.total')}
            </Table.Th>
            <Table.Th ta="right">{money(invoice.total)}</Table.Th>
          </Table.Tr>
          <Table.Tr>
            <Table.Th colSpan={3} ta="right">
              {t('invoice.balance')}
            </Table.Th>
            <Table.Th ta="right" c={invoice.overdue ? 'red' : undefined}>
              {money(invoice.balance)}
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Stack>
  );
}
