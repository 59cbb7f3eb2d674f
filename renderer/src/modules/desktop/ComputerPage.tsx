/**
 * Administración › Este equipo: about the application (version, data folder, log, database), the
 * data folder and its guided move (check the folder, move at the next start, restart), the update
 * server and the sites a link may open, and the notices the administrator must see (a daily backup
 * that failed, a move that did not happen).
 */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Code, Grid, Group, List, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { IconFolderShare, IconRefresh, IconSearch } from '@tabler/icons-react';
import { send } from '../../api/client';
import { desktopSettingsFields, type AboutInfo, type DataFolderStatus, type DesktopSettings, type FolderCheck } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, check, notifyError, notifySuccess, text } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormError } from '../../app/FormParts';
import { ConfirmModal } from '../../app/ConfirmModal';
import { RestartButton } from './RestartButton';

export const formatBytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024).toLocaleString('es-CO')} KB` : `${(bytes / 1024 / 1024).toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`;

export function ComputerPage() {
  const t = useT();
  const about = useLoad(() => send('desktop.about', {}), []);
  const folder = useLoad(() => send('desktop.dataFolder', {}), []);
  const error = about.error ?? folder.error;
  if (error) return <LoadError error={error} retry={() => void Promise.all([about.reload(), folder.reload()])} />;
  if (!about.data || !folder.data) return <Loading />;
  return (
    <>
      <PageTitle title={t('computer.title')} description={t('computer.description')} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <DataFolderCard status={folder.data} onChange={() => void folder.reload()} />
            <ProblemsCard />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <SettingsCard onUpdates={() => void about.reload()} />
            <AboutCard info={about.data} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

function AboutCard({ info }: { info: AboutInfo }) {
  const t = useT();
  return (
    <Card withBorder data-testid="computer-about">
      <Stack gap={6}>
        <Title order={4}>{t('computer.about')}</Title>
        <Fact label={t('computer.version')}>
          <b>{info.version}</b> ({t(`computer.program.${info.program}`)})
        </Fact>
        <Fact label={t('computer.schema')}>{info.schemaVersion}</Fact>
        <Fact label={t('computer.folder')}>
          <Code>{info.dataDir}</Code>
        </Fact>
        <Fact label={t('computer.logFile')}>{info.logFile ? <Code>{info.logFile}</Code> : t('computer.logConsole')}</Fact>
        <Fact label={t('computer.database')}>
          <Code>{info.database}</Code>
        </Fact>
        <Text size="xs" c="dimmed">
          {t('computer.runtime', { electron: info.electron ?? '—', node: info.node, platform: info.platform })}
        </Text>
      </Stack>
    </Card>
  );
}

function DataFolderCard({ status, onChange }: { status: DataFolderStatus; onChange: () => void }) {
  const t = useT();
  const [target, setTarget] = useState(status.suggested ?? '');
  const [checked, setChecked] = useState<FolderCheck | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [moved, setMoved] = useState<string | null>(null);

  const review = async (): Promise<FolderCheck | null> => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await send('desktop.checkFolder', { path: target });
      setChecked(result);
      return result;
    } catch (e) {
      setChecked(null);
      setFailure(apiErrorOf(e).message);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const move = async () => {
    const result = await send('desktop.moveFolder', { path: checked?.path ?? target });
    setMoved(result.message);
    setChecked(null);
    onChange();
  };

  const cancel = () =>
    void send('desktop.cancelMove', {}).then(() => {
      setMoved(null);
      onChange();
    }, notifyError);

  return (
    <Card withBorder data-testid="computer-folder">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('computer.folder')}</Title>
          <Badge variant="light" color={status.source === 'anterior' ? 'orange' : 'gray'}>
            {t(`computer.source.${status.source}`)}
          </Badge>
        </Group>
        <Text size="sm">
          <Code>{status.dir}</Code> {t('computer.folderSize', { size: formatBytes(status.bytes) })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('computer.folderHelp')}
        </Text>
        {status.source === 'anterior' && status.suggested && (
          <Alert color="orange" role="alert">
            {t('computer.earlierFolder', { dir: status.dir, suggested: status.suggested })}
          </Alert>
        )}
        {status.lastMoveProblem && (
          <Alert color="red" role="alert">
            {status.lastMoveProblem}
          </Alert>
        )}
        {status.previous && <Text size="sm">{t('computer.previous', { dir: status.previous })}</Text>}
        {moved && (
          <Alert color="teal" role="status">
            {moved}
          </Alert>
        )}
        {status.pendingMove ? (
          <Alert color="blue" title={t('computer.pending', { dir: status.pendingMove })}>
            <Group gap="xs" mt="xs">
              <RestartButton />
              <Button variant="default" size="xs" onClick={cancel}>
                {t('computer.cancelMove')}
              </Button>
            </Group>
          </Alert>
        ) : status.movable ? (
          <>
            <TextInput
              label={t('computer.moveTo')}
              description={t('computer.moveToHelp')}
              placeholder="D:\Ventanilla"
              value={target}
              onChange={text((v) => {
                setTarget(v);
                setChecked(null);
                setFailure(null);
              })}
              spellCheck={false}
              maxLength={400}
            />
            {checked && !checked.ok && (
              <Alert color="red" role="alert">
                <List size="sm">
                  {checked.problems.map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {checked?.ok && (
              <Alert color="teal" role="status">
                {checked.bytesFree === null
                  ? t('computer.checkOkNoSpace', { needed: formatBytes(checked.bytesNeeded) })
                  : t('computer.checkOk', { needed: formatBytes(checked.bytesNeeded), free: formatBytes(checked.bytesFree) })}
              </Alert>
            )}
            <FormError message={failure} />
            <Group>
              <Button variant="light" leftSection={<IconSearch size={16} />} loading={busy} disabled={target.trim() === ''} onClick={() => void review()}>
                {t('computer.check')}
              </Button>
              <Button
                leftSection={<IconFolderShare size={16} />}
                disabled={target.trim() === ''}
                onClick={() =>
                  void review().then((result) => {
                    if (result?.ok) setConfirming(true);
                  })
                }
              >
                {t('computer.move')}
              </Button>
            </Group>
          </>
        ) : (
          <Alert color="gray" title={t('computer.notMovable')}>
            {status.notMovableReason}
          </Alert>
        )}
      </Stack>
      <ConfirmModal opened={confirming} onClose={() => setConfirming(false)} title={t('computer.moveTitle')} confirmLabel={t('computer.move')} color="orange" onConfirm={move}>
        <Text>{t('computer.moveText', { from: status.dir, to: checked?.path ?? target })}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('computer.moveSteps1')}</List.Item>
          <List.Item>{t('computer.moveSteps2')}</List.Item>
          <List.Item fw={600}>{t('computer.moveSteps3')}</List.Item>
        </List>
      </ConfirmModal>
    </Card>
  );
}

function SettingsCard({ onUpdates }: { onUpdates: () => void }) {
  const { data, error, reload } = useLoad(() => send('desktop.settings', {}), []);
  const about = useLoad(() => send('desktop.about', {}), []);
  if (error) return <LoadError error={error} retry={() => void reload()} />;
  if (!data || !about.data) return <Loading />;
  return <SettingsForm settings={data} updates={about.data.updates} onSaved={() => void Promise.all([reload(), about.reload()]).then(onUpdates)} />;
}

function SettingsForm({ settings, updates, onSaved }: { settings: DesktopSettings; updates: AboutInfo['updates']; onSaved: () => void }) {
  const t = useT();
  const [url, setUrl] = useState(settings.updateUrl);
  const [hosts, setHosts] = useState<string[]>(settings.externalLinkHosts);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);
  const [status, setStatus] = useState(updates);
  useEffect(() => setStatus(updates), [updates]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(desktopSettingsFields, { updateUrl: url, externalLinkHosts: hosts });
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    try {
      await send('desktop.saveSettings', checked.data);
      setErrors({});
      notifySuccess(t('computer.saved'));
      onSaved();
    } catch (e) {
      const failure = apiErrorOf(e);
      setErrors({ ...(failure.fields ?? {}), _: failure.message });
    } finally {
      setBusy(false);
    }
  };

  const checkNow = async () => {
    setChecking(true);
    try {
      setStatus(await send('desktop.checkUpdates', {}));
    } catch (e) {
      notifyError(e);
    } finally {
      setChecking(false);
    }
  };

  const hostError = Object.entries(errors).find(([key]) => key.startsWith('externalLinkHosts'))?.[1];
  return (
    <Card withBorder data-testid="computer-settings">
      <form onSubmit={(e) => void save(e)} noValidate>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{t('computer.settings')}</Title>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
          <FormError message={errors._} />
          <TextInput
            label={t('computer.updateUrl')}
            description={t('computer.updateUrlHelp')}
            placeholder="http://servidor/ventanilla/"
            value={url}
            onChange={text((v) => setUrl(v))}
            error={errors.updateUrl}
            spellCheck={false}
            maxLength={300}
          />
          <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ flex: 1 }}>
                <Text span c="dimmed" size="sm">
                  {t('computer.updateStatus')}:
                </Text>{' '}
                {status.message}
              </Text>
              <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={checking} onClick={() => void checkNow()}>
                {t('computer.checkUpdates')}
              </Button>
          </Group>
          <TagsInput
            label={t('computer.linkHosts')}
            description={t('computer.linkHostsHelp')}
            placeholder={t('computer.linkHostsPlaceholder')}
            value={hosts}
            onChange={setHosts}
            error={hostError}
            splitChars={[',', ' ']}
            clearable
          />
        </Stack>
      </form>
    </Card>
  );
}

function ProblemsCard() {
  const t = useT();
  const { dateTime } = useSession();
  const { data } = useLoad(() => send('desktop.problems', {}), []);
  return (
    <Card withBorder data-testid="computer-problems">
      <Stack gap="xs">
        <Title order={5}>{t('computer.problems')}</Title>
        {!data || data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('computer.problemsNone')}
          </Text>
        ) : (
          data.slice(0, 8).map((p) => (
            <Alert key={`${p.at}${p.message}`} color="red" title={`${t(`computer.problem.${p.kind}`)} · ${dateTime(p.at)}`}>
              {p.message}
            </Alert>
          ))
        )}
      </Stack>
    </Card>
  );
}
