import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import {
  ACTION_STATUSES, FAMILY_GOAL_OWNERS, GOAL_OWNERS, GOAL_STATUSES, RECURRENCES, type Plan, type PlanAction, type PlanGoal,
} from '../../api/types.js';
import { isFamilyGoal as isFamily } from '../../../shared/plan-vocabulary.js';
import { useUser } from '../../app/session.js';
import { ErrorSummary } from '../../components/errors.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Loading, Paragraph, SelectField, StatusBadge, TextArea, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import type { CaseContext } from './CaseScreen.js';
import { type FieldErrors, useFormSubmit, word } from './casework.js';
import { LiveStatus, useAnnouncer } from './live.js';
import { WhoReads } from './readers.js';

/**
 * One family, one plan. The parents' own goals stand beside the professionals' goals, never below
 * them; a parent's screen starts with their own goals and asks "Wat wilt u zelf bereiken?". The
 * server decides who may change what; the screen offers only what the rules allow.
 */
export function PlanTab({ caseFile, participants, isTeam, isParent }: CaseContext) {
  const { t } = useI18n();
  const user = useUser();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { announce, region } = useAnnouncer();
  const load = useCallback(() => {
    api<Plan>(`/api/cases/${caseFile.id}/plan`).then((p) => { setPlan(p); setError(null); }, setError);
  }, [caseFile.id]);
  useEffect(load, [load]);
  const status = useRealtime({
    'plan:update': (event) => {
      if (event.caseId !== caseFile.id) return;
      load();
      announce(t('plan.changed'));
    },
    // A parent gave or withdrew consent: what this partner may read is asked again.
    'case:access': (event) => { if (event.caseId === caseFile.id) load(); },
  });

  if (error instanceof ApiError && error.status === 403 && error.code === 'consent_required') {
    return (
      <Alert type="info" title={t('plan.noConsentTitle')}>
        <p className="utrecht-paragraph" data-testid="plan-no-consent">{t('plan.noConsent')}</p>
      </Alert>
    );
  }
  const done = (message: string) => { setSaved(message); load(); };
  const family = plan?.goals.filter((g) => isFamily(g.owner)) ?? [];
  const professional = plan?.goals.filter((g) => !isFamily(g.owner)) ?? [];
  const goalList = (goals: PlanGoal[], empty: string, testId: string) => (
    goals.length === 0 ? <Paragraph>{empty}</Paragraph> : (
      <ul className="ev-list" data-testid={testId}>
        {goals.map((g) => (
          <li key={g.id}>
            <GoalCard caseId={caseFile.id} goal={g} participants={participants} userId={user.id} isTeam={isTeam} isParent={isParent} onSaved={done} />
          </li>
        ))}
      </ul>
    )
  );

  return (
    <>
      <Paragraph>{isParent ? t('plan.introParent') : isTeam ? t('plan.introTeam') : t('plan.introPartner')}</Paragraph>
      {isTeam || isParent ? <WhoReads caseId={caseFile.id} participants={participants} scope="plan" show boxed /> : null}
      <LiveStatus status={status} live={t('plan.live')} />
      {region}
      <ErrorAlert error={error} />
      <LiveNotice message={saved} />
      {isTeam ? <NewGoalForm caseId={caseFile.id} isParent={false} onSaved={(g) => done(t('plan.goalAdded', { title: g.title }))} /> : null}
      {!plan && !error ? <Loading /> : null}
      {plan ? (
        <>
          <p className="utrecht-paragraph">
            <a className="utrecht-link" href={`/api/cases/${caseFile.id}/plan.pdf`} download>{t('plan.pdf')}</a>
          </p>
          <div className="ev-side-by-side">
            <section aria-labelledby="plan-family">
              <Heading level={3} id="plan-family">{isParent ? t('plan.ownTitle') : t('plan.familyTitle')}</Heading>
              {goalList(family, isParent ? t('plan.noneOwn') : t('plan.none'), 'plan-family-goals')}
              {isParent ? <NewGoalForm caseId={caseFile.id} isParent onSaved={(g) => done(t('plan.goalAdded', { title: g.title }))} /> : null}
            </section>
            <section aria-labelledby="plan-professional">
              <Heading level={3} id="plan-professional">{t('plan.professionalTitle')}</Heading>
              {goalList(professional, t('plan.none'), 'plan-professional-goals')}
            </section>
          </div>
        </>
      ) : null}
    </>
  );
}

