import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import { Link } from '../../app/router.js';
import { ErrorSummary, apiErrorText } from '../../components/errors.js';
import { label } from '../../components/labels.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, FormField, Heading, Loading, PageTitle, Paragraph, SelectField, StatusBadge, TextField } from '../../components/ui.js';
import type { AssignmentSuggestion, Caseload, Conversion, Registration, RegistrationSummary } from '../../api/types.js';
import { formatDate, formatDateTime, useI18n } from '../../i18n/i18n.js';
import { REGISTRATION_STATUSES } from '../../../shared/intake-vocabulary.js';
import { isConvertible } from '../../../shared/registration-status.js';

/**
 * The coordinator's intake: overdue registrations first, each with its targets; caseload beside it.
 * A registration opens on its own address (`/intake/{id}`), so its details are never out of view.
 */
export default function IntakeScreen({ params }: { params: Record<string, string> }) {
  return params.registrationId ? <RegistrationScreen id={params.registrationId} /> : <IntakeList />;
}

function IntakeList() {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<RegistrationSummary[] | null>(null);
  const [caseload, setCaseload] = useState<Caseload | null>(null);
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');

  const load = useCallback(() => {
    api<{ items: RegistrationSummary[] }>(`/api/registrations?limit=200${onlyOverdue ? '&overdue=true' : ''}`)
      .then((page) => setItems([...page.items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.nextDueAt ?? '9').localeCompare(b.nextDueAt ?? '9'))), setError);
    api<Caseload>('/api/caseload').then(setCaseload, () => setCaseload(null));
  }, [onlyOverdue]);
  useEffect(load, [load]);

  const needle = query.trim().toLocaleLowerCase();
  const shownItems = (items ?? []).filter((r) => !needle || `${r.reference} ${r.name} ${r.email ?? ''} ${r.municipality ?? ''}`.toLocaleLowerCase().includes(needle));
  const counsellorName = (id: string | null) => caseload?.counsellors.find((c) => c.id === id)?.displayName ?? (id ? t('common.unknown') : '—');

  return (
    <>
      <PageTitle>{t('intake.title')}</PageTitle>
      <Paragraph>{t('intake.intro')}</Paragraph>
      {caseload ? (
        <section aria-labelledby="caseload-title" className="ev-card">
          <Heading level={2} id="caseload-title">{t('intake.caseload')}</Heading>
          <dl className="ev-facts">
            <dt>{t('intake.capacity')}</dt><dd>{caseload.teamCapacity}</dd>
            <dt>{t('intake.active')}</dt><dd>{caseload.activeCases}</dd>
            <dt>{t('intake.open')}</dt><dd>{caseload.openRegistrations}</dd>
            <dt>{t('intake.free')}</dt><dd>{caseload.freeCapacity}</dd>
          </dl>
          {caseload.warnings.map((w) => <Alert key={w.code + w.message} type="warning">{w.message}</Alert>)}
        </section>
      ) : null}
      <Heading level={2}>{t('intake.registrations')}</Heading>
      <Checkbox label={t('intake.onlyOverdue')} checked={onlyOverdue} onChange={setOnlyOverdue} />
      <TextField label={t('search.registrations')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      {items && query.trim() ? <p className="utrecht-paragraph" role="status">{t('search.count', { count: shownItems.length })}</p> : null}
      <ErrorAlert error={error} />
      {!items && !error ? <Loading /> : null}
      {items && items.length === 0 ? <Paragraph>{t('intake.none')}</Paragraph> : null}
      {items && items.length > 0 ? (
        <div className="ev-table-wrap" role="region" aria-labelledby="intake-caption" tabIndex={0}>
          <table className="ev-table utrecht-table">
            <caption id="intake-caption" className="ev-visually-hidden">{t('intake.registrations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intake.reference')}</th>
                <th scope="col">{t('intake.name')}</th>
                <th scope="col">{t('intake.received')}</th>
                <th scope="col">{t('intake.status')}</th>
                <th scope="col">{t('intake.nextDue')}</th>
                <th scope="col">{t('intake.counsellor')}</th>
              </tr>
            </thead>
            <tbody>
              {shownItems.map((r) => (
                <tr key={r.id} data-testid="registration-row">
                  <td>
                    <Link href={`/intake/${r.id}`} aria-label={t('intake.open.label', { reference: r.reference })}>{r.reference}</Link>
                  </td>
                  <td>{r.name}</td>
                  <td>{formatDate(r.receivedAt, locale)}</td>
                  <td>{label(t, 'regStatus', r.status)}</td>
                  <td>
                    {r.overdue ? <StatusBadge kind="danger"><span aria-hidden="true">! </span>{r.contactOverdue ? t('intake.contactOverdue') : t('intake.welcomeOverdue')}</StatusBadge> : null}
                    {r.nextDueAt ? <> {formatDate(r.nextDueAt, locale)}</> : null}
                  </td>
                  <td>{counsellorName(r.assignedCounsellorId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );

}

function RegistrationScreen({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [detail, setDetail] = useState<Registration | null>(null);
  const [caseload, setCaseload] = useState<Caseload | null>(null);
  const [suggestions, setSuggestions] = useState<AssignmentSuggestion[] | null>(null);
  const [status, setStatus] = useState('');
  const [since, setSince] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [detailError, setDetailError] = useState<unknown>(null);
  useEffect(() => {
    api<Registration>(`/api/registrations/${id}`).then((r) => { setDetail(r); setStatus(r.status); }, setDetailError);
    api<{ suggestions: AssignmentSuggestion[] }>(`/api/registrations/${id}/suggestions`).then((s) => setSuggestions(s.suggestions), () => setSuggestions([]));
    api<Caseload>('/api/caseload').then(setCaseload, () => setCaseload(null));
  }, [id]);
  const patch = async (body: Record<string, unknown>, message: string): Promise<boolean> => {
    setDetailError(null);
    try {
      setDetail(await api<Registration>(`/api/registrations/${id}`, { method: 'PATCH', body }));
      setNotice(message);
      return true;
    } catch (caught) {
      setDetailError(caught);
      return false;
    }
  };
  const back = <p className="utrecht-paragraph"><Link href="/intake">{t('intake.backToList')}</Link></p>;
  if (!detail) return <>{back}{detailError ? <ErrorAlert error={detailError} /> : <Loading />}</>;
  return (
    <>
      {back}
      <PageTitle>{t('intake.detail', { reference: detail.reference, name: detail.name })}</PageTitle>
      <section className="ev-card" aria-label={t('intake.detail', { reference: detail.reference, name: detail.name })}>
        {notice ? <Alert type="ok">{notice}</Alert> : null}
        <ErrorAlert error={detailError} />
        <dl className="ev-facts">
          <dt>{t('intake.received')}</dt><dd>{formatDateTime(detail.receivedAt, locale)}</dd>
          <dt>{t('intake.contactDue')}</dt><dd>{formatDate(detail.contactDueAt, locale)}{detail.firstContactAt ? ` — ${t('intake.doneOn', { date: formatDate(detail.firstContactAt, locale) })}` : ''}</dd>
          <dt>{t('intake.welcomeDue')}</dt><dd>{formatDate(detail.welcomeDueAt, locale)}{detail.welcomeTalkPlannedAt ? ` — ${t('intake.doneOn', { date: formatDate(detail.welcomeTalkPlannedAt, locale) })}` : ''}</dd>
          <dt>{t('intake.contact')}</dt><dd>{[detail.email, detail.phone, detail.municipality].filter(Boolean).join(' · ') || '—'}</dd>
        </dl>
        {detail.message ? <p className="utrecht-paragraph ev-story-text">{detail.message}</p> : null}
        <FormField label={t('intake.status')}>
          {({ id: fieldId }) => (
            <select id={fieldId} className="utrecht-select utrecht-select--html-select" value={status} onChange={(e) => setStatus(e.target.value)}>
              {REGISTRATION_STATUSES.map((s) => <option key={s} value={s}>{label(t, 'regStatus', s)}</option>)}
            </select>
          )}
        </FormField>
        {/* Recorded afterwards: when the change really happened (the monthly report counts it from then). */}
        <FormField label={t('intake.statusSince')} description={t('intake.statusSinceHelp')}
          error={detailError instanceof ApiError && detailError.body.field === 'statusChangedAt' ? apiErrorText(detailError, t) : undefined}>
          {({ id: fieldId, describedBy, invalid }) => (
            <input id={fieldId} type="datetime-local" className="utrecht-textbox utrecht-textbox--html-input" value={since}
              aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => setSince(e.target.value)} />
          )}
        </FormField>
        <ButtonGroup>
          <Button onClick={() => void patch({
            status,
            ...(since && status !== detail.status ? { statusChangedAt: new Date(since).toISOString() } : {}),
            ...(status === 'contacted' && !detail.firstContactAt ? { firstContactAt: since ? new Date(since).toISOString() : new Date().toISOString() } : {}),
          }, t('intake.saved')).then((saved) => { if (saved) setSince(''); })}>{t('intake.saveStatus')}</Button>
        </ButtonGroup>
        <Heading level={2}>{t('intake.suggestions')}</Heading>
        {suggestions && suggestions.length === 0 ? <Paragraph>{t('intake.noSuggestions')}</Paragraph> : null}
        <ul className="ev-list">
          {(suggestions ?? []).map((s, index) => (
            <li key={s.counsellorId}>
              {s.displayName} — {t('intake.load', { active: s.activeCases, capacity: s.capacity ?? '?' })}{s.regionMatch ? ` — ${t('intake.regionMatch')}` : ''}{index === 0 ? ` (${t('intake.best')})` : ''}{' '}
              <Button appearance="secondary-action-button" onClick={() => void patch({ assignedCounsellorId: s.counsellorId }, t('intake.assigned', { name: s.displayName }))}>
                {t('intake.assign', { name: s.displayName })}
              </Button>
            </li>
          ))}
        </ul>
      </section>
      <ConvertSection detail={detail} counsellors={caseload?.counsellors ?? []} onConverted={(caseId) => { setDetail({ ...detail, caseId, status: 'in_guidance' }); setStatus('in_guidance'); }} />
    </>
  );
}

/** Turn the registration into a case: the lead counsellor gets a mail, the registrant an invitation; the answer says so. */
function ConvertSection({ detail, counsellors, onConverted }: { detail: Registration; counsellors: Caseload['counsellors']; onConverted(caseId: string): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [lead, setLead] = useState(detail.assignedCounsellorId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Conversion | null>(null);
  useEffect(() => { setLead(detail.assignedCounsellorId ?? ''); }, [detail.assignedCounsellorId]);
  const nameOf = (counsellorId: string | null) => counsellors.find((c) => c.id === counsellorId)?.displayName ?? t('common.unknown');
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<Conversion>(`/api/registrations/${detail.id}/case`, {
        method: 'POST', body: { ...(title.trim() ? { title: title.trim() } : {}), leadCounsellorId: lead || null },
      });
      setResult(answer);
      onConverted(answer.caseId);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError && error.body.field === field ? apiErrorText(error, t) : undefined);
  return (
    <section className="ev-card" aria-labelledby="convert-title">
      <Heading level={2} id="convert-title">{t('convert.title')}</Heading>
      <div role="status" aria-live="polite">
        {result ? (
          <Alert type="ok" title={t('convert.done', { reference: result.caseReference })}>
            <ul className="ev-list">
              {result.invitation ? <li>{t('convert.invited', { email: result.invitation.email })}</li> : null}
              {result.registrant === 'no_email' ? <li>{t('convert.noEmail')}</li> : null}
              {result.registrant === 'not_a_parent_or_child' ? <li>{t('convert.notParentOrChild')}</li> : null}
              {result.leadCounsellorId && result.leadNotified ? <li>{t('convert.leadNotified', { name: nameOf(result.leadCounsellorId) })}</li> : null}
              {result.leadCounsellorId && !result.leadNotified ? <li>{t('convert.leadNotNotified', { name: nameOf(result.leadCounsellorId) })}</li> : null}
            </ul>
            <p className="utrecht-paragraph">
              <Link href={`/cases/${result.caseId}`}>{t('convert.openCase')}</Link>{' · '}
              <Link href={`/cases/${result.caseId}?tab=people`}>{t('convert.inviteMore')}</Link>
            </p>
          </Alert>
        ) : null}
      </div>
      {!result && detail.caseId ? (
        <>
          <Paragraph>{t('convert.already')}</Paragraph>
          <p className="utrecht-paragraph"><Link href={`/cases/${detail.caseId}`}>{t('convert.openCase')}</Link></p>
        </>
      ) : null}
      {!result && !detail.caseId && !isConvertible(detail.status) ? <Paragraph>{t('convert.notYet')}</Paragraph> : null}
      {!result && !detail.caseId && isConvertible(detail.status) ? (
        <form aria-labelledby="convert-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <Paragraph>{t('convert.intro')}</Paragraph>
          <ErrorSummary errors={{ title: fieldError('title'), leadCounsellorId: fieldError('leadCounsellorId') }} />
          {fieldError('title') || fieldError('leadCounsellorId') ? null : <ErrorAlert error={error} />}
          <TextField label={t('convert.caseTitle')} description={t('convert.caseTitleHelp')} value={title} maxLength={200}
            error={fieldError('title')} onChange={(e) => setTitle(e.target.value)} />
          <SelectField label={t('convert.lead')} description={t('convert.leadHelp')} value={lead} onChange={setLead}
            error={fieldError('leadCounsellorId')} placeholder={t('convert.noLead')}
            options={counsellors.map((c) => ({ value: c.id, label: c.displayName }))} />
          <ButtonGroup>
            <button type="submit" className="utrecht-button utrecht-button--primary-action" aria-disabled={busy || undefined}>{t('convert.submit')}</button>
          </ButtonGroup>
        </form>
      ) : null}
    </section>
  );
}
