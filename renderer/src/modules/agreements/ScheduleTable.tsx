/** An agreement's installments: due date, principal, interest, total, balance after; once active, each one's paid or unpaid state. */
import { Badge, Group, Text } from '@mantine/core';
import type { AgreementScheduleLine } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable, type Column } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { useSession } from '../../app/session';

function LineState({ line, today }: { line: AgreementScheduleLine; today: string }) {
  const t = useT();
  const { money } = useSession();
  if (line.balance === null)
    return (
      <Badge color="gray" variant="light">
        {t('agreements.line.planned')}
      </Badge>
    );
  if (line.balance === 0)
    return (
      <Badge color="teal" variant="light">
        {t('agreements.line.paid')}
      </Badge>
    );
  if (line.dueDate < today)
    return (
      <Badge color="red" variant="filled">
        {t('agreements.line.overdue')}
      </Badge>
    );
  if (line.balance < line.total)
    return (
      <Badge color="yellow" variant="light">
        {t('agreements.line.partial', { amount: money(line.balance) })}
      </Badge>
    );
  return (
    <Badge color="blue" variant="light">
      {t('agreements.line.unpaid')}
    </Badge>
  );
}

/** `today`: show each installment's state (the agreement page); without it, the plan only (the simulator) */
export function ScheduleTable({ lines, maxHeight, today }: { lines: AgreementScheduleLine[]; maxHeight?: number; today?: string }) {
  const t = useT();
  const { money } = useSession();
  const sum = (f: (l: AgreementScheduleLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  const columns: Column<AgreementScheduleLine>[] = [
    { key: 'number', title: t('agreements.col.number'), width: 50 },
    { key: 'dueDate', title: t('agreements.col.dueDate'), noWrap: true, render: (l) => formatDate(l.dueDate) },
    { key: 'principal', title: t('agreements.col.principal'), textAlign: 'right', noWrap: true, render: (l) => money(l.principal) },
    { key: 'interest', title: t('agreements.col.interest'), textAlign: 'right', noWrap: true, render: (l) => money(l.interest) },
    { key: 'total', title: t('agreements.col.total'), textAlign: 'right', noWrap: true, render: (l) => <Text size="sm" fw={600}>{money(l.total)}</Text> },
  ];
  // the plan shows what is left after each installment; the agreement page shows each one's state instead
  if (today) columns.push({ key: 'state', title: t('agreements.col.state'), noWrap: true, render: (l) => <LineState line={l} today={today} /> });
  else columns.push({ key: 'balanceAfter', title: t('agreements.col.balanceAfter'), textAlign: 'right', noWrap: true, render: (l) => money(l.balanceAfter) });
  return (
    <>
      <DataTable<AgreementScheduleLine> label={t('agreements.page.schedule')} records={lines} idOf={(l) => l.number} columns={columns} compact maxHeight={maxHeight} rowTestId={(l) => `agreement-line-${l.number}`} />
      <Group justify="flex-end" gap="lg" data-testid="agreement-totals">
        <Text size="sm" fw={600}>
          {t('agreements.totals')}
        </Text>
        <Text size="sm">
          {t('agreements.col.principal')}: {money(sum((l) => l.principal))}
        </Text>
        <Text size="sm">
          {t('agreements.col.interest')}: {money(sum((l) => l.interest))}
        </Text>
        <Text size="sm" fw={700}>
          {t('agreements.col.total')}: {money(sum((l) => l.total))}
        </Text>
      </Group>
    </>
  );
}
