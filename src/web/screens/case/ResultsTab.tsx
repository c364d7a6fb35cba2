import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { ErrorSummary } from '../../components/errors.js';
import { Button, ButtonGroup, ErrorAlert, LiveNotice, Loading, Paragraph, SelectField, TextArea, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import type { Plan } from '../../api/types.js';
import type { CaseContext } from './CaseScreen.js';
import { RESULT_KINDS, useFormSubmit, todayInNetherlands, word, type CaseResult, type FieldErrors } from './casework.js';

const FIELDS = ['kind', 'date', 'note', 'goalId'] as const;

/** The results: the small steps that count (file inspected, contact restored, ...). The team adds them; parents read them. */
export function ResultsTab({ caseFile, isTeam }: CaseContext) {
  const { t, locale } = useI18n();
  const [results, setResults] = useState<CaseResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [kind, setKind] = useState('');
  const [date, setDate] = useState(todayInNetherlands);
  const [note, setNote] = useState('');
  // Issue 18: a small step may name the goal of the plan it serves (the team and the parents read the plan).
  const [goalId, setGoalId] = useState('');
  const [goals, setGoals] = useState<Plan['goals']>([]);
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(FIELDS, t);
  const [saved, setSaved] = useState<string | null>(null);

  const load = useCallback(() => {
    api<CaseResult[]>(`/api/cases/${caseFile.id}/results`).then(setResults, setError);
    api<Plan>(`/api/cases/${caseFile.id}/plan`).then((p) => setGoals(p.goals), () => setGoals([]));
  }, [caseFile.id]);
  const goalTitle = (id: string | null) => goals.find((g) => g.id === id)?.title;
  useEffect(load, [load]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setFormError(null);
    const missing: FieldErrors = {};
    if (!kind) missing.kind = t('cw.results.kindMissing');
    if (!date) missing.date = t('cw.results.dateMissing');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await run(async () => {
      await api<CaseResult>(`/api/cases/${caseFile.id}/results`, { method: 'POST', body: { kind, date, ...(note.trim() ? { note: note.trim() } : {}), ...(goalId ? { goalId } : {}) } });
      setSaved(t('cw.results.added', { kind: word(t, 'cw.result', kind) }));
      setKind('');
      setNote('');
      setGoalId('');
      setDate(todayInNetherlands());
      load();
    });
  };

  return (
    <>
      <Paragraph>{isTeam ? t('cw.results.introTeam') : t('cw.results.introParent')}</Paragraph>
      <ErrorAlert error={error} />
      {!results && !error ? <Loading /> : null}
      {results && results.length === 0 ? <Paragraph>{t('cw.results.none')}</Paragraph> : null}
      {results && results.length > 0 ? (
        <ol className="ev-list" aria-label={t('cw.results.listLabel')}>
          {results.map((r) => (
            <li key={r.id} className="ev-card" data-testid="result">
              <p className="ev-message__meta"><time dateTime={r.date}>{formatDate(r.date, locale)}</time></p>
              <p className="utrecht-paragraph"><strong>{word(t, 'cw.result', r.kind)}</strong></p>
              {r.note ? <p className="utrecht-paragraph ev-story-text">{r.note}</p> : null}
              {goalTitle(r.goalId) ? <p className="utrecht-paragraph utrecht-paragraph--small" data-testid="result-goal">{t('plan.resultGoal', { title: goalTitle(r.goalId)! })}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {isTeam ? (
        <form onSubmit={add} className="ev-card" noValidate aria-labelledby="cw-result-form-title">
          <h3 id="cw-result-form-title" className="utrecht-heading-3">{t('cw.results.addTitle')}</h3>
          <ErrorSummary errors={errors} />
          <ErrorAlert error={formError} />
          <SelectField label={t('cw.results.kind')} error={errors.kind} value={kind} onChange={setKind}
            placeholder={t('cw.choose')} options={RESULT_KINDS.map((v) => ({ value: v, label: word(t, 'cw.result', v) }))} />
          <TextField type="date" label={t('cw.results.date')} description={t('cw.results.dateHelp')} error={errors.date}
            value={date} max={todayInNetherlands()} className="cw-short" onChange={(e) => setDate(e.target.value)} />
          <TextArea label={t('cw.results.note')} description={t('cw.results.noteHelp')} error={errors.note}
            value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} />
          {goals.length ? (
            <SelectField label={t('plan.resultGoalLabel')} error={errors.goalId} value={goalId} onChange={setGoalId}
              options={[{ value: '', label: t('plan.resultNoGoal') }, ...goals.map((g) => ({ value: g.id, label: g.title }))]} />
          ) : null}
          <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('cw.results.save')}</Button></ButtonGroup>
          <LiveNotice message={saved} />
        </form>
      ) : null}
    </>
  );
}
