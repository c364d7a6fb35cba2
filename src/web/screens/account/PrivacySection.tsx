import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, StatusBadge, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import type { ErasureRequest, ErasureRequestList, ExportCreated, ExportList, ExportStatus } from './privacy-api.js';

const POLL_MS = 1000;

/**
 * "Download een kopie van alles" (GDPR Art. 15, *inzage*): ask for the copy, follow its progress
 * (a progress bar, announced when it is ready), download it while it is kept.
 */
export function MyCopy() {
  const { t, locale } = useI18n();
  const [current, setCurrent] = useState<ExportStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const follow = useCallback((id: string) => {
    window.clearTimeout(timer.current);
    api<ExportStatus>(`/api/me/exports/${id}`).then((status) => {
      setCurrent(status);
      if (status.status === 'queued' || status.status === 'running') timer.current = window.setTimeout(() => follow(id), POLL_MS);
      else if (status.status === 'ready') setNotice(t('privacy.copy.readyNotice'));
    }, setError);
  }, [t]);

  useEffect(() => {
    api<ExportList>('/api/me/exports').then((list) => {
      const newest = list.items[0];
      if (!newest) return;
      setCurrent(newest);
      if (newest.status === 'queued' || newest.status === 'running') follow(newest.id);
    }, setError);
    return () => window.clearTimeout(timer.current);
  }, [follow]);

  const ask = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const created = await api<ExportCreated>('/api/me/exports', { method: 'POST' });
      setCurrent({ id: created.id, status: 'queued', progress: 0, requestedAt: new Date().toISOString(), expiresAt: null, byteSize: null });
      follow(created.id);
    } catch (caught) {
      // One is already being made: follow that one.
      if (caught instanceof ApiError && caught.code === 'export_running' && typeof caught.body.id === 'string') follow(caught.body.id);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const working = current?.status === 'queued' || current?.status === 'running';
  return (
    <section aria-labelledby="account-copy" className="ev-card" data-testid="my-copy">
      <Heading level={2} id="account-copy">{t('privacy.copy.title')}</Heading>
      <Paragraph>{t('privacy.copy.intro')}</Paragraph>
      <ul className="utrecht-unordered-list">
        <li className="utrecht-unordered-list__item">{t('privacy.copy.pdf')}</li>
        <li className="utrecht-unordered-list__item">{t('privacy.copy.json')}</li>
        <li className="utrecht-unordered-list__item">{t('privacy.copy.attachments')}</li>
      </ul>
      <ErrorAlert error={error} />
      {working && current ? (
        <div data-testid="copy-progress">
          <label className="utrecht-form-label" htmlFor="copy-progress-bar">{t('privacy.copy.working', { progress: current.progress })}</label>
          <progress id="copy-progress-bar" className="ev-progress" max={100} value={current.progress} />
        </div>
      ) : null}
      {current?.status === 'ready' ? (
        <div data-testid="copy-ready">
          <Paragraph>
            <StatusBadge kind="active">{t('privacy.copy.ready')}</StatusBadge>{' '}
            {t('privacy.copy.until', { date: formatDateTime(current.expiresAt, locale) })}
          </Paragraph>
          <p className="utrecht-paragraph">
            <a className="utrecht-button utrecht-button--primary-action" href={`/api/me/exports/${current.id}/download`} download>
              {t('privacy.copy.download')}
            </a>
          </p>
        </div>
      ) : null}
      {current?.status === 'failed' ? <Paragraph>{t('privacy.copy.failed')}</Paragraph> : null}
      <LiveNotice message={notice} />
      {!working ? (
        <ButtonGroup>
          <Button appearance={current?.status === 'ready' ? 'secondary-action-button' : 'primary-action-button'} busy={busy} disabled={busy} onClick={ask}>
            {current?.status === 'ready' ? t('privacy.copy.again') : t('privacy.copy.ask')}
          </Button>
        </ButtonGroup>
      ) : null}
      <Paragraph small>{t('privacy.copy.kept')}</Paragraph>
    </section>
  );
}

/** "Vraag om verwijdering" (GDPR Art. 17): ask, and read the coordinator's answer with its reason. */
export function AskErasure() {
  const { t, locale } = useI18n();
  const [requests, setRequests] = useState<ErasureRequest[] | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api<ErasureRequestList>('/api/me/erasure-requests').then((list) => setRequests(list.items), setError);
  }, []);
  useEffect(load, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api<ErasureRequest>('/api/me/erasure-requests', { method: 'POST', body: note.trim() ? { note: note.trim() } : {} });
      setNote('');
      setNotice(t('privacy.erasure.sent'));
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const open = requests?.find((r) => r.status === 'open');
  return (
    <section aria-labelledby="account-erasure" className="ev-card" data-testid="ask-erasure">
      <Heading level={2} id="account-erasure">{t('privacy.erasure.title')}</Heading>
      <Paragraph>{t('privacy.erasure.intro')}</Paragraph>
      <Paragraph small>{t('privacy.erasure.law')}</Paragraph>
      <ErrorAlert error={error} />
      <LiveNotice message={notice} />
      {requests && requests.length > 0 ? (
        <ul className="ev-list" data-testid="erasure-requests">
          {requests.map((r) => (
            <li key={r.id}>
              <Paragraph>
                <StatusBadge kind={r.status === 'granted' ? 'active' : r.status === 'refused' ? 'warning' : 'neutral'}>{t(`privacy.erasure.status.${r.status}`)}</StatusBadge>{' '}
                {t('privacy.erasure.askedOn', { date: formatDateTime(r.requestedAt, locale) })}
              </Paragraph>
              {r.decisionReason ? <Paragraph>{t('privacy.erasure.reason', { reason: r.decisionReason })}</Paragraph> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {open ? <Paragraph>{t('privacy.erasure.waiting')}</Paragraph> : (
        <form onSubmit={submit} noValidate>
          <TextArea label={t('privacy.erasure.note')} description={t('privacy.erasure.noteHelp')} maxLength={2000} rows={3}
            value={note} onChange={(event) => setNote(event.target.value)} />
          <ButtonGroup>
            <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>{t('privacy.erasure.submit')}</Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}
