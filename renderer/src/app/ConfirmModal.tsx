import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useT } from '../i18n';
import { apiErrorOf } from './forms';

/**
 * The confirmation every money or legal act asks for: it states what will happen; Enter confirms,
 * Esc cancels. An error from the back office stays in the modal.
 */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color,
  onConfirm,
  onClose,
  size,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  /** throws (ApiCallError) to keep the modal open with the message */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** Mantine's modal size, for a confirmation that carries a form (default: md) */
  size?: string;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setBusy(false);
      close();
    } catch (e) {
      setBusy(false);
      setError(apiErrorOf(e).message);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} size={size}>
      <form onSubmit={confirm}>
        <Stack>
          {children}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={color} loading={busy} data-autofocus>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
