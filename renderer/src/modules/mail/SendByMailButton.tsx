/**
 * "Enviar por correo": the account's e-mails with whether each may receive this paper (Ley 1581 de
 * 2012: the holder's authorisation for the purpose), one chosen, confirmed, sent; the answer says
 * whether the server took it or why not (it stays in the queue and is retried).
 */
import { useState } from 'react';
import { Alert, Button, Radio, Stack, Text, type ButtonProps } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { MailMessage, MailPurpose, MailRecipient } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { notifyError, notifySuccess } from '../../app/forms';
import { notifications } from '@mantine/notifications';

export function SendByMailButton({
  accountId,
  purpose,
  what,
  sendTo,
  ...button
}: {
  accountId: number;
  purpose: MailPurpose;
  /** "el paz y salvo PYS-2026-000012" */
  what: string;
  sendTo: (to: string) => Promise<MailMessage>;
} & Omit<ButtonProps, 'onClick'>) {
  const t = useT();
  const [recipients, setRecipients] = useState<MailRecipient[] | null>(null);
  const [to, setTo] = useState<string>('');
  const open = async () => {
    try {
      const list = await send('mail.recipients', { accountId, purpose });
      setRecipients(list);
      setTo(list.find((r) => r.allowed)?.address ?? '');
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <>
      <Button leftSection={<IconMail size={14} />} onClick={() => void open()} data-testid="send-by-mail" {...button}>
        {t('mail.send')}
      </Button>
      <ConfirmModal
        opened={recipients !== null}
        title={t('mail.sendTitle', { what })}
        confirmLabel={t('mail.sendConfirm')}
        onClose={() => setRecipients(null)}
        onConfirm={async () => {
          const sent = await sendTo(to);
          if (sent.state === 'enviado') notifySuccess(t('mail.sentOk', { to: sent.to }));
          else notifications.show({ color: 'orange', message: t('mail.queued', { error: sent.lastError }), autoClose: 10000 });
        }}
      >
        {recipients && recipients.length === 0 ? (
          <Alert color="orange">{t('mail.noRecipients')}</Alert>
        ) : (
          <Radio.Group label={t('mail.sendTo')} value={to} onChange={setTo}>
            <Stack gap="xs" mt="xs">
              {(recipients ?? []).map((r) => (
                <Radio
                  key={r.address}
                  value={r.address}
                  disabled={!r.allowed}
                  label={r.address}
                  description={<Text size="xs" c={r.allowed ? 'dimmed' : 'red'}>{r.reason}</Text>}
                  data-testid={`mail-to-${r.address}`}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
      </ConfirmModal>
    </>
  );
}
