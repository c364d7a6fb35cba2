import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { Thread } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { ErrorAlert, Loading, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';

/** The conversations in this case that I am a member of, with how many messages I have not read. */
export function ThreadsTab({ caseFile }: CaseContext) {
  const { t } = useI18n();
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Thread[] | { items: Thread[] }>(`/api/cases/${caseFile.id}/threads`)
      .then((answer) => setThreads(Array.isArray(answer) ? answer : answer.items), setError);
  }, [caseFile.id]);
  return (
    <>
      <Paragraph>{t('threads.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {!threads && !error ? <Loading /> : null}
      {threads && threads.length === 0 ? <Paragraph>{t('threads.none')}</Paragraph> : null}
      {threads && threads.length > 0 ? (
        <ul className="ev-list" aria-label={t('case.tab.threads')}>
          {threads.map((th) => (
            <li key={th.id} className="ev-card">
              <Link href={`/cases/${caseFile.id}/threads/${th.id}`}>{th.title}</Link>
              {th.unreadCount ? <> {' '}<span className="ev-badge-count">{th.unreadCount}</span><span className="ev-visually-hidden"> {t('threads.unread', { count: th.unreadCount })}</span></> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
