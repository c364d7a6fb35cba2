import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Group, GroupMembership, GroupMessage, GroupMessagePage } from '../../api/types.js';
import { Link, useRouter } from '../../app/router.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, Heading, Loading, PageTitle, Paragraph, StatusBadge, TextArea, TextField } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { mergeMessages as merge } from '../../realtime/merge-messages.js';
import { useRealtime } from '../../realtime/useRealtime.js';

/**
 * One peer group. Before joining: the description and the rules, and a form to ask to join under a
 * pseudonym. As a member: the messages, live (`group:message`, `group:message:hidden`), a form to
 * write, "report" under each message, and leaving. Members appear only under their chosen names.
 */
export default function GroupScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const { groupId } = params;
  const [group, setGroup] = useState<Group | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(() => { api<Group>(`/api/groups/${groupId}`).then(setGroup, setError); }, [groupId]);
  useEffect(load, [load]);

  const membership = group?.membership ?? null;
  return (
    <>
      <p className="utrecht-paragraph"><Link href="/groups">{t('group.back')}</Link></p>
      <PageTitle>{group?.name ?? t('groups.title')}</PageTitle>
      <ErrorAlert error={error} />
      {notice ? <Alert type="ok">{notice}</Alert> : null}
      {!group && !error ? <Loading /> : null}
      {group ? <Paragraph lead>{group.description}</Paragraph> : null}
      {group?.canModerate ? <p className="utrecht-paragraph"><Link href={`/groups/${groupId}/moderation`}>{t('group.moderation')}</Link></p> : null}
      {group && membership?.status !== 'active' ? (
        <section aria-labelledby="rules" className="ev-card">
          <Heading level={2} id="rules">{t('group.rules')}</Heading>
          <Paragraph>{t('group.rulesBefore')}</Paragraph>
          <p className="utrecht-paragraph ev-message__body">{group.rules}</p>
        </section>
      ) : null}
      {group && membership?.status === 'requested' ? <Alert type="info">{t('group.requested', { pseudonym: membership.pseudonym })}</Alert> : null}
      {group && group.open && (!membership || membership.status === 'left') && !group.canModerate ? (
        <JoinForm groupId={groupId} onJoined={() => { setNotice(t('group.join.sent')); load(); }} />
      ) : null}
      {group && membership?.status === 'active' ? (
        <Conversation group={group} membership={membership} onLeft={() => { setNotice(t('group.left')); load(); }} />
      ) : null}
    </>
  );
}

function JoinForm({ groupId, onJoined }: { groupId: string; onJoined(): void }) {
  const { t } = useI18n();
  const [pseudonym, setPseudonym] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFieldError(null);
    if (!agreed) { setError(new Error(t('group.join.agreeMissing'))); return; }
    setBusy(true);
    try {
      await api<GroupMembership>(`/api/groups/${groupId}/join-requests`, { method: 'POST', body: { pseudonym } });
      onJoined();
    } catch (caught) {
      if (caught instanceof ApiError && caught.body.field === 'pseudonym') setFieldError(caught.message.replace(/^pseudonym: /, ''));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="join" className="ev-card">
      <Heading level={2} id="join">{t('group.join.title')}</Heading>
      <ErrorAlert error={error} />
      <form onSubmit={submit}>
        <TextField label={t('group.join.pseudonym')} description={t('group.join.pseudonymHelp')} value={pseudonym} error={fieldError}
          onChange={(e) => setPseudonym(e.target.value)} required minLength={2} maxLength={40} autoComplete="off" />
        <Checkbox label={t('group.join.agree')} checked={agreed} onChange={setAgreed} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('group.join.submit')}</Button></ButtonGroup>
      </form>
    </section>
  );
}

