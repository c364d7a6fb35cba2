import { SuggestHelpPanel } from '../directory/SuggestHelpPanel.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { CaseFile, Participant } from '../../api/types.js';
import { Link, useRouter } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { label } from '../../components/labels.js';
import { ErrorAlert, Heading, Loading, PageTitle, StatusBadge } from '../../components/ui.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { useI18n } from '../../i18n/i18n.js';
import { AccessLogTab } from './AccessLogTab.js';
import { AnalysisTab } from './AnalysisTab.js';
import { PlanTab } from './PlanTab.js';
import { CaseFileEditor } from './CaseFileEditor.js';
import { CaseFileTab } from './CaseFileTab.js';
import { ChildrenTab } from './ChildrenTab.js';
import { ConsentTab } from './ConsentTab.js';
import { HandoverPanel } from './HandoverPanel.js';
import { LegalHoldPanel } from './LegalHoldPanel.js';
import { ParticipantsTab } from './ParticipantsTab.js';
import { ResultsTab } from './ResultsTab.js';
import { StoryTab } from './StoryTab.js';
import { ThreadsTab } from './ThreadsTab.js';
import { UpdatesTab } from './UpdatesTab.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import { AskExpertTab } from '../consultations/AskExpertTab.js';

type Tab = 'updates' | 'story' | 'plan' | 'analysis' | 'threads' | 'consent' | 'access' | 'file' | 'children' | 'results' | 'people' | 'experts';
const TABS: { id: Tab; label: MessageKey; forParents: boolean; forTeam: boolean; forPartners: boolean }[] = [
  { id: 'updates', label: 'case.tab.updates', forParents: true, forTeam: true, forPartners: true },
  { id: 'story', label: 'case.tab.story', forParents: true, forTeam: true, forPartners: true },
  // Issue 18: partners read these with the parent's `plan` / `analysis` consent (the tab says when it is missing).
  { id: 'plan', label: 'case.tab.plan', forParents: true, forTeam: true, forPartners: true },
  { id: 'analysis', label: 'case.tab.analysis', forParents: true, forTeam: true, forPartners: true },
  { id: 'threads', label: 'case.tab.threads', forParents: true, forTeam: true, forPartners: true },
  { id: 'consent', label: 'case.tab.consent', forParents: true, forTeam: true, forPartners: false },
  { id: 'access', label: 'case.tab.access', forParents: true, forTeam: true, forPartners: false },
  { id: 'file', label: 'case.tab.file', forParents: true, forTeam: true, forPartners: false },
  // Partners read the children with the parent's `children` consent (the tab explains when it is missing).
  { id: 'children', label: 'cw.tab.children', forParents: true, forTeam: true, forPartners: true },
  { id: 'results', label: 'cw.tab.results', forParents: true, forTeam: true, forPartners: false },
  { id: 'people', label: 'cw.tab.people', forParents: false, forTeam: true, forPartners: false },
  // Asking a specialist of the expert pool (issue 19): the case's counsellors only (see below).
  { id: 'experts', label: 'cons.tab', forParents: false, forTeam: true, forPartners: false },
];

export interface CaseContext {
  caseFile: CaseFile;
  participants: Participant[];
  isParent: boolean;
  isTeam: boolean;
  reload(): void;
}

/** One case: who is in it, and its parts as tabs (links, so the browser's back button works). */
/** Issue 20: a child never sees the parents' story, the access log or the consents; the server refuses them too. */
export default function CaseScreen({ params }: { params: Record<string, string> }) {
  const user = useUser();
  return user.role === 'child' ? <ForGrownUps /> : <CaseFileScreen params={params} />;
}

function ForGrownUps() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('child.grownUpsTitle')}</PageTitle>
      <p className="utrecht-paragraph">{t('child.grownUps')}</p>
      <p className="utrecht-paragraph"><Link href="/">{t('child.backHome')}</Link></p>
    </>
  );
}

function CaseFileScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const user = useUser();
  const { search } = useRouter();
  const [caseFile, setCaseFile] = useState<CaseFile | null>(null);
  const [participants, setParticipants] = useState<Participant[]>([]);
  const [error, setError] = useState<unknown>(null);
  const caseId = params.caseId;
  const tabList = useRef<HTMLUListElement>(null);
  const requestedTab = search.get('tab');
  // On a phone the tabs scroll sideways: keep the current one in view.
  useEffect(() => {
    const list = tabList.current;
    const current = list?.querySelector<HTMLElement>('[aria-current="page"]')?.parentElement;
    if (list && current && list.scrollWidth > list.clientWidth) list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
  }, [requestedTab, caseFile]);

  const load = useCallback(() => {
    Promise.all([api<CaseFile>(`/api/cases/${caseId}`), api<Participant[]>(`/api/cases/${caseId}/participants`)])
      .then(([c, p]) => { setCaseFile(c); setParticipants(p); }, setError);
  }, [caseId]);
  useEffect(load, [load]);
  // A parent changed their consent: what this partner may see is read again, and said calmly.
  const [accessNotice, setAccessNotice] = useState<string | null>(null);
  useRealtime({
    'case:access': (event) => {
      if (event.caseId !== caseId) return;
      setAccessNotice(t('case.accessChanged'));
      load();
    },
  });

  if (error) {
    return (
      <>
        <PageTitle>{error instanceof ApiError && error.status === 404 ? t('notFound.title') : t('alert.error')}</PageTitle>
        <ErrorAlert error={error} />
        <p className="utrecht-paragraph"><Link href="/">{t('notFound.home')}</Link></p>
      </>
    );
  }
  if (!caseFile) return <Loading />;

  const side = caseFile.access.side;
  const isParent = side === 'parent';
  const isTeam = side === 'team';
  // "Mijn verhaal" and "mijn dossier" are the parent's words; everyone else reads about the parent's.
  const ownWords: Partial<Record<Tab, MessageKey>> = isParent ? {} : { story: 'case.tab.storyOthers', access: 'case.tab.accessOthers' };
  const tabs = TABS.filter((tab) => (isParent ? tab.forParents : isTeam ? tab.forTeam : tab.forPartners))
    .filter((tab) => tab.id !== 'experts' || (user.role === 'counsellor' && caseFile.myRole === 'counsellor'))
    .map((tab) => ({ ...tab, label: ownWords[tab.id] ?? tab.label }));
  const requested = search.get('tab') as Tab | null;
  const tab = tabs.find((x) => x.id === requested)?.id ?? tabs[0].id;
  const context: CaseContext = { caseFile, participants, isParent, isTeam, reload: load };
  const activeLabel = t(tabs.find((x) => x.id === tab)!.label);

  return (
    <>
      <PageTitle title={`${activeLabel} – ${caseFile.title}`}>{caseFile.title}</PageTitle>
      <p className="utrecht-paragraph ev-meta">
        {t('case.reference')}: {caseFile.reference} · <StatusBadge kind={caseFile.status === 'active' ? 'active' : 'inactive'}>{label(t, 'status', caseFile.status)}</StatusBadge>
        {caseFile.status === 'dormant' && isParent ? <> · {t('case.dormantExplain')}</> : null}
      </p>
      <details className="ev-card">
        <summary><strong>{t('case.whoIsInvolved', { count: participants.length })}</strong></summary>
        <ul className="utrecht-unordered-list" data-testid="participants">
          {participants.map((p) => (
            <li key={p.userId} className="utrecht-unordered-list__item">
              {p.displayName} — {label(t, 'caseRole', p.role)}{p.organisation ? `, ${p.organisation.name}` : ''}{p.isLead ? ` (${t('case.lead')})` : ''}
            </li>
          ))}
        </ul>
        <p className="utrecht-paragraph utrecht-paragraph--small">{isParent ? t('case.rolesExplain') : t('case.rolesExplainOthers')}</p>
      </details>
      {isTeam && user.role === 'coordinator' ? <HandoverPanel {...context} /> : null}
      {isTeam ? <SuggestHelpPanel caseId={caseId} /> : null}
      {isTeam && user.role === 'coordinator' && user.organisation?.id === caseFile.teamId ? <LegalHoldPanel {...context} /> : null}
      <nav aria-label={t('case.sections')}>
        <ul className="ev-tabs" ref={tabList}>
          {tabs.map((x) => (
            <li key={x.id}>
              <Link href={`/cases/${caseId}?tab=${x.id}`} aria-current={x.id === tab ? 'page' : undefined}>{t(x.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <div role="status" aria-live="polite">{accessNotice ? <p className="ev-audience">{accessNotice}</p> : null}</div>
      <section aria-labelledby="case-section-title">
        <Heading level={2} id="case-section-title">{activeLabel}</Heading>
        {tab === 'updates' ? <UpdatesTab {...context} /> : null}
        {tab === 'story' ? <StoryTab {...context} /> : null}
        {tab === 'plan' ? <PlanTab {...context} /> : null}
        {tab === 'analysis' ? <AnalysisTab {...context} /> : null}
        {tab === 'threads' ? <ThreadsTab {...context} /> : null}
        {tab === 'consent' ? <ConsentTab {...context} currentUserId={user.id} /> : null}
        {tab === 'access' ? <AccessLogTab {...context} /> : null}
        {tab === 'file' ? (isTeam ? <CaseFileEditor {...context} /> : <CaseFileTab {...context} />) : null}
        {tab === 'children' ? <ChildrenTab {...context} /> : null}
        {tab === 'results' ? <ResultsTab {...context} /> : null}
        {tab === 'people' ? <ParticipantsTab {...context} /> : null}
        {tab === 'experts' ? <AskExpertTab {...context} /> : null}
      </section>
    </>
  );
}
