import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { ServiceSuggestion, ServiceSuggestionList } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { Heading, Paragraph } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import { ServiceCard } from './directory-ui.js';
import { useRegions } from './useRegions.js';

/**
 * The parent's start page: the help their counsellor suggested, across their cases, newest first
 * (`GET /api/me/service-suggestions`). Shown only when there is something.
 */
export function SuggestedHelpSection() {
  const { t, locale } = useI18n();
  const { regionName } = useRegions();
  const [items, setItems] = useState<ServiceSuggestion[]>([]);

  // Like the rest of the start page, this reading is not written into the case's access log.
  useEffect(() => {
    api<ServiceSuggestionList>('/api/me/service-suggestions').then((page) => setItems(page.items), () => setItems([]));
  }, []);

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
            {s.service ? <ServiceCard service={s.service} regionName={regionName} folded /> : (
              <Paragraph><strong>{s.serviceName}</strong> — {t('dir.home.gone')}</Paragraph>
            )}
          </li>
        ))}
      </ul>
      <Paragraph><Link href="/hulp">{t('dir.home.all')}</Link></Paragraph>
    </section>
  );
}
