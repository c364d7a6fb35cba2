import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { CaseSummary, Page } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { label } from '../../components/labels.js';
import { Alert, ErrorAlert, Heading, Loading, PageTitle, Paragraph, StatusBadge } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';

/** Start page: the cases I take part in. Parents first read, in plain words, what Eenverhaal does. */
export default function HomeScreen() {
  const { t, locale } = useI18n();
  const user = useUser();
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isParent = user.role === 'parent' || user.role === 'foster_parent' || user.role === 'child';

  useEffect(() => {
    if (user.role === 'admin') { setCases([]); return; }
    api<Page<CaseSummary>>('/api/cases?limit=200').then((page) => setCases(page.items), setError);
  }, [user.role]);

  if (user.role === 'admin') {
    // An administrator manages organisations and accounts; case files are never theirs to read.
    return (
      <>
        <PageTitle>{t('home.title', { name: user.displayName })}</PageTitle>
        <Paragraph>{t('orgs.intro')}</Paragraph>
        <Paragraph><Link href="/organisations">{t('orgs.title')}</Link></Paragraph>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('home.title', { name: user.displayName })}</PageTitle>
      {isParent ? (
        <section aria-labelledby="what-we-do" className="ev-card">
          <Heading level={2} id="what-we-do">{t('home.whatWeDoTitle')}</Heading>
          <ul className="utrecht-unordered-list">
            <li className="utrecht-unordered-list__item">{t('home.whatWeDo1')}</li>
            <li className="utrecht-unordered-list__item">{t('home.whatWeDo2')}</li>
            <li className="utrecht-unordered-list__item">{t('home.whatWeDo3')}</li>
            <li className="utrecht-unordered-list__item">{t('home.whatWeDo4')}</li>
          </ul>
        </section>
      ) : null}
      <Heading level={2}>{isParent ? t('home.myCases') : t('home.cases')}</Heading>
      <ErrorAlert error={error} />
      {!cases && !error ? <Loading /> : null}
      {cases && cases.length === 0 ? <Alert type="info">{isParent ? t('home.noCasesParent') : t('home.noCases')}</Alert> : null}
      {cases && cases.length > 0 ? (
        <ul className="ev-list" aria-label={isParent ? t('home.myCases') : t('home.cases')}>
          {cases.map((c) => (
            <li key={c.id} className="ev-card">
              <Heading level={3}><Link href={`/cases/${c.id}`}>{c.title}</Link></Heading>
              <p className="utrecht-paragraph ev-meta">
                {t('case.reference')}: {c.reference} · <StatusBadge kind={c.status === 'active' ? 'active' : c.status === 'intake' ? 'warning' : 'inactive'}>{label(t, 'status', c.status)}</StatusBadge>
              </p>
              {c.leadCounsellor ? <Paragraph small>{t('home.counsellor', { name: c.leadCounsellor.displayName })}</Paragraph> : null}
              <Paragraph small>{t('home.since', { date: formatDate(c.createdAt, locale) })}</Paragraph>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
