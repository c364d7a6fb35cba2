import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { Thread } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { ErrorAlert, Loading, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import type { CaseContext } from './CaseScreen.js';
import { LiveStatus, useAnnouncer } from './live.js';

/**
 * The conversations in this case that I am a member of, with how many messages I have not read.
 * Kept live over the tab's shared socket: a message from someone else counts up (and is announced
 * politely, focus stays where it is), reading it elsewhere clears the count, and conversations I
 * join or leave come and go.
 */
export function ThreadsTab({ caseFile }: CaseContext) {
  const { t } = useI18n();
  const user = useUser();
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { announce, region } = useAnnouncer();

  const load = useCallback(() => {
    api<Thread[] | { items: Thread[] }>(`/api/cases/${caseFile.id}/threads`)
      .then((answer) => { setThreads(Array.isArray(answer) ? answer : answer.items); setError(null); }, setError);
  }, [caseFile.id]);
  useEffect(load, [load]);

  const connection = useRealtime({
    // Back after a break: the counts may have changed meanwhile.
    connect: (again) => { if (again) load(); },
    'message:new': ({ threadId, message }) => {
      if (message.author?.id === user.id) return;
      const thread = threads?.find((x) => x.id === threadId);
      if (!thread) return;
      setThreads((current) => current?.map((x) => (x.id === threadId ? { ...x, unreadCount: (x.unreadCount ?? 0) + 1 } : x)) ?? current);
      announce(t('cw.live.newMessageIn', { thread: thread.title }));
    },
    'message:read': ({ threadId, userId }) => {
      if (userId !== user.id) return;
      setThreads((current) => current?.map((x) => (x.id === threadId ? { ...x, unreadCount: 0 } : x)) ?? current);
    },
    'thread:added': ({ thread }) => {
      if (thread.caseId !== caseFile.id) return;
      setThreads((current) => (current ? [thread, ...current.filter((x) => x.id !== thread.id)] : current));
      announce(t('cw.live.threadAdded', { thread: thread.title }));
    },
    'thread:removed': ({ threadId, caseId }) => {
      if (caseId !== caseFile.id) return;
      setThreads((current) => current?.filter((x) => x.id !== threadId) ?? current);
    },
  });

  return (
    <>
      <Paragraph>{t('threads.intro')}</Paragraph>
      <LiveStatus status={connection} live={t('cw.live.threadsLive')} />
      <ErrorAlert error={error} />
      {!threads && !error ? <Loading /> : null}
      {threads && threads.length === 0 ? <Paragraph>{t('threads.none')}</Paragraph> : null}
      {threads && threads.length > 0 ? (
        <ul className="ev-list" aria-label={t('case.tab.threads')}>
          {threads.map((th) => (
            <li key={th.id} className="ev-card" data-testid={`thread-${th.id}`}>
              <Link href={`/cases/${caseFile.id}/threads/${th.id}`}>{th.title}</Link>
              {th.unreadCount ? <> {' '}<span className="ev-badge-count" aria-hidden="true">{th.unreadCount}</span><span className="ev-visually-hidden"> {t('threads.unread', { count: th.unreadCount })}</span></> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {region}
    </>
  );
}
