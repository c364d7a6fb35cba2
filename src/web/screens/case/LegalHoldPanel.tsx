import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { Button, ButtonGroup, ErrorAlert, LiveNotice, Paragraph, StatusBadge, TextField } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import type { LegalHold } from '../account/privacy-api.js';
import type { CaseContext } from './CaseScreen.js';

/** For the team's coordinator: keep this case out of retention (a court case, a complaint) and lift that again. */
export function LegalHoldPanel({ caseFile }: CaseContext) {
  const { t, locale } = useI18n();
  const [hold, setHold] = useState<LegalHold | null>(null);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const url = `/api/cases/${caseFile.id}/legal-hold` as const;

  const load = useCallback(() => {
    api<LegalHold>(url).then(setHold, setError);
  }, [url]);
  useEffect(load, [load]);

  const place = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setFieldError(t('privacy.hold.reasonMissing'));
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      setHold(await api<LegalHold>(url, { method: 'POST', body: { reason: reason.trim() } }));
      setReason('');
      setNotice(t('privacy.hold.placedNotice'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const lift = async () => {
    setBusy(true);
    try {
      setHold(await api<LegalHold>(url, { method: 'DELETE' }));
      setNotice(t('privacy.hold.liftedNotice'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="ev-card" data-testid="legal-hold">
      <summary>
        <strong>{t('privacy.hold.title')}</strong>{' '}
        {hold ? <StatusBadge kind={hold.held ? 'warning' : 'neutral'}>{hold.held ? t('privacy.hold.on') : t('privacy.hold.off')}</StatusBadge> : null}
      </summary>
      <Paragraph>{t('privacy.hold.intro')}</Paragraph>
      <ErrorAlert error={error} />
      <LiveNotice message={notice} />
      {hold?.held ? (
        <>
          <Paragraph>{t('privacy.hold.since', { date: formatDateTime(hold.placedAt, locale), name: hold.placedBy ?? '' })}</Paragraph>
          <Paragraph>{t('privacy.hold.reasonIs', { reason: hold.reason ?? '' })}</Paragraph>
          <ButtonGroup>
            <Button appearance="secondary-action-button" busy={busy} disabled={busy} onClick={lift}>{t('privacy.hold.lift')}</Button>
          </ButtonGroup>
        </>
      ) : (
        <form onSubmit={place} noValidate>
          <TextField label={t('privacy.hold.reason')} description={t('privacy.hold.reasonHelp')} maxLength={1000} aria-required="true"
            value={reason} error={fieldError} onChange={(event) => setReason(event.target.value)} />
          <ButtonGroup>
            <Button type="submit" busy={busy} disabled={busy}>{t('privacy.hold.place')}</Button>
          </ButtonGroup>
        </form>
      )}
    </details>
  );
}
