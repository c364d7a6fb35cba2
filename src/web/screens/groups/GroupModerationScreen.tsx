import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Group, GroupMember, GroupReport, GroupReportPage } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Loading, PageTitle, Paragraph, StatusBadge, TextField } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';

/** Tomorrow at this time, as the value of a datetime-local field (local time, minutes). */
function tomorrowLocal(): string {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The moderator's queue for one group: requests to join (accept, decline), reports (hide the
 * message with a reason, or close without action), and the members (mute until a moment, remove).
 * A coordinator of the team sees the same page with the reports that reached them.
 */
export default function GroupModerationScreen({ params }: { params: Record<string, string> }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const { groupId } = params;
  const [group, setGroup] = useState<Group | null>(null);
  const [members, setMembers] = useState<GroupMember[] | null>(null);
  const [reports, setReports] = useState<GroupReport[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setGroup(await api<Group>(`/api/groups/${groupId}`));
      setMembers(await api<GroupMember[]>(`/api/groups/${groupId}/members`));
      if (user.role === 'coordinator') {
        const page = await api<GroupReportPage>('/api/groups/reports/escalated?limit=200');
        setReports(page.items.filter((r) => r.groupId === groupId));
      } else {
        setReports((await api<GroupReportPage>(`/api/groups/${groupId}/reports?limit=200`)).items);
      }
    } catch (caught) {
      setError(caught);
    }
  }, [groupId, user.role]);
  useEffect(() => { void load(); }, [load]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    setDone(null);
    try {
      await fn();
      setDone(t('moderation.done'));
      await load();
    } catch (caught) {
      setError(caught);
    }
  };

  const requests = (members ?? []).filter((m) => m.status === 'requested');
  const current = (members ?? []).filter((m) => m.status !== 'requested');
  return (
    <>
      <p className="utrecht-paragraph"><Link href={`/groups/${groupId}`}>{t('moderation.back')}</Link></p>
      <PageTitle>{t('moderation.title', { name: group?.name ?? '' })}</PageTitle>
      <Paragraph lead>{t('moderation.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {done ? <Alert type="ok">{done}</Alert> : null}
      {!members && !error ? <Loading /> : null}

      <section aria-labelledby="requests" className="ev-card">
        <Heading level={2} id="requests">{t('moderation.requests')}</Heading>
        {members && requests.length === 0 ? <Paragraph>{t('moderation.noRequests')}</Paragraph> : null}
        <ul className="ev-plain-list">
          {requests.map((m) => (
            <li key={m.handle} className="ev-group-member" data-testid="join-request">
              <strong>{m.pseudonym}</strong>{m.since ? <> · {formatDateTime(m.since, locale)}</> : null}
              <ButtonGroup>
                <Button onClick={() => void act(() => api(`/api/groups/${groupId}/members`, { method: 'POST', body: { userId: m.handle, pseudonym: m.pseudonym, role: 'member' } }))}
                  aria-label={`${t('moderation.accept')}: ${m.pseudonym}`}>{t('moderation.accept')}</Button>
                <Button appearance="secondary-action-button" onClick={() => void act(() => api(`/api/groups/${groupId}/members/${m.handle}`, { method: 'DELETE' }))}
                  aria-label={`${t('moderation.decline')}: ${m.pseudonym}`}>{t('moderation.decline')}</Button>
              </ButtonGroup>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="reports" className="ev-card">
        <Heading level={2} id="reports">{t('moderation.reports')}</Heading>
        {reports && reports.length === 0 ? <Paragraph>{t('moderation.noReports')}</Paragraph> : null}
        <ul className="ev-messages">
          {(reports ?? []).map((r) => <ReportItem key={r.id} groupId={groupId} report={r} act={act} />)}
        </ul>
      </section>

      <section aria-labelledby="members" className="ev-card">
        <Heading level={2} id="members">{t('moderation.members')}</Heading>
        <ul className="ev-plain-list">
          {current.map((m) => <MemberItem key={m.handle} groupId={groupId} member={m} act={act} canRemoveModerators={user.role === 'coordinator'} />)}
        </ul>
      </section>
    </>
  );
}

function ReportItem({ groupId, report, act }: { groupId: string; report: GroupReport; act(fn: () => Promise<unknown>): Promise<void> }) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const hide = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      try {
        await api(`/api/groups/${groupId}/messages/${report.message.id}/hide`, { method: 'POST', body: { reason } });
      } catch (caught) {
        // Already hidden (for another report): the report is answered all the same.
        if (!(caught instanceof ApiError && caught.code === 'already_hidden')) throw caught;
      }
    });
  };
  return (
    <li className="ev-message" data-testid="group-report">
      <p className="ev-message__meta">
        {t('moderation.reportBy', { pseudonym: report.reporter.pseudonym, when: formatDateTime(report.createdAt, locale) })}
        {report.urgent ? <> <StatusBadge kind="danger">{t('moderation.urgent')}</StatusBadge></> : null}
        {report.escalated && !report.resolvedAt ? <> <StatusBadge kind="warning">{t('moderation.escalated')}</StatusBadge></> : null}
        {report.resolvedAt ? <> <StatusBadge kind="inactive">{t('moderation.handled')}</StatusBadge></> : null}
      </p>
      <p className="ev-message__body"><strong>{report.message.author.pseudonym}</strong>: {report.message.body}</p>
      {report.message.hidden ? <p className="utrecht-paragraph utrecht-paragraph--small">{t('group.hiddenBy', { reason: report.message.hidden.reason })}</p> : null}
      <p className="utrecht-paragraph">{t('moderation.reportReason', { reason: report.reason })}</p>
      {!report.resolvedAt && !report.message.hidden ? (
        <form onSubmit={hide}>
          <TextField label={t('moderation.hideReason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
          <ButtonGroup>
            <Button type="submit" danger>{t('moderation.hide')}</Button>
            <Button appearance="secondary-action-button" onClick={() => void act(() => api(`/api/groups/${groupId}/reports/${report.id}/resolve`, { method: 'POST', body: { outcome: 'no_action' } }))}>
              {t('moderation.noAction')}
            </Button>
          </ButtonGroup>
        </form>
      ) : null}
    </li>
  );
}

function MemberItem({ groupId, member, act, canRemoveModerators }: { groupId: string; member: GroupMember; act(fn: () => Promise<unknown>): Promise<void>; canRemoveModerators: boolean }) {
  const { t, locale } = useI18n();
  const [until, setUntil] = useState(tomorrowLocal);
  const active = member.status === 'active';
  const mute = (event: FormEvent) => {
    event.preventDefault();
    void act(() => api(`/api/groups/${groupId}/members/${member.handle}/mute`, { method: 'POST', body: { until: new Date(until).toISOString() } }));
  };
  return (
    <li className="ev-group-member" data-testid="group-member">
      <strong>{member.pseudonym}</strong>
      {member.role === 'moderator' ? <> · {t('group.moderatorBadge')}</> : null}
      {member.status === 'left' ? <> · {t('moderation.status.left')}</> : null}
      {member.status === 'removed' ? <> · {t('moderation.status.removed')}</> : null}
      {member.mutedUntil ? <> · <StatusBadge kind="warning">{t('moderation.mutedUntil', { until: formatDateTime(member.mutedUntil, locale) })}</StatusBadge></> : null}
      {active && member.role === 'member' ? (
        <form onSubmit={mute} className="ev-inline-form">
          <TextField label={`${t('moderation.muteUntil')} (${member.pseudonym})`} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required />
          <ButtonGroup>
            <Button type="submit" appearance="secondary-action-button">{t('moderation.mute')}</Button>
            <Button appearance="secondary-action-button" danger onClick={() => void act(() => api(`/api/groups/${groupId}/members/${member.handle}`, { method: 'DELETE' }))}
              aria-label={`${t('moderation.remove')}: ${member.pseudonym}`}>{t('moderation.remove')}</Button>
          </ButtonGroup>
        </form>
      ) : null}
      {active && member.role === 'moderator' && canRemoveModerators ? (
        <ButtonGroup>
          <Button appearance="secondary-action-button" danger onClick={() => void act(() => api(`/api/groups/${groupId}/members/${member.handle}`, { method: 'DELETE' }))}
            aria-label={`${t('moderation.remove')}: ${member.pseudonym}`}>{t('moderation.remove')}</Button>
        </ButtonGroup>
      ) : null}
    </li>
  );
}