/** A parent is asked what they want to achieve themselves; the team may add a goal for anyone. */
function NewGoalForm({ caseId, isParent, onSaved }: { caseId: string; isParent: boolean; onSaved(goal: PlanGoal): void }) {
  const { t } = useI18n();
  const owners = isParent ? FAMILY_GOAL_OWNERS : GOAL_OWNERS;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState<string>(isParent ? 'parent' : 'team');
  const { busy, errors, setErrors, formError, run } = useFormSubmit(['title', 'description', 'owner'], t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) { setErrors({ title: t('plan.goalTitleMissing') }); return; }
    setErrors({});
    await run(async () => {
      const goal = await api<PlanGoal>(`/api/cases/${caseId}/plan/goals`, { method: 'POST', body: { title: title.trim(), description: description.trim() || null, owner } });
      setTitle(''); setDescription('');
      onSaved(goal);
    });
  };
  return (
    <form onSubmit={submit} noValidate className="ev-card" aria-labelledby="plan-new-goal">
      {isParent ? <h4 id="plan-new-goal" className="utrecht-heading-4">{t('plan.ask')}</h4> : <h3 id="plan-new-goal" className="utrecht-heading-3">{t('plan.newGoalTitle')}</h3>}
      <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
      <TextField label={t('plan.goalTitle')} description={isParent ? t('plan.askHelp') : undefined} error={errors.title} value={title} maxLength={200}
        autoComplete="off" onChange={(e) => setTitle(e.target.value)} />
      <TextArea label={t('plan.description')} error={errors.description} value={description} maxLength={4000} rows={3} onChange={(e) => setDescription(e.target.value)} />
      <SelectField label={t('plan.owner')} error={errors.owner} value={owner} onChange={setOwner}
        options={owners.map((o) => ({ value: o, label: word(t, 'plan.owner', o) }))} />
      <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('plan.addGoal')}</Button></ButtonGroup>
    </form>
  );
}

function GoalCard({ caseId, goal, participants, userId, isTeam, isParent, onSaved }: {
  caseId: string; goal: PlanGoal; participants: CaseContext['participants']; userId: string; isTeam: boolean; isParent: boolean; onSaved(message: string): void;
}) {
  const { t, locale } = useI18n();
  const mayWrite = isTeam || (isParent && isFamily(goal.owner));
  const [status, setStatus] = useState<string>(goal.status);
  const [reason, setReason] = useState('');
  const [adding, setAdding] = useState(false);
  const { busy, errors, setErrors, formError, run } = useFormSubmit(['status', 'reason'], t);
  useEffect(() => setStatus(goal.status), [goal.status]);
  const needsReason = isTeam && isFamily(goal.owner) && status === 'dropped' && goal.status !== 'dropped';
  const saveStatus = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    await run(async () => {
      await api<PlanGoal>(`/api/cases/${caseId}/plan/goals/${goal.id}`, {
        method: 'PATCH', body: status === 'dropped' && goal.status !== 'dropped' && reason.trim() ? { status, reason: reason.trim() } : { status },
      });
      setReason('');
      onSaved(t('plan.statusSaved', { title: goal.title }));
    });
  };
  const errorList: FieldErrors = errors;
  return (
    <article className="ev-card" data-testid="plan-goal" aria-labelledby={`goal-${goal.id}`}>
      <h4 id={`goal-${goal.id}`} className="utrecht-heading-4">{goal.title}</h4>
      <p className="utrecht-paragraph">
        <StatusBadge kind={goal.status === 'achieved' ? 'active' : goal.status === 'dropped' ? 'inactive' : 'neutral'}>{word(t, 'plan.status', goal.status)}</StatusBadge>
      </p>
      <dl className="ev-facts">
        <dt>{t('plan.ownerLabel')}</dt><dd>{word(t, 'plan.owner', goal.owner)}{goal.ownerDisplayName ? ` (${goal.ownerDisplayName})` : ''}</dd>
      </dl>
      {goal.description ? <Paragraph>{goal.description}</Paragraph> : null}
      {goal.status === 'dropped' && goal.droppedBy ? (
        <p className="utrecht-paragraph ev-audience" data-testid="plan-dropped">{t('plan.droppedBy', { name: goal.droppedBy.displayName, reason: goal.droppedReason ?? '' })}</p>
      ) : null}
      <Paragraph small>{t('plan.createdBy', { name: goal.createdByPerson.displayName })}, {formatDate(goal.createdAt, locale)}</Paragraph>
      <h5 className="utrecht-heading-5">{t('plan.actions')}</h5>
      {goal.actions.length === 0 ? <Paragraph small>{t('plan.noActions')}</Paragraph> : (
        <ul className="ev-list">
          {goal.actions.map((a) => (
            <li key={a.id}>
              <ActionRow caseId={caseId} goal={goal} action={a} mayChange={mayWrite || a.ownerUserId === userId} onSaved={onSaved} />
            </li>
          ))}
        </ul>
      )}
      {mayWrite ? (
        <form onSubmit={saveStatus} noValidate>
          <ErrorSummary errors={errorList} />
          <ErrorAlert error={formError} />
          <SelectField label={t('plan.changeStatus', { title: goal.title })} error={errors.status} value={status} onChange={setStatus}
            options={GOAL_STATUSES.map((s) => ({ value: s, label: word(t, 'plan.status', s) }))} />
          {needsReason || (status === 'dropped' && goal.status !== 'dropped') ? (
            <TextArea label={t('plan.reason')} description={needsReason ? t('plan.reasonHelp') : undefined} error={errors.reason} value={reason}
              maxLength={2000} rows={2} onChange={(e) => setReason(e.target.value)} />
          ) : null}
          <ButtonGroup>
            <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy || status === goal.status}>{t('plan.saveStatus')}</Button>
            {!adding ? <Button appearance="secondary-action-button" onClick={() => setAdding(true)}>{t('plan.addAction')}</Button> : null}
          </ButtonGroup>
        </form>
      ) : null}
      {mayWrite && adding ? (
        <NewActionForm caseId={caseId} goal={goal} participants={participants}
          onSaved={(a) => { setAdding(false); onSaved(t('plan.actionAdded', { title: a.title })); }} onCancel={() => setAdding(false)} />
      ) : null}
    </article>
  );
}

