/** Right after closing: what was closed, the report again on demand, and back to opening. */
import { Alert, Button, Group, Stack } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { SessionReport } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { notifyError } from '../../app/forms';
import { downloadDocument } from '../../app/download';
import { PageTitle } from '../../app/PageTitle';
import { PrintButton } from '../../app/PrintButton';
import { SessionReportView } from './SessionReportView';

export function ClosedSession({ report, onDone }: { report: SessionReport; onDone: () => void }) {
  const t = useT();
  const download = async () => {
    try {
      downloadDocument(await send('cashier.sessionReportPdf', { sessionId: report.session.id }));
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack>
      <PageTitle
        title={t('cashier.closed.title', { till: report.session.tillName })}
        actions={
          <Group>
            <Button leftSection={<IconDownload size={18} />} onClick={() => void download()}>
              {t('cashier.report.download')}
            </Button>
            <PrintButton kind="report" title={`Informe de cierre ${report.session.tillName}`} load={() => send('cashier.sessionReportPdf', { sessionId: report.session.id })} />
            <Button variant="default" onClick={onDone}>
              {t('cashier.closed.again')}
            </Button>
          </Group>
        }
      />
      <Alert color="teal">{t('cashier.closed.text')}</Alert>
      <SessionReportView report={report} />
    </Stack>
  );
}
