import { lazy, Suspense, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { CaseSummary, Page } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { label } from '../../components/labels.js';
import { Alert, ErrorAlert, Heading, Loading, PageTitle, Paragraph, StatusBadge, TextField } from '../../components/ui.js';
import { formatDate, useI18n, type MessageKey } from '../../i18n/i18n.js';
import { AttentionSection } from './AttentionSection.js';
import { SuggestedHelpSection } from '../directory/SuggestedHelpSection.js';
import { ExpertHomeSection } from '../consultations/ConsultationsScreen.js';

/** A child's own home (issue 20): its own chunk, only children download it. */
const ChildHome = lazy(() => import('../child/ChildHome.js'));

export default function HomeScreen() {
  const user = useUser();
  if (user.role === 'child') return <Suspense fallback={<Loading />}><ChildHome /></Suspense>;
  return <StartPage />;
}

/**
 * Start page: first what needs my attention (unread conversations, a story to confirm, overdue
 * work), then the cases I take part in. Parents read, in plain words, what Eenverhaal does.
 */
function StartPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  // Each role its own words: a parent owns the story, a child is spoken to as a child, a foster
  // parent reads along by consent, professionals get the plain list (and never "your counsellor: me").
  const isParent = user.role === 'parent';
  const isChild = user.role === 'child';
  const isFoster = user.role === 'foster_parent';
  const isFamily = isParent || isChild || isFoster;
  // A pool expert works on questions, not cases: their open questions lead, and the cases part shows
  // only when they take part in one (as a case's own expert), not as an empty "no cases" box.
  const isExpert = user.role === 'expert';
  const counsellorLine = (c: CaseSummary): string | null => {
    if (!c.leadCounsellor) return null;
    if (c.leadCounsellor.id === user.id) return t('home.counsellorMe');
    if (isChild) return t('home.counsellorChild', { name: c.leadCounsellor.displayName });
    return isParent ? t('home.counsellor', { name: c.leadCounsellor.displayName }) : t('home.counsellorOf', { name: c.leadCounsellor.displayName });
  };
  const casesTitle = isChild ? t('home.myCasesChild') : isFamily ? t('home.myCases') : t('home.cases');
  const noCases = isParent ? t('home.noCasesParent') : isChild ? t('home.noCasesChild') : isFoster ? t('home.noCasesFoster') : t('home.noCases');

  useEffect(() => {
    if (user.role === 'admin') { setCases([]); return; }
    api<Page<CaseSummary>>('/api/cases?limit=200').then((page) => setCases(page.items), setError);
  }, [user.role]);

  if (user.role === 'admin') {
    // An administrator manages organisations and accounts; case files are never theirs to read.
    return (
      <>
        <PageTitle>{t('home.title', { name: user.displayName })}</PageTitle>
        <AttentionSection audience="admin" userId={user.id} role={user.role} />
        <Paragraph>{t('orgs.intro')}</Paragraph>
        <Paragraph><Link href="/organisations">{t('orgs.title')}</Link></Paragraph>
        <Paragraph><Link href="/accounts">{t('accountSearch.link')}</Link></Paragraph>
        <Paragraph small>{t('accountSearch.linkHelp')}</Paragraph>
      </>
    );
  }
  const showCases = !(isExpert && cases?.length === 0);
  const needle = query.trim().toLocaleLowerCase();
  const shownCases = (cases ?? []).filter((c) => !needle || `${c.title} ${c.reference} ${c.leadCounsellor?.displayName ?? ''}`.toLocaleLowerCase().includes(needle));
  return (
    <>
      <PageTitle>{isChild ? t('home.titleChild', { name: user.displayName }) : t('home.title', { name: user.displayName })}</PageTitle>
      <AttentionSection audience={isChild ? 'child' : isFamily ? 'family' : 'team'} userId={user.id} role={user.role} hideWhenEmpty={isExpert} />
      {isParent ? <SuggestedHelpSection /> : null}
      {isChild ? (
        <WhatWeDo title="home.whatWeDoTitleChild" items={['home.child1', 'home.child2', 'home.child3']} />
      ) : null}
      {isFoster ? (
        <WhatWeDo title="home.whatWeDoTitleFoster" items={['home.foster1', 'home.foster2', 'home.foster3']} />
      ) : null}
      {isExpert ? <ExpertHomeSection /> : null}
      {showCases && !isFamily ? <Paragraph>{user.role === 'counsellor' || user.role === 'coordinator' ? t('home.introTeam') : t('home.introProfessional')}</Paragraph> : null}
      {isParent ? (
        <WhatWeDo title="home.whatWeDoTitle" items={['home.whatWeDo1', 'home.whatWeDo2', 'home.whatWeDo3', 'home.whatWeDo4']} />
      ) : null}
      {showCases ? <Heading level={2}>{casesTitle}</Heading> : null}
      <ErrorAlert error={error} />
      {!cases && !error ? <Loading /> : null}
      {cases && cases.length === 0 && showCases ? <Alert type="info">{noCases}</Alert> : null}
      {cases && cases.length > 5 ? <TextField label={t('search.cases')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} /> : null}
      {cases && query.trim() ? <p className="utrecht-paragraph" role="status">{t('search.count', { count: shownCases.length })}</p> : null}
      {cases && cases.length > 0 ? (
        <ul className="ev-list" aria-label={casesTitle}>
          {shownCases.map((c) => (
            <li key={c.id} className="ev-card">
              <Heading level={3}><Link href={`/cases/${c.id}`}>{c.title}</Link></Heading>
              <p className="utrecht-paragraph ev-meta">
                {t('case.reference')}: {c.reference} · <StatusBadge kind={c.status === 'active' ? 'active' : c.status === 'intake' ? 'warning' : 'inactive'}>{label(t, 'status', c.status)}</StatusBadge>
              </p>
              {counsellorLine(c) ? <Paragraph small>{counsellorLine(c)}</Paragraph> : null}
              <Paragraph small>{t('home.since', { date: formatDate(c.createdAt, locale) })}</Paragraph>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** What Eenverhaal does, in the reader's own words (parent, foster parent, child). */
function WhatWeDo({ title, items }: { title: MessageKey; items: MessageKey[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="what-we-do" className="ev-card">
      <Heading level={2} id="what-we-do">{t(title)}</Heading>
      <ul className="utrecht-unordered-list">
        {items.map((item) => <li key={item} className="utrecht-unordered-list__item">{t(item)}</li>)}
      </ul>
    </section>
  );
}
