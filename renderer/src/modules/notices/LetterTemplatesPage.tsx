/**
 * Plantillas de cartas (/admin/plantillas): the kinds on the left; the chosen template's subject and
 * body with the kind's placeholders beside them (a click inserts `{{…}}` at the cursor); a live PDF
 * preview of the unsaved text (debounced); save or deactivate; and the letterhead settings (signer,
 * title, footer) every letter prints.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Grid, Group, NavLink, ScrollArea, Select, Stack, Switch, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { PageTitle } from '../../app/PageTitle';
import { FormError } from '../../app/FormParts';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { downloadDocument } from '../../app/download';
import { PdfPreview } from '../../app/PdfPreview';
import { apiErrorOf, notifySuccess, text } from '../../app/forms';
import { LETTER_KINDS, LETTER_KIND_LABELS, LETTER_PLACEHOLDERS, unknownPlaceholders, type LetterKind } from '../../../../shared/letterTemplates';
import type { DocumentFile, LetterSettingsData, LetterTemplateRow } from '../../../../shared/contract';

const PREVIEW_DELAY_MS = 600;

interface Draft {
  templateId?: number;
  name: string;
  subject: string;
  body: string;
  active: boolean;
}

const draftOf = (template: LetterTemplateRow | undefined): Draft =>
  template ? { templateId: template.id, name: template.name, subject: template.subject, body: template.body, active: template.active } : { name: '', subject: '', body: '', active: true };

export function LetterTemplatesPage() {
  const t = useT();
  const [kind, setKind] = useState<LetterKind>('aviso_suspension');
  return (
    <Stack>
      <PageTitle title={t('letters.title')} description={t('letters.description')} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 2 }}>
          <Card withBorder p="xs">
            <Text fw={600} size="sm" mb="xs">
              {t('letters.kinds')}
            </Text>
            {LETTER_KINDS.map((k) => (
              <NavLink key={k} label={LETTER_KIND_LABELS[k]} active={k === kind} onClick={() => setKind(k)} />
            ))}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 10 }}>
          <TemplateEditor key={kind} kind={kind} />
        </Grid.Col>
      </Grid>
      <LetterSettingsCard />
    </Stack>
  );
}

function TemplateEditor({ kind }: { kind: LetterKind }) {
  const t = useT();
  const { data: templates, error, loading, reload } = useLoad(() => send('letters.templates', { kind }), [kind]);
  const [selected, setSelected] = useState<string>('');
  const [draft, setDraft] = useState<Draft>(draftOf(undefined));
  const [saveError, setSaveError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<'subject' | 'body'>('body');

  // the first template of the kind, once loaded
  useEffect(() => {
    if (!templates || selected !== '') return;
    const first = templates[0];
    setSelected(first ? String(first.id) : 'new');
    setDraft(draftOf(first));
  }, [templates, selected]);

  const placeholders = LETTER_PLACEHOLDERS[kind];
  const unknown = useMemo(() => [...new Set([...unknownPlaceholders(kind, draft.subject), ...unknownPlaceholders(kind, draft.body)])], [kind, draft.subject, draft.body]);
  const preview = usePreview(kind, draft.subject, draft.body);

  const choose = (value: string | null) => {
    if (!value) return;
    setSelected(value);
    setDraft(draftOf(templates?.find((x) => String(x.id) === value)));
    setSaveError(null);
    setFieldErrors({});
  };

  const insert = (name: string) => {
    const token = `{{${name}}}`;
    const field = lastField.current;
    const element = field === 'subject' ? subjectRef.current : bodyRef.current;
    const current = draft[field];
    const start = element?.selectionStart ?? current.length;
    const end = element?.selectionEnd ?? start;
    const next = current.slice(0, start) + token + current.slice(end);
    setDraft((d) => ({ ...d, [field]: next }));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaveError(null);
    setFieldErrors({});
    try {
      const saved = await send('letters.saveTemplate', { kind, ...draft });
      notifySuccess(t('letters.saved', { name: saved.name }));
      await reload();
      setSelected(String(saved.id));
      setDraft(draftOf(saved));
    } catch (e) {
      const apiError = apiErrorOf(e);
      setSaveError(apiError.message);
      setFieldErrors(apiError.fields ?? {});
    } finally {
      setBusy(false);
    }
  };

  if (loading && !templates) return <Loading />;
  if (error) return <LoadError error={error} retry={reload} />;

  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Card withBorder>
          <form onSubmit={save}>
            <Stack gap="sm">
              <Group align="flex-end">
                <Select
                  label={t('letters.template')}
                  data={[
                    ...(templates ?? []).map((x) => ({ value: String(x.id), label: x.active ? x.name : `${x.name} (${t('letters.inactive')})` })),
                    { value: 'new', label: t('letters.newTemplate') },
                  ]}
                  value={selected}
                  onChange={choose}
                  allowDeselect={false}
                  style={{ flex: 1 }}
                />
                <Switch label={t('letters.active')} checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })} mb={8} />
              </Group>
              <TextInput label={t('letters.name')} value={draft.name} onChange={text((v) => setDraft({ ...draft, name: v }))} required error={fieldErrors.name} />
              <TextInput
                ref={subjectRef}
                label={t('letters.subject')}
                value={draft.subject}
                onChange={text((v) => setDraft({ ...draft, subject: v }))}
                onFocus={() => (lastField.current = 'subject')}
                required
                error={fieldErrors.subject}
              />
              <Textarea
                ref={bodyRef}
                label={t('letters.body')}
                value={draft.body}
                onChange={text((v) => setDraft({ ...draft, body: v }))}
                onFocus={() => (lastField.current = 'body')}
                autosize
                minRows={12}
                maxRows={24}
                required
                error={fieldErrors.body}
                styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
              />
              {unknown.length > 0 && (
                <Alert color="orange" variant="light" role="status">
                  {t('letters.unknown', { names: unknown.map((n) => `{{${n}}}`).join(', ') })}
                </Alert>
              )}
              <FormError message={saveError} />
              <Group justify="flex-end">
                <Button type="submit" loading={busy}>
                  {t('letters.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
        <Card withBorder mt="md">
          <Text fw={600} size="sm">
            {t('letters.placeholders')}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('letters.placeholdersHelp')}
          </Text>
          <Group gap={6}>
            {Object.entries(placeholders).map(([name, help]) => (
              <Tooltip key={name} label={help} withArrow>
                <Badge component="button" type="button" variant="light" style={{ cursor: 'pointer', textTransform: 'none' }} onClick={() => insert(name)} aria-label={`{{${name}}}: ${help}`}>
                  {`{{${name}}}`}
                </Badge>
              </Tooltip>
            ))}
          </Group>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Card withBorder h="100%">
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              {t('letters.preview')}
            </Text>
            {preview.file && (
              <Button variant="subtle" size="compact-sm" onClick={() => preview.file && downloadDocument({ ...preview.file, fileName: 'vista-previa.pdf' })}>
                {t('letters.openPreview')}
              </Button>
            )}
          </Group>
          {preview.error && (
            <Alert color="red" mb="xs">
              {preview.error}
            </Alert>
          )}
          {preview.file ? <PdfPreview file={preview.file} label={t('letters.preview')} height={720} /> : !preview.error && <Loading />}
        </Card>
      </Grid.Col>
    </Grid>
  );
}

/** the PDF of the unsaved text, remade a moment after the typing stops (the last good one stays while the new one is wrong) */
function usePreview(kind: LetterKind, subject: string, body: string): { file: DocumentFile | null; error: string | null } {
  const [state, setState] = useState<{ file: DocumentFile | null; error: string | null }>({ file: null, error: null });
  useEffect(() => {
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const { file } = await send('letters.preview', { kind, subject, body });
        if (live) setState({ file, error: null });
      } catch (e) {
        if (live) setState((old) => ({ file: old.file, error: apiErrorOf(e).message }));
      }
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [kind, subject, body]);
  return state;
}

function LetterSettingsCard() {
  const t = useT();
  const { data, setData, error, loading, reload } = useLoad(() => send('letters.settings', {}), []);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (loading && !data) return <Loading />;
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return null;
  const set = (key: keyof LetterSettingsData, value: string) => setData({ ...data, [key]: value });
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaveError(null);
    try {
      setData(await send('letters.saveSettings', data));
      notifySuccess(t('letters.settingsSaved'));
    } catch (e) {
      setSaveError(apiErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder maw={900}>
      <Title order={4} mb="sm">
        {t('letters.settingsTitle')}
      </Title>
      <form onSubmit={save}>
        <ScrollArea>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('letters.signerName')} value={data.signerName} onChange={text((v) => set('signerName', v))} w={240} />
            <TextInput label={t('letters.signerTitle')} value={data.signerTitle} onChange={text((v) => set('signerTitle', v))} w={240} />
            <TextInput label={t('letters.footer')} value={data.footer} onChange={text((v) => set('footer', v))} w={360} />
          </Group>
        </ScrollArea>
        <FormError message={saveError} />
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={busy}>
            {t('letters.saveSettings')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}
