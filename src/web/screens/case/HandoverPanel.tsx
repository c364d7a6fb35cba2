import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { HandoverForm, type TeamHandoverRequest } from '../team/HandoverForm.js';
import type { Caseload } from '../team/team-api.js';
import type { CaseContext } from './CaseScreen.js';

/**
 * For the team's coordinator: this case's open handover requests and the handover itself. The
 * requests come from the team-wide list (`GET /api/handover-requests`), so opening a case does not
 * put "looked at the handover requests" in the parents' access log each time.
 */
export function HandoverPanel({ caseFile, reload }: CaseContext) {
  const { t, locale } = useI18n();
  const [requests, setRequests] = useState<TeamHandoverRequest[] | null>(null);
  const [counsellors, setCounsellors] = useState<Caseload['counsellors']>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const startRef = useRef<HTMLDivElement>(null);
  const lead = caseFile.leadCounsellor;

  const load = useCallback(() => {
    api<TeamHandoverRequest[]>('/api/handover-requests').then((all) => setRequests(all.filter((r) => r.caseId === caseFile.id)), setLoadError);
    api<Caseload>('/api/caseload').then((c) => setCounsellors(c.counsellors), setLoadError);
  }, [caseFile.id]);
  useEffect(load, [load]);

  const closeForm = () => {
    setFormOpen(false);
    setTimeout(() => startRef.current?.querySelector('button')?.focus(), 0);
  };

  return (
    <section className="ev-card" aria-labelledby="handover-title" data-testid="handover-panel">
      <Heading level={2} id="handover-title">{t('team.handover.title')}</Heading>
      <ErrorAlert error={loadError} />
      <LiveNotice message={notice} />
      <Paragraph>{lead ? t('team.handover.currentLead', { name: lead.displayName }) : t('team.handover.noLead')}</Paragraph>
      {requests ? (
        requests.length === 0 ? <Paragraph>{t('team.handover.noRequests')}</Paragraph> : (
          <>
            <Heading level={3}>{t('team.handover.openRequests')}</Heading>
            <ul className="ev-list" data-testid="handover-requests">
              {requests.map((r) => (
                <li key={r.id}>
                  <Alert type="warning" title={t('team.handover.request', { name: r.requestedBy.displayName, date: formatDateTime(r.createdAt, locale) })}>
                    {t('team.handover.reasonOfRequest', { reason: r.reason })}
                  </Alert>
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
      {formOpen ? (
        <HandoverForm caseId={caseFile.id} lead={lead} counsellors={counsellors} initialReason={requests?.[0]?.reason ?? ''}
          headingId="handover-form-title" onCancel={closeForm}
          onDone={(name) => { setNotice(t('team.handover.done', { name })); closeForm(); load(); reload(); }} />
      ) : (
        <div ref={startRef}>
          <ButtonGroup>
            <Button appearance="secondary-action-button" onClick={() => { setNotice(null); setFormOpen(true); }}>{t('team.handover.start')}</Button>
          </ButtonGroup>
        </div>
      )}
    </section>
  );
}
