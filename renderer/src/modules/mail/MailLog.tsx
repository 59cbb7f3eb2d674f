/** The log of outgoing e-mail: each message, its state and why it failed, with "Reintentar". */
import { useState } from 'react';
import { Badge, Button, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { send } from '../../api/client';
import { MAIL_PURPOSE_LABELS, type MailMessage, type MailState } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { notifyError } from '../../app/forms';
import { useSession } from '../../app/session';

const STATE_COLORS: Record<MailState, string> = { pendiente: 'yellow', enviando: 'blue', enviado: 'teal', fallido: 'red' };

export function MailLog({ messages, onChanged }: { messages: MailMessage[]; onChanged: () => void }) {
  const t = useT();
  const { dateTime } = useSession();
  const [retrying, setRetrying] = useState<number | null>(null);
  const retry = async (m: MailMessage) => {
    setRetrying(m.id);
    try {
      await send('mail.retry', { mailMessageId: m.id });
    } catch (error) {
      notifyError(error);
    }
    setRetrying(null);
    onChanged();
  };
  return (
    <DataTable
      label={t('mail.log')}
      records={messages}
      idOf={(m) => m.id}
      compact
      maxHeight={330}
      empty={t('mail.empty')}
      rowTestId={(m) => `mail-row-${m.id}`}
      columns={[
        {
          key: 'to',
          title: t('mail.col.to'),
          render: (m) => (
            <Stack gap={0}>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {m.to}
              </Text>
              <Text size="xs" c="dimmed">
                {MAIL_PURPOSE_LABELS[m.purpose]}
                {m.documentLabel ? ` ${m.documentLabel}` : ''} · {dateTime(m.createdAt)}
              </Text>
            </Stack>
          ),
        },
        {
          key: 'state',
          title: t('mail.col.state'),
          render: (m) => (
            <Stack gap={2}>
              <Badge color={STATE_COLORS[m.state]} variant="light">
                {t(`mail.state.${m.state}`)}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('mail.attempts', { n: m.attempts })}
              </Text>
            </Stack>
          ),
        },
        {
          key: 'detail',
          title: t('mail.col.detail'),
          render: (m) => (
            <Stack gap={4} align="flex-start">
              <Text size="xs" c={m.state === 'enviado' ? 'dimmed' : 'red'} data-testid={`mail-detail-${m.id}`}>
                {m.state === 'enviado' ? m.serverResponse : m.lastError}
              </Text>
              {(m.state === 'pendiente' || m.state === 'fallido') && (
                <Button size="compact-xs" variant="light" leftSection={<IconRefresh size={12} />} loading={retrying === m.id} onClick={() => void retry(m)}>
                  {t('mail.retry')}
                </Button>
              )}
            </Stack>
          ),
        },
      ]}
    />
  );
}
