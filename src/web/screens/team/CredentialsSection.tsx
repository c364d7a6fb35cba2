import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, StatusBadge, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import { dateInputValue, fieldError, isFieldError, type CounsellorLoad, type Credential } from './team-api.js';
import { RequiredCheckbox } from './TeamUi.js';

/** Identity credentials of the team's counsellors: see, issue (after an in-person check), revoke. */
export function CredentialsSection({ counsellors }: { counsellors: CounsellorLoad[] }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section aria-labelledby="team-credentials-title">
      <Heading level={2} id="team-credentials-title">{t('team.cred.title')}</Heading>
      <Paragraph>{t('team.cred.intro')}</Paragraph>
      <LiveNotice message={notice} />
      {counsellors.length === 0 ? <Paragraph>{t('team.table.noCounsellors')}</Paragraph> : (
        <ul className="ev-list">
          {counsellors.map((c) => <CredentialCard key={c.id} counsellor={c} onNotice={setNotice} />)}
        </ul>
      )}
    </section>
  );
}

type Mode = 'view' | 'issue' | 'confirm-revoke';

function CredentialCard({ counsellor, onNotice }: { counsellor: CounsellorLoad; onNotice(message: string | null): void }) {
  const { t, locale } = useI18n();
  const name = counsellor.displayName;
  // undefined: still loading; null: no credential (the API answers 404 `no_credential`).
  const [credential, setCredential] = useState<Credential | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [checked, setChecked] = useState(false);
  const [checkedError, setCheckedError] = useState<string | null>(null);
  const [validUntil, setValidUntil] = useState(() => dateInputValue(new Date(Date.now() + 365 * 86400_000)));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const focusRef = useRef<HTMLElement | null>(null);
  const [focusAfter, setFocusAfter] = useState<'form' | 'confirm' | 'actions' | null>(null);

  const load = useCallback(() => {
    api<Credential>(`/api/counsellors/${counsellor.id}/credential`).then(setCredential, (caught: unknown) => {
      if (caught instanceof ApiError && caught.status === 404) setCredential(null);
      else setLoadError(caught);
    });
  }, [counsellor.id]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!focusAfter) return;
    if (focusAfter === 'actions') document.querySelector<HTMLElement>(`[data-credential-actions="${counsellor.id}"] button`)?.focus();
    else focusRef.current?.focus();
    setFocusAfter(null);
  }, [focusAfter, counsellor.id]);

  const open = (next: Mode) => {
    onNotice(null);
    setError(null);
    setCheckedError(null);
    setChecked(false);
    setMode(next);
    setFocusAfter(next === 'issue' ? 'form' : next === 'confirm-revoke' ? 'confirm' : 'actions');
  };

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!checked) { setCheckedError(t('team.cred.checkedRequired')); return; }
    setCheckedError(null);
    setBusy(true);
    try {
      // A date means "until the end of that day" here; an empty field goes as is, the server names it.
      const until = validUntil ? new Date(`${validUntil}T23:59:59`).toISOString() : '';
      const issued = await api<Credential>(`/api/counsellors/${counsellor.id}/credential`, { method: 'PUT', body: { validUntil: until } });
      setCredential(issued);
      setMode('view');
      setFocusAfter('actions');
      onNotice(t('team.cred.issued', { name, date: formatDate(issued.validUntil, locale) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    setError(null);
    setBusy(true);
    try {
      setCredential(await api<Credential>(`/api/counsellors/${counsellor.id}/credential`, { method: 'DELETE' }));
      setMode('view');
      setFocusAfter('actions');
      onNotice(t('team.cred.revoked', { name }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const validUntilError = fieldError(error, 'validUntil', t('team.cred.validUntilInvalid'));
  const status = credential === undefined ? null : credential === null ? 'none' : credential.status;
  const headingId = `team-cred-${counsellor.id}`;

  return (
    <li className="ev-card" data-testid="credential-card">
      <Heading level={3} id={headingId}>{name}</Heading>
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {status === null && !loadError ? <p className="utrecht-paragraph" role="status">{t('team.cred.loading', { name })}</p> : null}
      {status ? (
        <p className="utrecht-paragraph" data-testid="credential-status">
          {t('team.cred.statusLabel')}:{' '}
          {status === 'none' ? <StatusBadge kind="neutral">{t('team.cred.status.none')}</StatusBadge> : null}
          {status === 'valid' ? <StatusBadge kind="active">{t('team.cred.status.valid', { date: formatDate(credential!.validUntil, locale) })}</StatusBadge> : null}
          {status === 'expired' ? <StatusBadge kind="warning">{t('team.cred.status.expired', { date: formatDate(credential!.validUntil, locale) })}</StatusBadge> : null}
          {status === 'revoked' ? <StatusBadge kind="danger">{t('team.cred.status.revoked', { date: formatDate(credential!.revokedAt, locale) })}</StatusBadge> : null}
        </p>
      ) : null}

      {status && mode === 'view' ? (
        <div data-credential-actions={counsellor.id}>
          <ButtonGroup>
            <Button appearance="secondary-action-button" onClick={() => open('issue')}>
              {t(status === 'valid' ? 'team.cred.reissue' : 'team.cred.issue', { name })}
            </Button>
            {status === 'valid' ? (
              <Button appearance="secondary-action-button" danger onClick={() => open('confirm-revoke')}>{t('team.cred.revoke', { name })}</Button>
            ) : null}
          </ButtonGroup>
        </div>
      ) : null}

      {mode === 'issue' ? (
        <form onSubmit={(e) => void issue(e)} noValidate aria-labelledby={`${headingId}-form`}>
          <h4 id={`${headingId}-form`} className="utrecht-heading-4" tabIndex={-1} ref={(el) => { focusRef.current = el; }}>{t('team.cred.formTitle', { name })}</h4>
          <Paragraph>{t('team.cred.why', { name })}</Paragraph>
          {status === 'valid' ? <Paragraph small>{t('team.cred.replaces')}</Paragraph> : null}
          {checkedError || validUntilError ? (
            <Alert type="error">{t('team.fieldProblem', { field: checkedError ? t('team.cred.checkedLabel') : t('team.cred.validUntil') })}</Alert>
          ) : null}
          {error && !isFieldError(error, ['validUntil']) ? <ErrorAlert error={error} /> : null}
          <RequiredCheckbox label={t('team.cred.checked')} checked={checked} error={checkedError}
            onChange={(on) => { setChecked(on); if (on) setCheckedError(null); }} />
          <TextField label={t('team.cred.validUntil')} description={t('team.cred.validUntilDescription')} error={validUntilError}
            type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
          <ButtonGroup>
            <Button type="submit" busy={busy}>{t('team.cred.submit')}</Button>
            <Button appearance="secondary-action-button" onClick={() => open('view')}>{t('common.cancel')}</Button>
          </ButtonGroup>
        </form>
      ) : null}

      {mode === 'confirm-revoke' ? (
        <div className="utrecht-alert utrecht-alert--warning" data-testid="revoke-confirmation">
          <div className="utrecht-alert__content">
            <div className="utrecht-alert__message">
              <h4 className="utrecht-heading-4" tabIndex={-1} ref={(el) => { focusRef.current = el; }}>{t('team.cred.confirmTitle', { name })}</h4>
              <Paragraph>{t('team.cred.confirmText', { name })}</Paragraph>
              <ErrorAlert error={error} />
              <ButtonGroup>
                <Button danger busy={busy} onClick={() => void revoke()}>{t('team.cred.confirmYes')}</Button>
                <Button appearance="secondary-action-button" onClick={() => open('view')}>{t('team.cred.confirmNo')}</Button>
              </ButtonGroup>
            </div>
          </div>
        </div>
      ) : null}
    </li>
  );
}
