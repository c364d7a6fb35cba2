import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { Link } from '../../app/router.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Loading, Paragraph } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { HandoverForm, type TeamHandoverRequest } from './HandoverForm.js';
import type { CounsellorLoad } from './team-api.js';

/** The open handover requests of all the team's cases, oldest first, each with its handover form. */
export function HandoverRequestsSection({ counsellors, onHandedOver }: { counsellors: CounsellorLoad[]; onHandedOver(): void }) {
  const { t, locale } = useI18n();
  const [requests, setRequests] = useState<TeamHandoverRequest[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api<TeamHandoverRequest[]>('/api/handover-requests').then(setRequests, setError);
  }, []);
  useEffect(load, [load]);

  const focusSectionTitle = () => setTimeout(() => document.getElementById('team-requests-title')?.focus(), 0);

  return (
    <section aria-labelledby="team-requests-title">
      <h2 id="team-requests-title" tabIndex={-1} className="utrecht-heading-2">{t('team.requests.title')}</h2>
      <Paragraph>{t('team.requests.intro')}</Paragraph>
      <LiveNotice message={notice} />
      <ErrorAlert error={error} />
      {!requests && !error ? <Loading /> : null}
      {requests && requests.length === 0 ? <Paragraph>{t('team.requests.none')}</Paragraph> : null}
      {requests && requests.length > 0 ? (
        <ul className="ev-list">
          {requests.map((r) => (
            <li key={r.id} className="ev-card" data-testid="handover-request">
              <Heading level={3}>{t('team.requests.case', { reference: r.case.reference, title: r.case.title })}</Heading>
              <Paragraph>{t('team.handover.request', { name: r.requestedBy.displayName, date: formatDateTime(r.createdAt, locale) })}</Paragraph>
              <Paragraph>{t('team.handover.reasonOfRequest', { reason: r.reason })}</Paragraph>
              <Paragraph>{r.case.leadCounsellor ? t('team.handover.currentLead', { name: r.case.leadCounsellor.displayName }) : t('team.handover.noLead')}</Paragraph>
              <Paragraph><Link href={`/cases/${r.caseId}`}>{t('team.requests.openCase', { reference: r.case.reference })}</Link></Paragraph>
              {open === r.id ? (
                <HandoverForm caseId={r.caseId} lead={r.case.leadCounsellor} counsellors={counsellors} initialReason={r.reason}
                  headingId={`handover-form-${r.id}`}
                  onCancel={() => { setOpen(null); setTimeout(() => document.querySelector<HTMLElement>(`[data-handover-start="${r.id}"]`)?.focus(), 0); }}
                  onDone={(name) => {
                    setOpen(null);
                    setNotice(t('team.requests.done', { reference: r.case.reference, name }));
                    load();
                    onHandedOver();
                    focusSectionTitle();
                  }} />
              ) : (
                <ButtonGroup>
                  <Button appearance="secondary-action-button" data-handover-start={r.id} onClick={() => { setNotice(null); setOpen(r.id); }}>
                    {t('team.requests.handOver', { reference: r.case.reference })}
                  </Button>
                </ButtonGroup>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
