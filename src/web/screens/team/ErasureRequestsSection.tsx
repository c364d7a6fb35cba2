import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n/i18n.js';
import type { ErasureRequest, ErasureRequestList } from '../account/privacy-api.js';

/** The team's open erasure requests (GDPR Art. 17): each decided with a reason the requester reads. */
export function ErasureRequestsSection() {
  const { t, locale } = useI18n();
  const [requests, setRequests] = useState<ErasureRequest[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api<ErasureRequestList>('/api/erasure-requests?status=open').then((list) => setRequests(list.items), setError);
  }, []);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="team-erasure-title" data-testid="erasure-section">
      <h2 id="team-erasure-title" tabIndex={-1} className="utrecht-heading-2">{t('privacy.team.title')}</h2>
      <Paragraph>{t('privacy.team.intro')}</Paragraph>
      <LiveNotice message={notice} />
      <ErrorAlert error={error} />
      {requests && requests.length === 0 ? <Paragraph>{t('privacy.team.none')}</Paragraph> : null}
      {requests && requests.length > 0 ? (
        <ul className="ev-list">
          {requests.map((r) => (
            <li key={r.id} className="ev-card" data-testid="erasure-request">
              <Heading level={3}>{t('privacy.team.from', { name: r.requesterName ?? '', role: t(`account.role.${r.requesterRole}` as MessageKey) })}</Heading>
              <Paragraph>{t('privacy.erasure.askedOn', { date: formatDateTime(r.requestedAt, locale) })}</Paragraph>
              {r.note ? <Paragraph>{t('privacy.team.note', { note: r.note })}</Paragraph> : null}
              <DecisionForm request={r} onDone={(granted) => {
                setNotice(t(granted ? 'privacy.team.grantedNotice' : 'privacy.team.refusedNotice', { name: r.requesterName ?? '' }));
                load();
                setTimeout(() => document.getElementById('team-erasure-title')?.focus(), 0);
              }} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DecisionForm({ request, onDone }: { request: ErasureRequest; onDone(granted: boolean): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const decide = async (decision: 'grant' | 'refuse', event?: FormEvent) => {
    event?.preventDefault();
    if (!reason.trim()) {
      setFieldError(t('privacy.team.reasonMissing'));
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      await api(`/api/erasure-requests/${request.id}/decision`, { method: 'POST', body: { decision, reason: reason.trim() } });
      onDone(decision === 'grant');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => decide('grant', event)} noValidate>
      <ErrorAlert error={error} />
      <TextArea label={t('privacy.team.reason')} description={t('privacy.team.reasonHelp')} rows={3} maxLength={2000} aria-required="true"
        value={reason} error={fieldError} onChange={(event) => setReason(event.target.value)} />
      <ButtonGroup>
        <Button type="submit" busy={busy} disabled={busy}>{t('privacy.team.grant')}</Button>
        <Button type="button" appearance="secondary-action-button" disabled={busy} onClick={() => decide('refuse')}>{t('privacy.team.refuse')}</Button>
      </ButtonGroup>
    </form>
  );
}
