import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Child, ChildVoice, Participant } from '../../api/types.js';
import { Button, ButtonGroup, ErrorAlert, SelectField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';

/**
 * Issue 20, on a child's card in the case's children tab: the child's own voice for the readers the
 * child chose (the counsellor always; parents or guardian only when the child said so: otherwise
 * the server answers 404 and nothing shows), and for the team, linking the record to the account
 * of a child who takes part in the case.
 */
export function ChildVoiceForAdults({ caseId, child, participants, isTeam, name, onLinked }: {
  caseId: string; child: Child; participants: Participant[]; isTeam: boolean; name: string; onLinked(): void;
}) {
  const { t, locale } = useI18n();
  const [voice, setVoice] = useState<ChildVoice | null>(null);
  const [account, setAccount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    if (!child.userId) { setVoice(null); return; }
    api<ChildVoice>(`/api/cases/${caseId}/children/${child.id}/voice`).then(setVoice, (caught) => {
      setVoice(null);
      if (!(caught instanceof ApiError && (caught.status === 404 || caught.status === 403))) setError(caught);
    });
  }, [caseId, child.id, child.userId]);
  useEffect(load, [load]);
  // The child saved (or changed who reads it): read it again; a reader no longer chosen gets 404 and it goes.
  useRealtime({ 'child:voice': (event) => { if (event.childId === child.id) load(); } });

  const link = async () => {
    if (!account) return;
    setBusy(true);
    setError(null);
    try {
      await api<Child>(`/api/cases/${caseId}/children/${child.id}`, { method: 'PATCH', body: { userId: account } });
      onLinked();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const childAccounts = participants.filter((p) => p.role === 'child' && p.accountRole === 'child');
  const linkedTo = child.userId ? participants.find((p) => p.userId === child.userId)?.displayName ?? null : null;
  const short = child.firstName ?? t('childAdult.theChild');
  const readers = voice ? voice.visibleTo.map((r) => t(`childAdult.reader.${r}` as 'childAdult.reader.counsellor')).join(', ') : '';
  return (
    <div data-testid="child-voice-adult">
      {linkedTo ? <p className="utrecht-paragraph utrecht-paragraph--small">{t('childAdult.linked', { name: linkedTo })}</p> : null}
      {voice && voice.updatedAt ? (
        <section aria-label={t('childAdult.voiceTitle', { name: short })} className="ev-audience">
          <p><strong>{t('childAdult.voiceTitle', { name: short })}</strong></p>
          <p className="ev-story-text" data-testid="child-voice-text">{voice.text}</p>
          <p>{t('childAdult.voiceReaders', { readers, date: formatDate(voice.updatedAt, locale) })}</p>
        </section>
      ) : null}
      {isTeam && !child.userId && childAccounts.length > 0 ? (
        <>
          <SelectField label={t('childAdult.linkLabel', { name })} description={t('childAdult.linkHelp')} value={account} onChange={setAccount}
            placeholder={t('childAdult.linkChoose')} options={childAccounts.map((p) => ({ value: p.userId, label: p.displayName }))} />
          <ButtonGroup><Button appearance="secondary-action-button" busy={busy} disabled={busy || !account} onClick={() => void link()}>{t('childAdult.link')}</Button></ButtonGroup>
        </>
      ) : null}
      <ErrorAlert error={error} />
    </div>
  );
}
