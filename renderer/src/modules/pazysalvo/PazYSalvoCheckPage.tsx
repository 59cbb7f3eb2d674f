/**
 * Verificar paz y salvo: the code printed on a certificate, typed (or scanned) and Enter; the
 * answer says whether it is in force, expired or unknown, with the certificate's data.
 */
import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Table, TextInput } from '@mantine/core';
import { IconCircleCheck, IconClockExclamation, IconSearch, IconShieldX } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { PazYSalvoCheck } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';

const LOOK: Record<PazYSalvoCheck['status'], { color: string; title: MessageKey; icon: typeof IconCircleCheck }> = {
  vigente: { color: 'teal', title: 'pazYSalvo.check.vigente', icon: IconCircleCheck },
  vencido: { color: 'orange', title: 'pazYSalvo.check.vencido', icon: IconClockExclamation },
  desconocido: { color: 'red', title: 'pazYSalvo.check.desconocido', icon: IconShieldX },
};

export function PazYSalvoCheckPage() {
  const t = useT();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<{ code: string; result: PazYSalvoCheck } | null>(null);

  const verify = async (event: React.FormEvent) => {
    event.preventDefault();
    const typed = code.trim();
    if (!typed) return setCodeError(t('pazYSalvo.check.codeRequired'));
    setBusy(true);
    const result = await call('pazYSalvo.verify', { code: typed });
    setBusy(false);
    if (!result.ok) return setCodeError(result.error.message);
    setCheck({ code: typed, result: result.data });
  };

  const look = check ? LOOK[check.result.status] : null;
  const certificate = check?.result.certificate;
  return (
    <>
      <PageTitle title={t('pazYSalvo.check.title')} description={t('pazYSalvo.check.description')} />
      <Stack gap="md" maw={720}>
        <Card withBorder>
          <form onSubmit={(e) => void verify(e)} noValidate>
            <Group align="flex-start">
              <TextInput
                label={t('pazYSalvo.check.code')}
                placeholder={t('pazYSalvo.check.codePlaceholder')}
                value={code}
                onChange={(e) => {
                  setCode(e.currentTarget.value);
                  setCodeError(null);
                }}
                error={codeError}
                maxLength={40}
                autoFocus
                autoComplete="off"
                style={{ flex: 1 }}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Button type="submit" mt={25} leftSection={<IconSearch size={18} />} loading={busy}>
                {t('pazYSalvo.check.verify')}
              </Button>
            </Group>
          </form>
        </Card>
        {check && look && (
          <Alert color={look.color} variant="light" icon={<look.icon />} title={t(look.title)} role="status" data-testid="pys-result" data-status={check.result.status}>
            <Stack gap="xs">
              <div>{check.result.message}</div>
              {certificate && (
                <Table withRowBorders={false} verticalSpacing={2}>
                  <Table.Tbody>
                    {(
                      [
                        ['pazYSalvo.check.certificate', certificate.label],
                        ['pazYSalvo.check.account', certificate.accountNumber],
                        ['pazYSalvo.check.holder', certificate.holderName],
                        ['pazYSalvo.check.issued', formatDate(certificate.businessDate)],
                        ['pazYSalvo.check.validUntil', formatDate(certificate.validUntil)],
                      ] as [MessageKey, string][]
                    ).map(([label, value]) => (
                      <Table.Tr key={label}>
                        <Table.Th w={170} fw={500}>
                          {t(label)}
                        </Table.Th>
                        <Table.Td>{value}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </>
  );
}
