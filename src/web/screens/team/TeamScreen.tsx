import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { InvitationsPanel } from '../../components/invitations.js';
import { ErrorAlert, Loading, PageTitle, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import NotFoundScreen from '../not-found/NotFoundScreen.js';
import { CaseloadSection } from './CaseloadSection.js';
import { CredentialsSection } from './CredentialsSection.js';
import { HandoverRequestsSection } from './HandoverRequestsSection.js';
import { ErasureRequestsSection } from './ErasureRequestsSection.js';
import type { Caseload, Region } from './team-api.js';

/**
 * The coordinator's team: open handover requests (handed over right here), caseload against
 * capacity (team and per counsellor), each counsellor's capacity and regions, and their identity
 * credentials (issue after an in-person check, revoke).
 */
export default function TeamScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [caseload, setCaseload] = useState<Caseload | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api<Caseload>('/api/caseload').then((c) => { setCaseload(c); setError(null); }, setError);
  }, []);
  useEffect(() => {
    if (user.role !== 'coordinator') return;
    load();
    api<Region[]>('/api/regions').then(setRegions, () => setRegions([]));
  }, [load, user.role]);

  if (user.role !== 'coordinator') return <NotFoundScreen />;
  return (
    <>
      <PageTitle>{t('team.title')}</PageTitle>
      <Paragraph>{t('team.intro')}</Paragraph>
      {user.organisation ? <Paragraph><Link href={`/organisations/${user.organisation.id}/accounts`}>{t('accounts.linkTeam')}</Link></Paragraph> : null}
      <ErrorAlert error={error} />
      {!caseload && !error ? <Loading /> : null}
      {caseload ? (
        <>
          <HandoverRequestsSection counsellors={caseload.counsellors} onHandedOver={load} />
          <ErasureRequestsSection />
          <CaseloadSection caseload={caseload} regions={regions} reload={load} />
          <CredentialsSection counsellors={caseload.counsellors} />
          <section aria-labelledby="team-invite-title">
            <h2 id="team-invite-title" className="utrecht-heading-2">{t('invite.teamTitle')}</h2>
            <InvitationsPanel title={t('invite.teamTitle')} intro={t('invite.teamIntro')} roles={['counsellor', 'coordinator']} />
          </section>
        </>
      ) : null}
    </>
  );
}
