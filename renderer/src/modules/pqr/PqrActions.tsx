/**
 * The acts on one PQR, each in a modal that says what will happen and asks for confirmation:
 * assign, comment, pause / resume the clock (the request to complete within its days, the pruebas
 * citing the evidence and bounded), the one extension where the law allows it (its letter
 * downloads), the petitioner's extra month to complete, the desistimiento tácito and the recognition
 * of silencio positivo (their letters download), close, reopen and annul (the radicado is typed
 * again to annul). Each explains its rule from the legal rules table and hands back the PQR as it is now.
 */
import { useState } from 'react';
import type { z } from 'zod';
import { Alert, Select, Text, Textarea, TextInput } from '@mantine/core';
import { send } from '../../api/client';
import { PAUSE_REASONS, pqrSchemas, type PauseReason, type PqrDetail } from '../../../../shared/contract';
import { DateField } from '../../app/DateField';
import type { IsoDate } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { check, text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { todayIn } from '../../../../shared/dates';
import { RuleNote, ruleDays, useLegalRules } from './legal';

export type PqrAct = 'assign' | 'comment' | 'pause' | 'resume' | 'extend' | 'close' | 'reopen' | 'annul' | 'extendCompletion' | 'desist' | 'silencio';

export interface ActProps {
  pqr: PqrDetail;
  onClose: () => void;
  /** the PQR after the act, and the sentence that says what happened */
  onDone: (pqr: PqrDetail, said: string) => void;
}

/** zod's first message, thrown so the modal shows it and nothing is sent */
export function parsed<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const result = check(schema, values);
  if (!result.ok) throw new Error(Object.values(result.errors)[0]);
  return result.data;
}

export function ActModal({ act, ...props }: ActProps & { act: PqrAct }) {
  switch (act) {
    case 'assign':
      return <AssignModal {...props} />;
    case 'comment':
      return <CommentModal {...props} />;
    case 'pause':
      return <PauseModal {...props} />;
    case 'resume':
      return <ResumeModal {...props} />;
    case 'extend':
      return <ExtendModal {...props} />;
    case 'close':
      return <CloseModal {...props} />;
    case 'reopen':
      return <ReopenModal {...props} />;
    case 'annul':
      return <AnnulModal {...props} />;
    case 'extendCompletion':
    case 'desist':
    case 'silencio':
      return <LegalActModal act={act} {...props} />;
  }
}

function AssignModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { data: catalog } = useLoad(() => send('pqr.catalog', {}), []);
  const [userId, setUserId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const reassign = pqr.assignedTo !== null;
  const person = catalog?.assignees.find((a) => String(a.id) === userId);
  return (
    <ConfirmModal
      opened
      title={t(reassign ? 'pqr.act.reassignTitle' : 'pqr.act.assignTitle', { radicado: pqr.radicado })}
      confirmLabel={t(reassign ? 'pqr.act.reassign' : 'pqr.act.assign')}
      onClose={onClose}
      onConfirm={async () => {
        if (!person) throw new Error(t('pqr.act.choosePerson'));
        const input = parsed(pqrSchemas['pqr.assign'], { pqrId: pqr.id, userId: person.id, note });
        onDone(await send('pqr.assign', input), t('pqr.act.assigned', { radicado: pqr.radicado, name: person.name }));
      }}
    >
      {reassign && <Text size="sm">{t('pqr.act.currently', { name: pqr.assignedTo ?? '' })}</Text>}
      <Select
        label={t('pqr.act.person')}
        data={(catalog?.assignees ?? []).map((a) => ({ value: String(a.id), label: `${a.name} (${a.role})` }))}
        value={userId}
        onChange={setUserId}
        searchable
        required
      />
      <TextInput label={t('pqr.act.note')} value={note} onChange={text(setNote)} maxLength={300} />
      {person && (
        <Text fw={600} data-testid="pqr-act-sentence">
          {t('pqr.act.assignSentence', { radicado: pqr.radicado, name: person.name })}
        </Text>
      )}
    </ConfirmModal>
  );
}

function CommentModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const [value, setValue] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.act.commentTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.act.commentButton')}
      onClose={onClose}
      onConfirm={async () => {
        const input = parsed(pqrSchemas['pqr.comment'], { pqrId: pqr.id, text: value });
        onDone(await send('pqr.comment', input), t('pqr.act.commented'));
      }}
    >
      <Text size="sm" c="dimmed">
        {t('pqr.act.commentHelp')}
      </Text>
      <Textarea label={t('pqr.act.comment')} value={value} onChange={text(setValue)} autosize minRows={3} maxLength={2000} required />
    </ConfirmModal>
  );
}

function PauseModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const rules = useLegalRules();
  const [reason, setReason] = useState<PauseReason | null>(null);
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState('');
  const pruebasLeft = ruleDays(rules, 'pruebasMaxBusinessDays', 30) - pqr.pruebasUsedDays;
  return (
    <ConfirmModal
      opened
      title={t('pqr.act.pauseTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.act.pauseButton')}
      color="orange"
      onClose={onClose}
      onConfirm={async () => {
        if (!reason) throw new Error(t('pqr.act.reasonRequired'));
        const input = parsed(pqrSchemas['pqr.pause'], { pqrId: pqr.id, reason, note, evidence: reason === 'pruebas' ? evidence : '' });
        onDone(await send('pqr.pause', input), t('pqr.act.paused', { radicado: pqr.radicado }));
      }}
    >
      <Text size="sm">{t('pqr.act.pauseSentence', { radicado: pqr.radicado, left: pqr.businessDaysLeft ?? '—' })}</Text>
      <Select
        label={t('pqr.act.pauseReason')}
        data={PAUSE_REASONS.map((r) => ({ value: r, label: t(`pqr.pause.${r}`) }))}
        value={reason}
        onChange={(v) => setReason(v as PauseReason | null)}
        required
      />
      {reason === 'completar_peticion' && <RuleNote rule={rules.completionRequestBusinessDays} testId="pqr-rule-completion" />}
      {reason === 'completar_peticion' && <RuleNote rule={rules.completionUserMonths} />}
      {reason === 'pruebas' && (
        <>
          <TextInput label={t('pqr.legal.evidence')} description={t('pqr.legal.evidenceHelp')} value={evidence} onChange={text(setEvidence)} maxLength={500} required />
          <Text size="sm" data-testid="pqr-pruebas-left">
            {t('pqr.legal.pruebasLeft', { n: pruebasLeft })}
          </Text>
          <RuleNote rule={rules.pruebasMaxBusinessDays} testId="pqr-rule-pruebas" />
        </>
      )}
      <Textarea
        label={reason === 'completar_peticion' ? t('pqr.legal.missing') : t('pqr.act.pauseNote')}
        value={note}
        onChange={text(setNote)}
        autosize
        minRows={2}
        maxLength={500}
        required
      />
    </ConfirmModal>
  );
}

function ResumeModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { company, can } = useSession();
  const rules = useLegalRules();
  const [note, setNote] = useState('');
  const [lateReason, setLateReason] = useState('');
  const today = todayIn(company.timeZone);
  const limit = pqr.paused?.reason === 'pruebas' ? pqr.paused.limitDate : null;
  const late = limit !== null && today > limit;
  return (
    <ConfirmModal
      opened
      title={t('pqr.act.resumeTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.act.resumeButton')}
      onClose={onClose}
      onConfirm={async () => {
        const input = parsed(pqrSchemas['pqr.resume'], { pqrId: pqr.id, note, lateReason: late ? lateReason : '' });
        const after = await send('pqr.resume', input);
        onDone(after, t('pqr.act.resumed', { radicado: pqr.radicado, due: after.dueDate ? formatDate(after.dueDate) : '—' }));
      }}
    >
      <Text size="sm">
        {t('pqr.act.resumeSentence', { remaining: pqr.paused?.remainingBusinessDays ?? '—' })}
      </Text>
      {late && limit && (
        <Alert color="red" p="xs" data-testid="pqr-resume-late">
          <Text size="sm">{t(can(['coordinador', 'administrador']) ? 'pqr.legal.resumeLateCoordinator' : 'pqr.legal.resumeLateClerk', { date: formatDate(limit) })}</Text>
          <RuleNote rule={rules.pruebasMaxBusinessDays} />
          {can(['coordinador', 'administrador']) && (
            <Textarea label={t('pqr.legal.lateReason')} value={lateReason} onChange={text(setLateReason)} autosize minRows={2} maxLength={500} required mt="xs" />
          )}
        </Alert>
      )}
      <TextInput label={t('pqr.act.note')} value={note} onChange={text(setNote)} maxLength={500} />
    </ConfirmModal>
  );
}

