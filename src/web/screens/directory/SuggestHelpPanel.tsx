import { useCallback, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { DirectoryService, DirectoryServiceList, ServiceSuggestion, ServiceSuggestionList } from '../../api/types.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, TextArea, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';

/**
 * On the case screen, for the case's team: find help in the directory and suggest it to the parents
 * (`POST /api/cases/{id}/service-suggestions`); what was suggested before is listed below.
 */
export function SuggestHelpPanel({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const [note, setNote] = useState('');
  const [results, setResults] = useState<DirectoryService[] | null>(null);
  const [earlier, setEarlier] = useState<ServiceSuggestion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const loadEarlier = useCallback(() => {
    api<ServiceSuggestionList>(`/api/cases/${caseId}/service-suggestions`).then((page) => setEarlier(page.items), setError);
  }, [caseId]);
  const find = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    api<DirectoryServiceList>(`/api/directory/services?${new URLSearchParams({ q: q.trim(), limit: '5' })}`).then((page) => setResults(page.items), setError);
  };
  const suggest = async (service: DirectoryService) => {
    setBusy(service.id);
    try {
      await api(`/api/cases/${caseId}/service-suggestions`, { method: 'POST', body: { serviceId: service.id, ...(note.trim() ? { note: note.trim() } : {}) } });
      setNotice(t('dir.suggest.done', { name: service.name }));
      setNote('');
      loadEarlier();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="ev-card" onToggle={(e) => { if ((e.target as HTMLDetailsElement).open && !earlier) loadEarlier(); }}>
      <summary><strong>{t('dir.suggest.title')}</strong></summary>
      <Paragraph small>{t('dir.suggest.intro')}</Paragraph>
      <form role="search" onSubmit={find}>
        <TextField label={t('dir.q')} description={t('dir.qHelp')} type="search" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
        <ButtonGroup><Button type="submit" appearance="secondary-action-button">{t('dir.search')}</Button></ButtonGroup>
      </form>
      <LiveNotice message={notice} />
      <ErrorAlert error={error} />
      {results ? (
        <>
          <p className="utrecht-paragraph" role="status">{t('dir.count', { count: results.length })}</p>
          {results.length ? <TextArea label={t('dir.suggest.note')} value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} /> : null}
          <ul className="utrecht-unordered-list">
            {results.map((s) => (
              <li key={s.id} className="utrecht-unordered-list__item">
                <strong>{s.name}</strong> — {s.organization.name}. {s.referralNeeded ? t('dir.referralYes') : t('dir.referralNo')}
                <ButtonGroup>
                  <Button busy={busy === s.id} disabled={busy !== null} onClick={() => void suggest(s)}>{t('dir.suggest.button', { name: s.name })}</Button>
                </ButtonGroup>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Heading level={2}>{t('dir.suggest.earlier')}</Heading>
      {earlier && earlier.length === 0 ? <Paragraph small>{t('dir.suggest.none')}</Paragraph> : null}
      {earlier && earlier.length ? (
        <ul className="utrecht-unordered-list" data-testid="suggested-earlier">
          {earlier.map((s) => (
            <li key={s.id} className="utrecht-unordered-list__item">
              {s.serviceName} — {t('dir.suggest.by', { name: s.suggestedBy?.displayName ?? '—', date: formatDate(s.createdAt, locale) })}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
