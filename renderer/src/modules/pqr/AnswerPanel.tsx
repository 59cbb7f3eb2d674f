/**
 * The answer to a PQR: the clerk drafts it from a template (decision + reasons, the filled letter
 * editable), previews the PDF (BORRADOR across it) and leaves it for approval; the coordinator
 * approves it (the radicado de salida is given and the letter downloads) or returns it with a
 * reason; after approval the letter is reprinted and the day it left the office is recorded.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconEye, IconFileText, IconGavel, IconPencil, IconSend } from '@tabler/icons-react';
import { send } from '../../api/client';
import {
  ANSWER_DECISIONS,
  DECISION_WORDS,
  SENT_MEANS,
  pqrSchemas,
  takesGrantedAmount,
  type AnswerDecision,
  type AnswerTemplateOption,
  type DocumentFile,
  type PqrDetail,
  type SentMeans,
} from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { DateField } from '../../app/DateField';
import { MoneyInput } from '../../app/MoneyInput';
import { useT } from '../../i18n';
import { apiErrorOf, check, notifyError, text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { printDocument } from '../../app/PrintButton';
import { PdfPreviewModal } from '../../app/PdfPreview';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormActions, FormError } from '../../app/FormParts';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { navigate } from '../../app/router';
import { fileRecursoPath } from './PqrFilePage';
import { AnswerBadge } from './PqrBadges';
import { parsed, type ActProps } from './PqrActions';

const COORDINATION = ['coordinador', 'administrador'] as const;

type AnswerAct = 'draft' | 'approve' | 'return' | 'sent';

export function AnswerPanel({ pqr, onDone }: { pqr: PqrDetail; onDone: ActProps['onDone'] }) {
  const t = useT();
  const { can, user, dateTime, money } = useSession();
  const [act, setAct] = useState<AnswerAct | null>(null);
  const coordinator = can(COORDINATION);
  const mine = pqr.assignedTo !== null && pqr.assignedTo === user.fullName;
  const answer = pqr.answer;
  const approved = answer?.state === 'aprobada';
  const workable = ['radicada', 'asignada', 'suspendida'].includes(pqr.state);
  const canDraft = (coordinator || mine) && workable && !approved;
  const paper = (name: 'pqr.answerPreviewPdf' | 'pqr.answerLetterPdf') => () => void send(name, { pqrId: pqr.id }).then(downloadDocument, notifyError);
  // the draft (BORRADOR across it) is shown in the app, with Descargar
  const [draftPdf, setDraftPdf] = useState<DocumentFile | null>(null);
  const previewDraft = () => void send('pqr.answerPreviewPdf', { pqrId: pqr.id }).then(setDraftPdf, notifyError);

  return (
    <Card withBorder data-testid="pqr-answer">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('pqr.answer.title')}</Title>
        <AnswerBadge answer={answer} testId="pqr-answer-panel-badge" />
      </Group>
      {!answer ? (
        <Text size="sm" c="dimmed">
          {canDraft ? t('pqr.answer.noneYet') : t('pqr.answer.noneNotYours')}
        </Text>
      ) : (
        <Stack gap="xs">
          {answer.state === 'devuelta' && answer.returnedReason && (
            <Alert color="orange" icon={<IconArrowBackUp />} title={t('pqr.answer.returnedTitle')} data-testid="pqr-answer-returned">
              {answer.returnedReason}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Line label={t('pqr.answer.decision')}>{answer.decisionName}</Line>
            <Line label={t('pqr.answer.drafted')}>
              {answer.draftedBy} · {dateTime(answer.draftedAt)}
            </Line>
            {answer.grantedAmount !== null && (
              <Line label={t('pqr.answer.granted')}>
                <Text size="sm" fw={700} data-testid="pqr-answer-granted">
                  {t('pqr.answer.grantedValue', { amount: money(answer.grantedAmount), invoice: pqr.invoiceNumber ?? '' })}
                </Text>
              </Line>
            )}
            {answer.transfer && (
              <Line label={t('pqr.answer.transferTo')}>
                {answer.transfer.entity}
                {answer.transfer.address ? ` · ${answer.transfer.address}` : ''}
              </Line>
            )}
            {approved && (
              <>
                <Line label={t('pqr.answer.outgoing')}>
                  <Text ff="monospace" fw={700} size="sm" data-testid="pqr-answer-outgoing">
                    {answer.outgoingRadicado}
                  </Text>
                </Line>
                <Line label={t('pqr.answer.approved')}>
                  {answer.approvedBy} · {formatDate(answer.answerDate)}
                </Line>
                <Line label={t('pqr.answer.sent')}>
                  {answer.sent
                    ? t('pqr.answer.sentValue', { date: formatDate(answer.sent.on), means: t(`pqr.sentMeans.${answer.sent.means}`), guide: answer.sent.guide || '—' })
                    : t('pqr.answer.notSent')}
                </Line>
              </>
            )}
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {t('pqr.answer.subject')}
          </Text>
          <Text size="sm" fw={600}>
            {answer.subject}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6} title={answer.body}>
            {answer.body}
          </Text>
        </Stack>
      )}
      <Group gap="xs" mt="sm" data-testid="pqr-answer-actions">
        {canDraft && (
          <Button leftSection={<IconPencil size={16} />} variant={answer ? 'light' : 'filled'} onClick={() => setAct('draft')}>
            {t(!answer ? 'pqr.answer.draft' : answer.state === 'devuelta' ? 'pqr.answer.redraft' : 'pqr.answer.editDraft')}
          </Button>
        )}
        {answer && !approved && (
          <Button variant="default" leftSection={<IconEye size={16} />} onClick={previewDraft}>
            {t('pqr.answer.preview')}
          </Button>
        )}
        {coordinator && answer?.state === 'borrador' && workable && (
          <>
            <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => setAct('approve')}>
              {t('pqr.answer.approve')}
            </Button>
            <Button variant="light" color="orange" leftSection={<IconArrowBackUp size={16} />} onClick={() => setAct('return')}>
              {t('pqr.answer.return')}
            </Button>
          </>
        )}
        {approved && (
          <Button variant="default" leftSection={<IconFileText size={16} />} onClick={paper('pqr.answerLetterPdf')}>
            {t('pqr.answer.letter')}
          </Button>
        )}
        {approved && !answer.sent && pqr.state !== 'anulada' && (
          <Button variant="light" leftSection={<IconSend size={16} />} onClick={() => setAct('sent')}>
            {t('pqr.answer.recordSent')}
          </Button>
        )}
        {approved && pqr.state !== 'anulada' && (
          <Button variant="subtle" leftSection={<IconGavel size={16} />} onClick={() => navigate(fileRecursoPath(pqr.radicado))}>
            {t('pqr.answer.fileRecurso')}
          </Button>
        )}
      </Group>
      {act === 'draft' && <DraftModal pqr={pqr} onClose={() => setAct(null)} onDone={onDone} />}
      {act === 'approve' && <ApproveModal pqr={pqr} onClose={() => setAct(null)} onDone={onDone} />}
      {act === 'return' && <ReturnModal pqr={pqr} onClose={() => setAct(null)} onDone={onDone} />}
      {act === 'sent' && <SentModal pqr={pqr} onClose={() => setAct(null)} onDone={onDone} />}
      <PdfPreviewModal file={draftPdf} title={t('pqr.answer.previewTitle', { radicado: pqr.radicado })} onClose={() => setDraftPdf(null)} />
    </Card>
  );
}

function Line({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** the template's text with the decision and its reasons put in, as the letter will read */
function previewOf(template: AnswerTemplateOption | undefined, words: string, reasons: string, entity: string): { subject: string; body: string } {
  if (!template) return { subject: '', body: '' };
  const fill = (s: string) =>
    s
      .replaceAll('[decision]', words || '[decision]')
      .replaceAll('[texto_decision]', reasons.trim() || '[texto_decision]')
      .replaceAll('[entidad]', entity.trim() || '[entidad]');
  return { subject: fill(template.subject), body: fill(template.body) };
}

function DraftModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { data: templates, error, loading, reload } = useLoad(() => send('pqr.answerTemplates', { pqrId: pqr.id }), [pqr.id]);
  const previous = pqr.answer;
  const [templateId, setTemplateId] = useState<string | null>(previous?.templateId ? String(previous.templateId) : null);
  const [decision, setDecision] = useState<AnswerDecision | null>(previous?.decision ?? null);
  const [reasons, setReasons] = useState(previous?.decisionText ?? '');
  const [entity, setEntity] = useState(previous?.transfer?.entity ?? '');
  const [address, setAddress] = useState(previous?.transfer?.address ?? '');
  const [granted, setGranted] = useState<number | null>(previous?.grantedAmount ?? null);
  const [grantedProblem, setGrantedProblem] = useState<string | null>(null);
  const grants = decision !== null && takesGrantedAmount(pqr, decision);
  const [editing, setEditing] = useState(false);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const chosenId = templateId ?? (templates && templates.length > 0 ? String(templates[0].templateId) : null);
  const template = templates?.find((x) => String(x.templateId) === chosenId);
  const preview = useMemo(() => previewOf(template, decision ? DECISION_WORDS[decision] : '', reasons, entity), [template, decision, reasons, entity]);

  const startEditing = (on: boolean) => {
    setEditing(on);
    if (on) {
      setSubject(preview.subject);
      setBody(preview.body);
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!decision) return setProblem(t('pqr.answer.chooseDecision'));
    if (decision === 'traslada' && !entity.trim()) return setProblem(t('pqr.answer.entityNeeded'));
    if (grants && (grantedProblem || granted === null)) return setProblem(grantedProblem ?? t('pqr.answer.grantedNeeded', { invoice: pqr.invoiceNumber ?? '' }));
    const input = {
      pqrId: pqr.id,
      decision,
      templateId: chosenId ? Number(chosenId) : undefined,
      decisionText: reasons,
      subject: editing ? subject : undefined,
      body: editing ? body : undefined,
      transferEntity: decision === 'traslada' ? entity : undefined,
      transferAddress: decision === 'traslada' ? address : undefined,
      grantedAmount: grants ? (granted ?? undefined) : undefined,
    };
    const checked = check(pqrSchemas['pqr.draftAnswer'], input);
    if (!checked.ok) return setProblem(Object.values(checked.errors)[0]);
    setBusy(true);
    setProblem(null);
    try {
      const after = await send('pqr.draftAnswer', checked.data);
      onDone(after, t('pqr.answer.draftedSaid', { radicado: pqr.radicado }));
      onClose();
    } catch (e) {
      setProblem(apiErrorOf(e).message);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('pqr.answer.draftTitle', { radicado: pqr.radicado })} size="xl">
      {loading && !templates ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} retry={() => void reload()} />
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            <Group grow align="flex-start">
              <Select
                label={t('pqr.answer.decision')}
                data={ANSWER_DECISIONS.map((d) => ({ value: d, label: t(`pqr.decision.${d}`) }))}
                value={decision}
                onChange={(v) => setDecision(v as AnswerDecision | null)}
                required
                data-autofocus
              />
              <Select
                label={t('pqr.answer.template')}
                data={(templates ?? []).map((x) => ({ value: String(x.templateId), label: x.name }))}
                value={chosenId}
                onChange={setTemplateId}
                allowDeselect={false}
                disabled={editing}
              />
            </Group>
            {decision === 'traslada' && (
              <Group grow align="flex-start">
                <TextInput label={t('pqr.answer.entity')} value={entity} onChange={text(setEntity)} maxLength={160} required />
                <TextInput label={t('pqr.answer.entityAddress')} value={address} onChange={text(setAddress)} maxLength={200} />
              </Group>
            )}
            {grants && (
              <MoneyInput
                label={t('pqr.answer.granted')}
                description={t('pqr.answer.grantedHelp', { invoice: pqr.invoiceNumber ?? '' })}
                value={granted}
                onChange={(minor, problem) => {
                  setGranted(minor);
                  setGrantedProblem(problem);
                }}
                required
                w={260}
              />
            )}
            <Textarea
              label={t('pqr.answer.reasons')}
              description={t('pqr.answer.reasonsHelp')}
              value={reasons}
              onChange={text(setReasons)}
              autosize
              minRows={4}
              maxRows={10}
              maxLength={8000}
              required
            />
            <Switch label={t('pqr.answer.editLetter')} checked={editing} onChange={(e) => startEditing(e.currentTarget.checked)} />
            {editing ? (
              <>
                <TextInput label={t('pqr.answer.subject')} value={subject} onChange={text(setSubject)} maxLength={300} />
                <Textarea label={t('pqr.answer.body')} value={body} onChange={text(setBody)} autosize minRows={8} maxRows={18} maxLength={20000} />
              </>
            ) : (
              <Card withBorder style={{ borderStyle: 'dashed' }} data-testid="pqr-answer-preview">
                <Text size="xs" c="dimmed">
                  {t('pqr.answer.livePreview')}
                </Text>
                <Text size="sm" fw={600}>
                  {preview.subject}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {preview.body}
                </Text>
              </Card>
            )}
            <FormError message={problem} />
            <FormActions onCancel={onClose} busy={busy} submitLabel={t('pqr.answer.saveDraft')} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ApproveModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { company } = useSession();
  const answer = pqr.answer;
  const today = todayIn(company.timeZone);
  /** an answer after the due date of a type with silencio positivo is approved only saying so */
  const silencio = pqr.silencioApplies && pqr.dueDate !== null && today > pqr.dueDate && pqr.silencioPositivo?.recognizedOn == null;
  const [acknowledged, setAcknowledged] = useState(false);
  return (
    <ConfirmModal
      opened
      title={t('pqr.answer.approveTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.answer.approveButton')}
      color={silencio ? 'red' : 'teal'}
      onClose={onClose}
      onConfirm={async () => {
        if (silencio && !acknowledged) throw new Error(t('pqr.legal.silencioAcknowledgeRequired'));
        const result = await send('pqr.approveAnswer', { pqrId: pqr.id, silencioAcknowledged: silencio && acknowledged });
        void printDocument(t, 'letter', `Respuesta ${result.pqr.answer?.outgoingRadicado ?? result.pqr.radicado}`, result.letter, { whenNotConfigured: 'download' });
        if (result.transferLetter) downloadDocument(result.transferLetter);
        onDone(result.pqr, t('pqr.answer.approvedSaid', { radicado: result.pqr.answer?.outgoingRadicado ?? '' }));
      }}
    >
      <Text fw={600} data-testid="pqr-act-sentence">
        {t('pqr.answer.approveSentence')}
      </Text>
      {answer && (
        <Text size="sm">
          {t('pqr.answer.approveDetail', { decision: answer.decisionName, name: pqr.petitioner.name, by: answer.draftedBy })}
        </Text>
      )}
      {answer?.transfer && <Text size="sm">{t('pqr.answer.approveTransfer', { entity: answer.transfer.entity })}</Text>}
      {silencio && pqr.dueDate && (
        <Alert color="red" icon={<IconGavel />} p="xs" data-testid="pqr-approve-silencio">
          <Text size="sm" fw={600}>
            {t('pqr.legal.approveLate', { due: formatDate(pqr.dueDate) })}
          </Text>
          <Switch mt="xs" label={t('pqr.legal.silencioAcknowledge')} checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} />
        </Alert>
      )}
    </ConfirmModal>
  );
}

function ReturnModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.answer.returnTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.answer.returnButton')}
      color="orange"
      onClose={onClose}
      onConfirm={async () => {
        const input = parsed(pqrSchemas['pqr.returnAnswer'], { pqrId: pqr.id, reason });
        onDone(await send('pqr.returnAnswer', input), t('pqr.answer.returnedSaid', { name: pqr.answer?.draftedBy ?? '' }));
      }}
    >
      <Text size="sm">{t('pqr.answer.returnSentence', { name: pqr.answer?.draftedBy ?? '' })}</Text>
      <Textarea label={t('pqr.answer.returnReason')} value={reason} onChange={text(setReason)} autosize minRows={2} maxLength={500} required data-autofocus />
    </ConfirmModal>
  );
}

function SentModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { company } = useSession();
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [means, setMeans] = useState<SentMeans>(pqr.petitioner.acceptsElectronicNotification ? 'correo_electronico' : 'correo_certificado');
  const [guide, setGuide] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.answer.sentTitle', { radicado: pqr.answer?.outgoingRadicado ?? pqr.radicado })}
      confirmLabel={t('pqr.answer.sentButton')}
      onClose={onClose}
      onConfirm={async () => {
        const sentOn = date;
        if (!sentOn) throw new Error(t('common.dateInvalid'));
        const input = parsed(pqrSchemas['pqr.recordAnswerSent'], { pqrId: pqr.id, sentOn, means, guide });
        onDone(await send('pqr.recordAnswerSent', input), t('pqr.answer.sentSaid', { date: formatDate(sentOn) }));
      }}
    >
      <Group grow align="flex-start">
        <DateField label={t('pqr.answer.sentOn')} value={date} onChange={setDate} required />
        <Select
          label={t('pqr.answer.means')}
          data={SENT_MEANS.map((m) => ({ value: m, label: t(`pqr.sentMeans.${m}`) }))}
          value={means}
          onChange={(v) => v && setMeans(v as SentMeans)}
          allowDeselect={false}
        />
      </Group>
      <TextInput label={t('pqr.answer.guide')} value={guide} onChange={text(setGuide)} maxLength={60} />
    </ConfirmModal>
  );
}
