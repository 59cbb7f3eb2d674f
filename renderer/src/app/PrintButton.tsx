/**
 * "Imprimir" beside a screen's "Descargar": asks the screen for its PDF, prints it through the back
 * office on the printer configured for the kind, and says what happened in a notification. Without
 * a printer for the kind it says so and offers the download.
 */
import { useState } from 'react';
import { Anchor, Button, Stack, Text, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import type { DocumentFile, DocumentKind, PrintResult } from '../../../shared/contract';
import { useT, type Translate } from '../i18n';
import { downloadDocument } from './download';
import { notifyError } from './forms';
import { printOutcome, printThroughBackOffice } from './printing';
import { navigate, paths } from './router';

export interface NotConfiguredChoice {
  /** no printer for this kind: 'download' saves the file at once (a screen whose only button prints), 'offer' shows a Descargar button */
  whenNotConfigured: 'download' | 'offer';
}

/** The result of a print, as a notification. */
export function showPrintResult(t: Translate, result: PrintResult, file: DocumentFile | null, choice: NotConfiguredChoice): void {
  const outcome = printOutcome(result);
  if (outcome === 'notConfigured') {
    if (file && choice.whenNotConfigured === 'download') downloadDocument(file);
    notifications.show({
      color: 'yellow',
      title: t('printing.notConfiguredTitle'),
      autoClose: 9000,
      message: (
        <Stack gap={6} align="flex-start">
          <Text size="sm">{result.message}</Text>
          {file && choice.whenNotConfigured === 'offer' && (
            <Button size="compact-sm" variant="light" onClick={() => downloadDocument(file)}>
              {t('printing.download')}
            </Button>
          )}
        </Stack>
      ),
    });
  } else if (outcome === 'sent') {
    notifications.show({ color: 'teal', title: t('printing.sentTitle'), message: result.message, autoClose: 4000 });
  } else {
    notifications.show({
      color: 'red',
      title: t('printing.failedTitle'),
      autoClose: 12000,
      message: (
        <Stack gap={6} align="flex-start">
          <Text size="sm">{result.message}</Text>
          <Anchor size="sm" component="button" type="button" onClick={() => navigate(paths.printLog)}>
            {t('printing.openLog')}
          </Anchor>
        </Stack>
      ),
    });
  }
}

/** Prints a PDF of a kind and shows the result. */
export async function printDocument(t: Translate, kind: DocumentKind, title: string, file: DocumentFile, choice: NotConfiguredChoice): Promise<PrintResult> {
  const result = await printThroughBackOffice(kind, title, file);
  showPrintResult(t, result, file, choice);
  return result;
}

export interface PrintButtonProps extends Omit<ButtonProps, 'onClick' | 'loading' | 'leftSection'> {
  kind: DocumentKind;
  /** the job's title in the log and the system queue ("Informe de cierre Caja 1") */
  title: string;
  /** the PDF to print, as the screen's own handler returns it */
  load: () => Promise<DocumentFile>;
  label?: string;
  'aria-label'?: string;
}

export function PrintButton({ kind, title, load, label, ...button }: PrintButtonProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setBusy(true);
    try {
      await printDocument(t, kind, title, await load(), { whenNotConfigured: 'offer' });
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" {...button} loading={busy} leftSection={<IconPrinter size={18} />} onClick={() => void print()}>
      {label ?? t('printing.print')}
    </Button>
  );
}