/**
 * The three acts of the legal workflow that take one text: the petitioner's extra month to complete
 * the petition, the desistimiento tácito and the recognition of silencio positivo (the last two
 * file a letter with its radicado de salida, which downloads).
 */
type LegalAct = 'extendCompletion' | 'desist' | 'silencio';

function LegalActModal({ pqr, act, onClose, onDone }: ActProps & { act: LegalAct }) {
  const t = useT();
  const rules = useLegalRules();
  const [value, setValue] = useState('');
  const s = pqr.silencioPositivo;
  const c = pqr.completion;
  const look = {
    extendCompletion: {
      title: t('pqr.legal.extendCompletionTitle', { radicado: pqr.radicado }),
      button: t('pqr.legal.extendCompletionButton'),
      sentence: t('pqr.legal.extendCompletionSentence', { date: formatDate(c?.deadline) }),
      rule: rules.completionUserMonths,
      label: t('pqr.act.note'),
      required: false,
    },
    desist: {
      title: t('pqr.legal.desistTitle', { radicado: pqr.radicado }),
      button: t('pqr.legal.desistButton'),
      sentence: t('pqr.legal.desistSentence', { requested: formatDate(c?.requestedOn), deadline: formatDate(c?.deadline) }),
      rule: rules.completionUserMonths,
      label: t('pqr.legal.desistNote'),
      required: false,
    },
    silencio: {
      title: t('pqr.legal.silencioTitle', { radicado: pqr.radicado }),
      button: t('pqr.legal.silencioButton'),
      sentence: t('pqr.legal.silencioSentence', { occurred: formatDate(s?.occurredOn), by: formatDate(s?.recognizeBy) }),
      rule: rules.silencioRecognitionHours,
      label: t('pqr.legal.silencioEffects'),
      required: true,
    },
  }[act];
  const run = async () => {
    if (act === 'extendCompletion') {
      const after = await send('pqr.extendCompletion', parsed(pqrSchemas['pqr.extendCompletion'], { pqrId: pqr.id, note: value }));
      return onDone(after, t('pqr.legal.extendCompletionDone', { date: formatDate(after.completion?.deadline) }));
    }
    const result =
      act === 'desist'
        ? await send('pqr.desist', parsed(pqrSchemas['pqr.desist'], { pqrId: pqr.id, note: value }))
        : await send('pqr.recognizeSilencio', parsed(pqrSchemas['pqr.recognizeSilencio'], { pqrId: pqr.id, effects: value }));
    downloadDocument(result.letter);
    const radicado = (act === 'desist' ? result.pqr.desisted?.radicado : result.pqr.silencioPositivo?.radicado) ?? '';
    onDone(result.pqr, t(act === 'desist' ? 'pqr.legal.desistDone' : 'pqr.legal.silencioDone', { radicado }));
  };
  return (
    <ConfirmModal opened title={look.title} confirmLabel={look.button} color={act === 'extendCompletion' ? undefined : 'red'} onClose={onClose} onConfirm={run}>
      <Text fw={600} data-testid="pqr-act-sentence">
        {look.sentence}
      </Text>
      <RuleNote rule={look.rule} />
      <Textarea
        label={look.label}
        description={act === 'silencio' ? t('pqr.legal.silencioEffectsHelp') : undefined}
        value={value}
        onChange={text(setValue)}
        autosize
        minRows={act === 'silencio' ? 3 : 2}
        maxLength={act === 'silencio' ? 4000 : act === 'desist' ? 2000 : 500}
        required={look.required}
      />
    </ConfirmModal>
  );
}

function ExtendModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const [date, setDate] = useState<IsoDate | null>(null);
  const [reasons, setReasons] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.act.extendTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.act.extendButton')}
      onClose={onClose}
      onConfirm={async () => {
        const newDueDate = date;
        if (!newDueDate) throw new Error(t('common.dateInvalid'));
        const input = parsed(pqrSchemas['pqr.extend'], { pqrId: pqr.id, newDueDate, reasons });
        const result = await send('pqr.extend', input);
        downloadDocument(result.letter);
        onDone(result.pqr, t('pqr.act.extended', { radicado: pqr.radicado, due: formatDate(newDueDate) }));
      }}
    >
      <Text size="sm">{t('pqr.act.extendHelp', { due: pqr.dueDate ? formatDate(pqr.dueDate) : '—', term: pqr.termBusinessDays })}</Text>
      <Text size="xs" c="dimmed">
        {pqr.termRule}
      </Text>
      <DateField label={t('pqr.act.newDueDate')} value={date} onChange={setDate} required w={180} />
      <Textarea label={t('pqr.act.extendReasons')} value={reasons} onChange={text(setReasons)} autosize minRows={3} maxLength={2000} required />
    </ConfirmModal>
  );
}

function CloseModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const [result, setResult] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.act.closeTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.act.closeButton')}
      onClose={onClose}
      onConfirm={async () => {
        const input = parsed(pqrSchemas['pqr.close'], { pqrId: pqr.id, result });
        onDone(await send('pqr.close', input), t('pqr.act.closed', { radicado: pqr.radicado }));
      }}
    >
      <Text size="sm">{t('pqr.act.closeSentence', { radicado: pqr.radicado, name: pqr.petitioner.name })}</Text>
      <Textarea label={t('pqr.act.closeResult')} value={result} onChange={text(setResult)} autosize minRows={2} maxLength={500} required />
    </ConfirmModal>
  );
}

function ReopenModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.act.reopenTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.act.reopenButton')}
      color="orange"
      onClose={onClose}
      onConfirm={async () => {
        const input = parsed(pqrSchemas['pqr.reopen'], { pqrId: pqr.id, reason });
        onDone(await send('pqr.reopen', input), t('pqr.act.reopened', { radicado: pqr.radicado }));
      }}
    >
      <Textarea label={t('pqr.act.reopenReason')} value={reason} onChange={text(setReason)} autosize minRows={2} maxLength={500} required />
    </ConfirmModal>
  );
}

function AnnulModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  return (
    <AnnulRadicadoModal
      radicado={pqr.radicado}
      title={t('pqr.act.annulTitle', { radicado: pqr.radicado })}
      warning={t('pqr.act.annulWarning', { radicado: pqr.radicado })}
      onClose={onClose}
      annul={async (reason) => {
        const input = parsed(pqrSchemas['pqr.annul'], { pqrId: pqr.id, reason });
        onDone(await send('pqr.annul', input), t('pqr.act.annulled', { radicado: pqr.radicado }));
      }}
    />
  );
}

/** annulling a radicado filed by mistake (a PQR, a letter): the reason, and the number typed again to confirm */
export function AnnulRadicadoModal({ radicado, title, warning, onClose, annul }: { radicado: string; title: string; warning: string; onClose: () => void; annul: (reason: string) => Promise<void> }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  return (
    <ConfirmModal
      opened
      title={title}
      confirmLabel={t('pqr.act.annulButton')}
      color="red"
      onClose={onClose}
      onConfirm={async () => {
        if (typed.trim().toUpperCase() !== radicado.toUpperCase()) throw new Error(t('pqr.act.annulTypeMismatch'));
        await annul(reason);
      }}
    >
      <Text fw={600} c="red">
        {warning}
      </Text>
      <Textarea label={t('pqr.act.annulReason')} value={reason} onChange={text(setReason)} autosize minRows={2} maxLength={500} required />
      <TextInput label={t('pqr.act.annulType', { radicado })} value={typed} onChange={text(setTyped)} required styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
    </ConfirmModal>
  );
}
