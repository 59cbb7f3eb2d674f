/** The open session at a glance (till, cashier, since when, collected) and its acts. */
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconArrowsExchange, IconLock, IconReceipt } from '@tabler/icons-react';
import type { CashSession } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { useSession } from '../../app/session';

export function SessionBar({ session, onMovement, onReceipts, onClose }: { session: CashSession; onMovement: () => void; onReceipts: () => void; onClose: () => void }) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <Card withBorder padding="sm" aria-label={t('cashier.bar.label')} component="section">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xl">
          <Fact label={t('cashier.bar.till')} value={session.tillName} />
          <Fact label={t('cashier.bar.cashier')} value={session.cashierName} />
          <Fact label={t('cashier.bar.openedAt')} value={dateTime(session.openedAt)} testId="session-opened" />
          <Fact label={t('cashier.bar.receipts')} value={String(session.paymentCount)} testId="session-receipts" />
          <Fact label={t('cashier.bar.collected')} value={money(session.collected)} testId="session-collected" />
        </Group>
        <Group gap="xs">
          <Button variant="light" leftSection={<IconArrowsExchange size={18} />} onClick={onMovement}>
            {t('cashier.bar.movement')}
          </Button>
          <Button variant="light" leftSection={<IconReceipt size={18} />} onClick={onReceipts}>
            {t('cashier.bar.receiptsButton')}
          </Button>
          <Button variant="outline" color="red" leftSection={<IconLock size={18} />} onClick={onClose}>
            {t('cashier.bar.close')}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
