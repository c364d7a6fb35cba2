import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { CaseUpdate, Page } from '../../api/types.js';
import { useUser } from '../../app/session.js';
import { label } from '../../components/labels.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Fieldset, Loading, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import type { CaseContext } from './CaseScreen.js';
import { LiveStatus, useAnnouncer } from './live.js';
import { WhoReads } from './readers.js';

/** The shared updates. Each says who can read it; professionals choose that when they write one. */
export function UpdatesTab({ caseFile, participants, isTeam, isParent }: CaseContext) {
  const { t, locale } = useI18n();
  const [updates, setUpdates] = useState<CaseUpdate[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'everyone' | 'professionals'>('everyone');
  const [busy, setBusy] = useState(false);
  const [posted, setPosted] = useState(false);

  const load = useCallback(() => {
    api<Page<CaseUpdate>>(`/api/cases/${caseFile.id}/updates?limit=200`).then((p) => setUpdates(p.items), setError);
  }, [caseFile.id]);
  useEffect(load, [load]);

  // A new update for this case shows at once; the server sends each user only what they may read.
  const user = useUser();
  const { announce, region } = useAnnouncer();
  const connection = useRealtime({
    connect: (again) => { if (again) load(); },
    'case:update': ({ caseId, update }) => {
      if (caseId !== caseFile.id) return;
      setUpdates((current) => (current && !current.some((u) => u.id === update.id) ? [update, ...current] : current));
      if (update.author?.id !== user.id) announce(t('cw.live.newUpdate', { name: update.author?.displayName ?? t('common.unknown') }));
    },
  });

  const post = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/cases/${caseFile.id}/updates`, { method: 'POST', body: { body, visibility } });
      setBody('');
      setPosted(true);
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const consentGone = error instanceof ApiError && error.code === 'consent_required';
  if ((!caseFile.access.updates || consentGone) && !isTeam) return <Alert type="info">{t('case.noAccess.updates')}</Alert>;
  return (
    <>
      <div className="ev-audience">
        <p className="utrecht-paragraph">{isParent ? t('updates.audienceParentTruth') : isTeam ? t('updates.audienceTeam') : t('updates.audiencePartner')}</p>
        <WhoReads caseId={caseFile.id} participants={participants} scope="updates" show={isParent || isTeam} />
      </div>
      <LiveStatus status={connection} live={t('cw.live.updatesLive')} />
      <ErrorAlert error={error} />
      {posted ? <Alert type="ok">{t('updates.posted')}</Alert> : null}
      {!updates && !error ? <Loading /> : null}
      {updates && updates.length === 0 ? <p className="utrecht-paragraph">{t('updates.none')}</p> : null}
      {updates && updates.length > 0 ? (
        <ol className="ev-list" aria-label={t('case.tab.updates')}>
          {updates.map((u) => (
            <li key={u.id} className="ev-card">
              <article aria-label={t('updates.itemLabel', { name: u.author?.displayName ?? t('common.unknown'), date: formatDateTime(u.createdAt, locale) })}>
                <p className="ev-message__meta">
                  <strong>{u.author?.displayName ?? t('common.unknown')}</strong>
                  {u.author ? ` (${label(t, 'caseRole', u.author.role)}${u.author.organisationName ? `, ${u.author.organisationName}` : ''})` : ''}
                  {' · '}<time dateTime={u.createdAt}>{formatDateTime(u.createdAt, locale)}</time>
                </p>
                <p className="utrecht-paragraph ev-story-text">{u.body}</p>
                <p className="utrecht-paragraph utrecht-paragraph--small">
                  {u.visibility === 'everyone' ? t('updates.visibleAll') : t('updates.visiblePros')}
                </p>
              </article>
            </li>
          ))}
        </ol>
      ) : null}
      {isTeam ? (
        <form onSubmit={post} className="ev-card">
          <TextArea label={t('updates.new')} value={body} onChange={(e) => setBody(e.target.value)} maxLength={20000} rows={4} />
          <Fieldset legend={t('updates.whoMayRead')}>
            {(['everyone', 'professionals'] as const).map((v) => (
              <div key={v} className="utrecht-form-field utrecht-form-field--radio">
                <label className="utrecht-form-label utrecht-form-label--radio">
                  <input type="radio" name="visibility" className="utrecht-radio-button utrecht-radio-button--html-input" checked={visibility === v} onChange={() => setVisibility(v)} />
                  {' '}{v === 'everyone' ? t('updates.visibleAll') : t('updates.visiblePros')}
                </label>
              </div>
            ))}
          </Fieldset>
          <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('updates.post')}</Button></ButtonGroup>
        </form>
      ) : null}
      {region}
    </>
  );
}
