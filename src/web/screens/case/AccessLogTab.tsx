import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import { Alert, Checkbox, ErrorAlert, Loading, Paragraph } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: { displayName: string; roleLabel?: string; organisationName?: string | null; isYou?: boolean } | null;
  /** Written by the server for a parent: "Jeugdbescherming Test — gezinsvoogd J. Test — las uw verhaal op 12 mei om 14:03". */
  description?: string;
}

/** "Who looked at my file": every read and change, newest first, in plain words. */
export function AccessLogTab({ caseFile, isParent }: CaseContext) {
  const { t, locale } = useI18n();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // What others did comes first; one's own reading is there on request.
  const [showOwn, setShowOwn] = useState(false);

  useEffect(() => {
    api<Page<Entry>>(`/api/cases/${caseFile.id}/access-log?limit=200`).then((p) => setEntries(p.items), setError);
  }, [caseFile.id]);

  const shown = entries?.filter((e) => showOwn || !e.actor?.isYou) ?? null;
  if (error instanceof ApiError && error.status === 404) return <Alert type="info">{t('error.notYet')}</Alert>;
  return (
    <>
      <Paragraph>{isParent ? t('access.intro') : t('access.introOthers')}</Paragraph>
      <ErrorAlert error={error} />
      {!entries && !error ? <Loading /> : null}
      {entries ? <Checkbox label={t('access.showOwn')} checked={showOwn} onChange={setShowOwn} /> : null}
      {shown && shown.length === 0 ? <Paragraph>{t('access.none')}</Paragraph> : null}
      {shown && shown.length > 0 ? (
        <ol className="ev-list" aria-label={t('case.tab.access')} data-testid="access-log">
          {shown.map((e) => (
            <li key={e.id} className="ev-card">
              <p className="utrecht-paragraph">
                {e.description ?? `${e.actor?.displayName ?? t('common.unknown')} — ${e.action} — ${formatDateTime(e.at, locale)}`}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
