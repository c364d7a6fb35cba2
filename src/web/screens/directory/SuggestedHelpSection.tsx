import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { ServiceSuggestion, ServiceSuggestionList } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { Heading, Paragraph } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import { ServiceCard } from './directory-ui.js';
import { useRegions } from './useRegions.js';

/**
 * The parent's start page: the help their counsellor suggested, across their cases, newest first.
 * Shown only when there is something; each reading is in the case's access log like any other.
 */
export function SuggestedHelpSection({ caseIds }: { caseIds: string[] }) {
  const { t, locale } = useI18n();
  const { regionName } = useRegions();
  const [items, setItems] = useState<ServiceSuggestion[]>([]);
  const key = caseIds.join(',');

  useEffect(() => {
    if (!caseIds.length) return;
    Promise.all(caseIds.map((id) => api<ServiceSuggestionList>(`/api/cases/${id}/service-suggestions?limit=20`).then((page) => page.items, () => [])))
      .then((lists) => setItems(lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt))));
  }, [key]);

  if (!items.length) return null;
  return (
    <section aria-labelledby="suggested-help" className="ev-card" data-testid="suggested-help">
      <Heading level={2} id="suggested-help">{t('dir.home.title')}</Heading>
      <Paragraph small>{t('dir.home.intro')}</Paragraph>
      <ul className="ev-list" aria-labelledby="suggested-help">
        {items.map((s) => (
          <li key={s.id}>
            <p className="utrecht-paragraph ev-meta">{t('dir.suggest.by', { name: s.suggestedBy?.displayName ?? '—', date: formatDate(s.createdAt, locale) })}</p>
            {s.note ? <p className="utrecht-paragraph"><em>“{s.note}”</em></p> : null}
            {s.service ? <ServiceCard service={s.service} regionName={regionName} /> : (
              <Paragraph><strong>{s.serviceName}</strong> — {t('dir.home.gone')}</Paragraph>
            )}
          </li>
        ))}
      </ul>
      <Paragraph><Link href="/hulp">{t('dir.home.all')}</Link></Paragraph>
    </section>
  );
}
