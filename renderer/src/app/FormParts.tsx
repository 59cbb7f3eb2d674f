/** The pieces every form ends with: the back office's refusal, and Cancel + the submit button. */
import { Alert, Button, Group } from '@mantine/core';
import { useT } from '../i18n';

/** The Spanish message of a refused submit (`errors._`), or nothing. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  );
}

/** Cancel (Esc does the same) and the submit button (Enter), pinned in view at the bottom however long the form grows. */
export function FormActions({ onCancel, busy, submitLabel }: { onCancel?: () => void; busy: boolean; submitLabel?: string }) {
  const t = useT();
  return (
    <Group justify="flex-end" className="sticky-action">
      {onCancel && (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      )}
      <Button type="submit" loading={busy}>
        {submitLabel ?? t('common.save')}
      </Button>
    </Group>
  );
}