function Conversation({ group, membership, onLeft }: { group: Group; membership: GroupMembership; onLeft(): void }) {
  const { t, locale } = useI18n();
  const { navigate } = useRouter();
  const [messages, setMessages] = useState<GroupMessage[] | null>(null);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mutedUntil, setMutedUntil] = useState<string | null>(membership.mutedUntil);
  const [reporting, setReporting] = useState<string | null>(null);
  const [reported, setReported] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const moderator = membership.role === 'moderator';

  const catchUp = useCallback(async (after?: string) => {
    const page = await api<GroupMessagePage>(`/api/groups/${group.id}/messages?limit=200${after ? `&after=${after}` : ''}`);
    setMessages((current) => merge(current ?? [], page.items));
  }, [group.id]);
  useEffect(() => { catchUp().catch(setError); }, [catchUp]);

  const connection = useRealtime({
    'group:message': ({ groupId, message }) => {
      if (groupId !== group.id) return;
      setMessages((current) => merge(current ?? [], [message]));
      if (message.author.handle !== membership.handle) setAnnouncement(`${message.author.pseudonym}: ${message.body}`);
    },
    'group:message:hidden': ({ groupId, messageId }) => {
      if (groupId !== group.id) return;
      // Moderators keep it (marked after a reload); members no longer see it.
      if (moderator) catchUp().catch(() => undefined);
      else setMessages((current) => (current ?? []).filter((m) => m.id !== messageId));
    },
    'group:removed': ({ groupId }) => { if (groupId === group.id) onLeft(); },
    connect: (again) => {
      const last = messages?.[messages.length - 1];
      if (again) catchUp(last?.id).catch(() => undefined);
    },
  });

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      const message = await api<GroupMessage>(`/api/groups/${group.id}/messages`, { method: 'POST', body: { body: text, clientMessageId: crypto.randomUUID() } });
      setMessages((current) => merge(current ?? [], [message]));
      setBody('');
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'muted') setMutedUntil(String(caught.body.until));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    if (!window.confirm(t('group.leaveConfirm'))) return;
    try {
      await api(`/api/groups/${group.id}/members/${membership.handle}`, { method: 'DELETE' });
      onLeft();
      navigate(`/groups/${group.id}`, { replace: true });
    } catch (caught) {
      setError(caught);
    }
  };

  const authorName = (m: GroupMessage) => (m.author.handle === membership.handle ? t('group.youAuthor') : m.author.pseudonym);
  return (
    <section aria-labelledby="conversation">
      <Heading level={2} id="conversation">{t('group.messages')}</Heading>
      <p className="ev-audience">{t('group.you', { pseudonym: membership.pseudonym })} {t('group.privacy')}</p>
      <p className="utrecht-paragraph utrecht-paragraph--small" data-testid="connection">
        {connection === 'live' ? t('group.live') : connection === 'offline' ? t('group.offline') : t('group.connecting')}
      </p>
      <ErrorAlert error={error} />
      {reported ? <Alert type="ok">{reported}</Alert> : null}
      {!messages && !error ? <Loading /> : null}
      {messages && messages.length === 0 ? <Paragraph>{t('group.empty')}</Paragraph> : null}
      <div role="log" aria-label={t('group.messages')}>
        <ol className="ev-messages">
          {(messages ?? []).map((m) => (
            <li key={m.id} className={`ev-message${m.author.handle === membership.handle ? ' ev-message--mine' : ''}${m.hidden ? ' ev-message--hidden' : ''}`} data-testid="group-message">
              <p className="ev-message__meta">
                <strong>{authorName(m)}</strong>
                {m.author.role === 'moderator' ? <> · {t('group.moderatorBadge')}</> : null}
                {m.author.former ? <> · {t('group.former')}</> : null}
                {' · '}<time dateTime={m.createdAt}>{formatDateTime(m.createdAt, locale)}</time>
              </p>
              {/* An empty body was erased on its writer's request (issue 21): a message can never be sent blank. */}
              <p className="ev-message__body">{m.body === '' ? <em>{t('group.erased')}</em> : m.body}</p>
              {m.hidden ? <p className="utrecht-paragraph utrecht-paragraph--small"><StatusBadge kind="warning">{t('group.hiddenBy', { reason: m.hidden.reason })}</StatusBadge></p> : null}
              {m.author.handle !== membership.handle && !m.hidden && m.body !== '' ? (
                reporting === m.id ? (
                  <ReportForm groupId={group.id} messageId={m.id} onDone={(text) => { setReporting(null); setReported(text); }} onCancel={() => setReporting(null)} />
                ) : (
                  <Button appearance="subtle-button" onClick={() => { setReported(null); setReporting(m.id); }}
                    aria-label={`${t('group.report')}: ${m.author.pseudonym}, ${formatDateTime(m.createdAt, locale)}`}>{t('group.report')}</Button>
                )
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      <div className="ev-visually-hidden" role="status" aria-live="polite">{announcement}</div>
      {mutedUntil && new Date(mutedUntil).getTime() > Date.now() ? (
        <Alert type="warning">{t('group.muted', { until: formatDateTime(mutedUntil, locale) })}</Alert>
      ) : (
        <form onSubmit={send} className="ev-card" ref={form}>
          <TextArea label={t('group.write')} value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={5000} />
          <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('group.send')}</Button></ButtonGroup>
        </form>
      )}
      <ButtonGroup><Button appearance="secondary-action-button" onClick={() => void leave()}>{t('group.leave')}</Button></ButtonGroup>
    </section>
  );
}

function ReportForm({ groupId, messageId, onDone, onCancel }: { groupId: string; messageId: string; onDone(text: string): void; onCancel(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/groups/${groupId}/messages/${messageId}/reports`, { method: 'POST', body: { reason, urgent } });
      onDone(t('group.report.sent'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="ev-card" aria-label={t('group.reportOf')}>
      <ErrorAlert error={error} />
      <TextArea label={t('group.report.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} maxLength={1000} />
      <Checkbox label={t('group.report.urgent')} checked={urgent} onChange={setUrgent} />
      <ButtonGroup>
        <Button type="submit" busy={busy} disabled={busy}>{t('group.report.submit')}</Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>{t('group.report.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}
