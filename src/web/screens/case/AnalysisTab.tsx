import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import { ANALYSIS_SECTIONS, STANCES, type Analysis, type AnalysisPosition, type AnalysisVersionList } from '../../api/types.js';
import { useUser } from '../../app/session.js';
import { label } from '../../components/labels.js';
import { ErrorSummary } from '../../components/errors.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Loading, Paragraph, SelectField, StatusBadge, TextArea } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import type { CaseContext } from './CaseScreen.js';
import { useFormSubmit, word } from './casework.js';
import { WhoReads } from './readers.js';

/**
 * The shared explanatory analysis: per section the text, and beside it what each party thinks of
 * it (the parent's view beside the professionals'), for the version on screen. The team and the
 * case's experts write new versions; the expert in behavioural science signs it off.
 */
export function AnalysisTab({ caseFile, participants, isTeam, isParent }: CaseContext) {
  const { t, locale } = useI18n();
  const user = useUser();
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [versions, setVersions] = useState<AnalysisVersionList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [signError, setSignError] = useState<unknown>(null);
  const load = useCallback(() => {
    api<Analysis>(`/api/cases/${caseFile.id}/analysis`).then((a) => { setAnalysis(a); setError(null); }, setError);
    api<AnalysisVersionList>(`/api/cases/${caseFile.id}/analysis/versions`).then(setVersions, () => setVersions(null));
  }, [caseFile.id]);
  useEffect(load, [load]);
  // A parent gave or withdrew consent: what this partner may read is asked again.
  // Someone wrote a version, a view or the sign-off: read it again (the view being typed stays).
  useRealtime({
    'case:access': (event) => { if (event.caseId === caseFile.id) load(); },
    'analysis:update': (event) => { if (event.caseId === caseFile.id) load(); },
  });

  if (error instanceof ApiError && error.status === 403 && error.code === 'consent_required') {
    return (
      <Alert type="info" title={t('analysis.noConsentTitle')}>
        <p className="utrecht-paragraph" data-testid="analysis-no-consent">{t('analysis.noConsent')}</p>
      </Alert>
    );
  }
  const me = participants.find((p) => p.userId === user.id);
  const isCaseExpert = me?.role === 'expert' && user.role === 'expert';
  const mayWrite = isTeam || isCaseExpert;
  const done = (message: string) => { setSaved(message); setEditing(false); load(); };
  const signOff = async () => {
    setSignError(null);
    try {
      await api<Analysis>(`/api/cases/${caseFile.id}/analysis/sign-off`, { method: 'POST' });
      done(t('analysis.signedOff'));
    } catch (caught) {
      setSignError(caught);
    }
  };

  return (
    <>
      <Paragraph>{t('analysis.intro')}</Paragraph>
      {isTeam || isParent ? <WhoReads caseId={caseFile.id} participants={participants} scope="analysis" show boxed /> : null}
      <ErrorAlert error={error} />
      <LiveNotice message={saved} />
      {!analysis && !error ? <Loading /> : null}
      {analysis ? (
        <>
          {analysis.version === 0 ? <Paragraph>{t('analysis.empty')}</Paragraph> : (
            <p className="utrecht-paragraph" data-testid="analysis-status">
              <strong>{t('analysis.version', { version: analysis.version })}</strong>{' '}
              <StatusBadge kind={analysis.status === 'final' ? 'active' : 'neutral'}>
                {analysis.status === 'final' && analysis.signedOffBy && analysis.signedOffAt
                  ? t('analysis.final', { name: analysis.signedOffBy.displayName, date: formatDate(analysis.signedOffAt, locale) })
                  : t('analysis.draft')}
              </StatusBadge>
              {analysis.updatedBy && analysis.updatedAt ? <><br />{t('analysis.writtenBy', { name: analysis.updatedBy.displayName, date: formatDate(analysis.updatedAt, locale) })}</> : null}
            </p>
          )}
          {mayWrite && !editing ? (
            <ButtonGroup>
              <Button appearance="secondary-action-button" onClick={() => { setSaved(null); setEditing(true); }}>{t('analysis.edit')}</Button>
              {isCaseExpert && analysis.version > 0 && analysis.status === 'draft' ? <Button onClick={signOff}>{t('analysis.signOff')}</Button> : null}
            </ButtonGroup>
          ) : null}
          {isCaseExpert && analysis.status === 'draft' && analysis.version > 0 ? <Paragraph small>{t('analysis.signOffHelp')}</Paragraph> : null}
          <ErrorAlert error={signError} />
          {editing ? <AnalysisEditor caseId={caseFile.id} analysis={analysis} onSaved={(a) => done(t('analysis.saved', { version: a.version }))} onCancel={() => setEditing(false)} /> : null}
          {analysis.version > 0 ? (
            <>
              {ANALYSIS_SECTIONS.map((key) => {
                const section = analysis.sections.find((s) => s.key === key);
                const positions = analysis.positions.filter((p) => p.sectionKey === key);
                return (
                  <section key={key} className="ev-card" aria-labelledby={`analysis-${key}`} data-testid="analysis-section">
                    <Heading level={3} id={`analysis-${key}`}>{word(t, 'analysis.section', key)}</Heading>
                    <Paragraph>{section?.text?.trim() ? section.text : t('analysis.sectionEmpty')}</Paragraph>
                    <h4 className="utrecht-heading-4">{t('analysis.positions')}</h4>
                    {positions.length === 0 ? <Paragraph small>{t('analysis.noPositions')}</Paragraph> : (
                      <ul className="ev-positions" data-testid="analysis-positions">
                        {positions.map((p) => <PositionCard key={p.id} position={p} />)}
                      </ul>
                    )}
                  </section>
                );
              })}
              <PositionForm caseId={caseFile.id} onSaved={() => done(t('analysis.positionSaved'))} />
            </>
          ) : null}
          {versions && versions.items.length > 1 ? (
            <details className="ev-card">
              <summary><strong>{t('analysis.versions')}</strong></summary>
              <ul className="utrecht-unordered-list">
                {versions.items.slice(1).map((v) => (
                  <li key={v.version} className="utrecht-unordered-list__item">
                    {t('analysis.versionLine', { version: v.version, status: v.status === 'final' ? t('analysis.final', { name: v.signedOffBy?.displayName ?? '', date: v.signedOffAt ? formatDate(v.signedOffAt, locale) : '' }) : t('analysis.draft'), count: v.positions.length })}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function PositionCard({ position }: { position: AnalysisPosition }) {
  const { t, locale } = useI18n();
  return (
    <li data-testid="analysis-position">
      <strong>{position.displayName}</strong> ({label(t, 'caseRole', position.role)})<br />
      <StatusBadge kind={position.stance === 'agree' ? 'active' : position.stance === 'disagree' ? 'warning' : 'neutral'}>{word(t, 'analysis.stance', position.stance)}</StatusBadge>
      {position.text ? <p className="utrecht-paragraph">{position.text}</p> : null}
      <p className="utrecht-paragraph utrecht-paragraph--small">{formatDate(position.at, locale)}</p>
    </li>
  );
}

function PositionForm({ caseId, onSaved }: { caseId: string; onSaved(): void }) {
  const { t } = useI18n();
  const [sectionKey, setSectionKey] = useState<string>(ANALYSIS_SECTIONS[0]);
  const [stance, setStance] = useState<string>('agree');
  const [text, setText] = useState('');
  const { busy, errors, setErrors, formError, run } = useFormSubmit(['sectionKey', 'stance', 'text'], t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    await run(async () => {
      await api<AnalysisPosition>(`/api/cases/${caseId}/analysis/positions`, { method: 'POST', body: { sectionKey, stance, text: text.trim() || undefined } });
      setText('');
      onSaved();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="ev-card" aria-labelledby="analysis-your-view">
      <h3 id="analysis-your-view" className="utrecht-heading-3">{t('analysis.yourView')}</h3>
      <Paragraph small>{t('analysis.yourViewHelp')}</Paragraph>
      <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
      <SelectField label={t('analysis.section')} error={errors.sectionKey} value={sectionKey} onChange={setSectionKey}
        options={ANALYSIS_SECTIONS.map((s) => ({ value: s, label: word(t, 'analysis.section', s) }))} />
      <SelectField label={t('analysis.stance')} error={errors.stance} value={stance} onChange={setStance}
        options={STANCES.map((s) => ({ value: s, label: word(t, 'analysis.stance', s) }))} />
      <TextArea label={t('analysis.text')} error={errors.text} value={text} maxLength={4000} rows={3} onChange={(e) => setText(e.target.value)} />
      <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('analysis.savePosition')}</Button></ButtonGroup>
    </form>
  );
}

function AnalysisEditor({ caseId, analysis, onSaved, onCancel }: { caseId: string; analysis: Analysis; onSaved(a: Analysis): void; onCancel(): void }) {
  const { t } = useI18n();
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(ANALYSIS_SECTIONS.map((k) => [k, analysis.sections.find((s) => s.key === k)?.text ?? ''])));
  const { busy, errors, formError, run } = useFormSubmit(['sections'], t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const sections = ANALYSIS_SECTIONS.map((key) => ({ key, text: texts[key] ?? '' })).filter((s) => s.text.trim());
      onSaved(await api<Analysis>(`/api/cases/${caseId}/analysis`, { method: 'PUT', body: { sections } }));
    });
  };
  return (
    <form onSubmit={submit} noValidate className="ev-card" aria-labelledby="analysis-edit">
      <h3 id="analysis-edit" className="utrecht-heading-3">{t('analysis.editTitle')}</h3>
      <Paragraph small>{t('analysis.editHelp')}</Paragraph>
      <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
      {ANALYSIS_SECTIONS.map((key) => (
        <TextArea key={key} label={word(t, 'analysis.section', key)} value={texts[key]} maxLength={20000} rows={3}
          onChange={(e) => setTexts((prev) => ({ ...prev, [key]: e.target.value }))} />
      ))}
      <ButtonGroup>
        <Button type="submit" busy={busy} disabled={busy}>{t('analysis.save')}</Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>{t('common.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}
