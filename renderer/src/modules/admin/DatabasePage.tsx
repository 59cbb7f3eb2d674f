/**
 * Administración › Base de datos: what this computer runs on now and where that came from, and a
 * PostgreSQL connection to test and save for the next start (or the way back to the local file).
 * The data are never copied between databases; the change applies when the application restarts.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Code, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowBackUp, IconDeviceFloppy, IconPlugConnected } from '@tabler/icons-react';
import { send } from '../../api/client';
import { postgresUrl, type DatabaseStatus, type DatabaseTestResult } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, check, text } from '../../app/forms';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormError } from '../../app/FormParts';
import { ConfirmModal } from '../../app/ConfirmModal';
import { RestartButton } from '../desktop/RestartButton';

export function DatabasePage() {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => send('database.status', {}), []);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  return (
    <>
      <PageTitle title={t('database.title')} description={t('database.description')} />
      <Stack maw={860}>
        <CurrentDatabase status={data} />
        <ConnectionForm status={data} onSaved={() => void reload()} />
      </Stack>
    </>
  );
}

function CurrentDatabase({ status }: { status: DatabaseStatus }) {
  const t = useT();
  const overriddenBy = status.source === 'variable' ? 'VENTANILLA_DATABASE_URL' : status.source === 'argumento' ? '--db' : null;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('database.current')}</Title>
          <Badge variant="light" color={status.engine === 'pg' ? 'indigo' : 'gray'}>
            {t(status.engine === 'pg' ? 'database.engine.pg' : 'database.engine.sqlite')}
          </Badge>
        </Group>
        <Text size="sm">
          {t('database.target')}: <Code>{status.target}</Code>
        </Text>
        <Text size="sm">
          {t('database.source')}: {t(`database.source.${status.source}`)}
        </Text>
        <Title order={5} mt="sm">
          {t('database.saved')}
        </Title>
        {status.configuredUrl ? (
          <Text size="sm">
            <Code>{status.configuredUrl}</Code>
          </Text>
        ) : (
          <Text size="sm">{t('database.savedNone')}</Text>
        )}
        <Text size="xs" c="dimmed">
          {t('database.savedIn', { file: status.configFile })}
        </Text>
        {status.configProblem && (
          <Alert color="red" role="alert">
            {status.configProblem}
          </Alert>
        )}
        {overriddenBy && <Alert color="orange">{t('database.overridden', { what: overriddenBy })}</Alert>}
      </Stack>
    </Card>
  );
}

type Confirming = { kind: 'save'; url: string } | { kind: 'local' } | null;

function ConnectionForm({ status, onSaved }: { status: DatabaseStatus; onSaved: () => void }) {
  const t = useT();
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<DatabaseTestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [saved, setSaved] = useState<string | null>(null);

  /** the URL as the back office will take it, or null after showing what is wrong with it */
  const checkedUrl = (): string | null => {
    const parsed = check(postgresUrl, url);
    if (!parsed.ok) {
      setUrlError(parsed.errors._ ?? Object.values(parsed.errors)[0] ?? null);
      return null;
    }
    return parsed.data;
  };

  const test = async () => {
    const value = checkedUrl();
    if (value === null) return;
    setTesting(true);
    setTested(null);
    setFailure(null);
    try {
      setTested(await send('database.test', { url: value }));
    } catch (e) {
      setFailure(apiErrorOf(e).message);
    } finally {
      setTesting(false);
    }
  };

  const save = async (value: string) => {
    const result = await send('database.save', { url: value });
    setSaved(result.message);
    setTested(null);
    setUrl('');
    onSaved();
  };

  const showLocal = status.configuredUrl !== null || status.configProblem !== null || status.engine === 'pg';

  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('database.change')}</Title>
        {saved && (
          <Alert color="teal" title={t('database.savedTitle')} role="status" withCloseButton onClose={() => setSaved(null)}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{saved}</Text>
              <RestartButton />
            </Stack>
          </Alert>
        )}
        <TextInput
          label={t('database.url')}
          description={t('database.urlHelp')}
          placeholder="postgres://ventanilla:clave@servidor:5432/ventanilla"
          value={url}
          onChange={text((v) => {
            setUrl(v);
            setUrlError(null);
            setTested(null);
          })}
          error={urlError}
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
        />
        {tested && (
          <Alert color={tested.ok ? 'teal' : 'red'} role={tested.ok ? 'status' : 'alert'}>
            {tested.message}
          </Alert>
        )}
        <FormError message={failure} />
        <Group justify="space-between">
          <Group>
            <Button variant="light" leftSection={<IconPlugConnected size={18} />} loading={testing} onClick={() => void test()}>
              {t('database.test')}
            </Button>
            <Button
              leftSection={<IconDeviceFloppy size={18} />}
              onClick={() => {
                const value = checkedUrl();
                if (value !== null) setConfirming({ kind: 'save', url: value });
              }}
            >
              {t('database.save')}
            </Button>
          </Group>
          {showLocal && (
            <Button variant="default" leftSection={<IconArrowBackUp size={18} />} onClick={() => setConfirming({ kind: 'local' })}>
              {t('database.useLocal')}
            </Button>
          )}
        </Group>
      </Stack>

      <ConfirmModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.kind === 'local' ? t('database.localTitle') : t('database.saveTitle')}
        confirmLabel={confirming?.kind === 'local' ? t('database.useLocal') : t('database.save')}
        color="orange"
        onConfirm={() => save(confirming?.kind === 'save' ? confirming.url : '')}
      >
        <Text>
          {confirming?.kind === 'save' ? t('database.saveText', { url: hidePassword(confirming.url) }) : t('database.localText')}
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('database.restart')}</List.Item>
          <List.Item fw={600}>{t('database.notCopied')}</List.Item>
          <List.Item>{t('database.thisComputer')}</List.Item>
        </List>
      </ConfirmModal>
    </Card>
  );
}

/** the address as the confirmation shows it: without its password */
function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return url;
  }
}