function ActionRow({ caseId, goal, action, mayChange, onSaved }: { caseId: string; goal: PlanGoal; action: PlanAction; mayChange: boolean; onSaved(message: string): void }) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<string>(action.status);
  const { busy, errors, formError, run } = useFormSubmit(['status'], t);
  useEffect(() => setStatus(action.status), [action.status]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await api<PlanAction>(`/api/cases/${caseId}/plan/goals/${goal.id}/actions/${action.id}`, { method: 'PATCH', body: { status } });
      onSaved(t('plan.actionSaved', { title: action.title }));
    });
  };
  const when = [action.dueDate ? t('plan.actionDue', { date: formatDate(action.dueDate, locale) }) : null, action.recurrence !== 'none' ? word(t, 'plan.recurrence', action.recurrence) : null].filter(Boolean).join(', ');
  return (
    <div className="ev-action" data-testid="plan-action">
      <p className="utrecht-paragraph">
        <strong>{action.title}</strong> — {word(t, 'plan.actionState', action.status)}<br />
        {action.ownerDisplayName ? t('plan.actionWho', { name: action.ownerDisplayName }) : t('plan.actionNobody')}{when ? `. ${when}` : ''}
      </p>
      {mayChange ? (
        <form onSubmit={save} noValidate className="ev-plan-inline-form">
          <ErrorAlert error={formError} />
          <SelectField label={t('plan.actionStatus', { title: action.title })} error={errors.status} value={status} onChange={setStatus}
            options={ACTION_STATUSES.map((s) => ({ value: s, label: word(t, 'plan.actionState', s) }))} />
          <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy || status === action.status}>{t('plan.saveAction')}</Button>
        </form>
      ) : null}
    </div>
  );
}

function NewActionForm({ caseId, goal, participants, onSaved, onCancel }: { caseId: string; goal: PlanGoal; participants: CaseContext['participants']; onSaved(a: PlanAction): void; onCancel(): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [recurrence, setRecurrence] = useState<string>('none');
  const { busy, errors, setErrors, formError, run } = useFormSubmit(['title', 'ownerUserId', 'dueDate', 'recurrence'], t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) { setErrors({ title: t('plan.actionTitleMissing') }); return; }
    setErrors({});
    await run(async () => {
      onSaved(await api<PlanAction>(`/api/cases/${caseId}/plan/goals/${goal.id}/actions`, {
        method: 'POST', body: { title: title.trim(), ownerUserId: owner || null, dueDate: dueDate || null, recurrence },
      }));
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('plan.newAction', { title: goal.title })}>
      <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
      <TextField label={t('plan.actionTitle')} error={errors.title} value={title} maxLength={200} autoComplete="off" onChange={(e) => setTitle(e.target.value)} />
      <SelectField label={t('plan.actionOwner')} error={errors.ownerUserId} value={owner} onChange={setOwner}
        options={[{ value: '', label: t('plan.actionOwnerNone') }, ...participants.map((p) => ({ value: p.userId, label: p.displayName }))]} />
      <TextField type="date" label={t('plan.dueDate')} error={errors.dueDate} value={dueDate} className="cw-short" onChange={(e) => setDueDate(e.target.value)} />
      <SelectField label={t('plan.recurrence')} error={errors.recurrence} value={recurrence} onChange={setRecurrence}
        options={RECURRENCES.map((r) => ({ value: r, label: word(t, 'plan.recurrence', r) }))} />
      <ButtonGroup>
        <Button type="submit" busy={busy} disabled={busy}>{t('plan.addAction')}</Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>{t('common.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}
