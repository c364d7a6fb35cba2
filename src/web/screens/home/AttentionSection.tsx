import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../../api/client.js';
import type { Attention, Role } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { label } from '../../components/labels.js';
import { ErrorAlert, Heading, Loading } from '../../components/ui.js';
import { formatDate, formatDateTime, useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';

/** Who reads the section: each gets their own words (a child "je", a parent "u" and their story). */
export type AttentionAudience = 'child' | 'family' | 'team' | 'admin';

/**
 * "Nieuw voor u" / "Wat vraagt uw aandacht": what waits for this person, in plain words, each with a
 * link to where it is done (`GET /api/me/attention`; reading it writes nothing into a parent's
 * access log). Everyone taking part in cases gets it live: a message from someone else, reading a
 * conversation elsewhere, or being added to or taken out of one reloads it.
 */
export function AttentionSection({ audience, userId, role, hideWhenEmpty = false }: { audience: AttentionAudience; userId: string; role: Role; hideWhenEmpty?: boolean }) {
  const [attention, setAttention] = useState<Attention | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api<Attention>('/api/me/attention').then((a) => { setAttention(a); setError(null); }, setError);
  }, []);
  useEffect(load, [load]);
  // `hideWhenEmpty`: a page whose own section says what waits (the expert's open questions) would
  // otherwise say "nothing waits for you" right above it.
  const view = hideWhenEmpty && !error && (!attention || attention.total === 0)
    ? null
    : <AttentionView audience={audience} role={role} userId={userId} attention={attention} error={error} />;
  // An administrator takes part in no conversation: nothing live to listen to.
  return audience === 'admin' ? view : <LiveAttention userId={userId} reload={load}>{view}</LiveAttention>;
}

/** Reloads (once per burst) when something the overview counts changes. */
function LiveAttention({ userId, reload, children }: { userId: string; reload(): void; children: ReactNode }) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const soon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, 250);
  }, [reload]);
  useEffect(() => () => clearTimeout(timer.current), []);
  useRealtime({
    'message:new': ({ message }) => { if (message.author?.id !== userId) soon(); },
    'message:read': (event) => { if (event.userId === userId) soon(); },
    'thread:added': soon,
    'thread:removed': soon,
    // Also on the first connect: whatever came between the first load and joining the rooms is counted.
    connect: soon,
  });
  return <>{children}</>;
}

function AttentionView({ audience, role, userId, attention, error }: { audience: AttentionAudience; role: Role; userId: string; attention: Attention | null; error: unknown }) {
  const { t, locale } = useI18n();
  const child = audience === 'child';
  const title = child ? t('attention.titleChild') : audience === 'family' ? t('attention.titleFamily') : t('attention.title');
  const a = attention;
  const unread = a?.unreadMessages;
  const summary = !a ? null
    : a.total === 0 ? t(child ? 'attention.nothingChild' : audience === 'family' ? 'attention.nothing' : 'attention.nothingTeam')
      : audience === 'team' || audience === 'admin' ? t('attention.summaryTeam', { count: a.total })
        : [
          unread && unread.total > 0 ? t(child ? 'attention.unreadSummaryChild' : 'attention.unreadSummary', { count: unread.total }) : null,
          a.storiesToConfirm.total > 0 ? t('attention.storySummary') : null,
        ].filter(Boolean).join(' ');

  return (
    <section aria-labelledby="attention-title" className="ev-card ev-attention" data-testid="attention">
      <Heading level={2} id="attention-title">{title}</Heading>
      <ErrorAlert error={error} />
      {!a && !error ? <Loading /> : null}
      {/* Polite: a count that changes live is read out without moving focus. */}
      <p className="utrecht-paragraph" role="status" data-testid="attention-summary">{summary}</p>

      {unread && unread.threads.length > 0 ? (
        <Part title={child ? t('attention.unreadTitleChild') : t('attention.unreadTitle')}>
          {unread.threads.map((thread) => (
            <li key={thread.threadId} className="utrecht-unordered-list__item" data-testid="attention-thread">
              <Link href={`/cases/${thread.case.id}/threads/${thread.threadId}`}>
                {t('attention.unreadLink', { thread: thread.title, case: thread.case.title, count: thread.unreadCount })}
              </Link>
            </li>
          ))}
          {unread.threadCount > unread.threads.length ? (
            <li className="utrecht-unordered-list__item">{t('attention.unreadMore', { count: unread.threadCount - unread.threads.length })}</li>
          ) : null}
        </Part>
      ) : null}

      {a && a.storiesToConfirm.items.length > 0 ? (
        <Part title={t('attention.storyTitle')}>
          {a.storiesToConfirm.items.map((story) => (
            <li key={story.case.id} className="utrecht-unordered-list__item" data-testid="attention-story">
              {t(story.savedBy.id === userId ? 'attention.storyByMe' : 'attention.storyByOther',
                { case: story.case.title, name: story.savedBy.displayName, date: formatDate(story.savedAt, locale) })}{' '}
              <Link href={`/cases/${story.case.id}?tab=story`}>{t('attention.storyLink', { case: story.case.title })}</Link>
            </li>
          ))}
        </Part>
      ) : null}

      {a && a.storyDrafts.items.length > 0 ? (
        <Part title={t('attention.draftsTitle')}>
          {a.storyDrafts.items.map((story) => (
            <li key={story.case.id} className="utrecht-unordered-list__item" data-testid="attention-draft">
              <Link href={`/cases/${story.case.id}?tab=story`}>
                {t('attention.draftLink', { case: story.case.title, reference: story.case.reference, version: story.version })}
              </Link>{' '}
              {t('attention.draftLine', { name: story.savedBy.displayName, date: formatDate(story.savedAt, locale) })}
            </li>
          ))}
          <More shown={a.storyDrafts.items.length} total={a.storyDrafts.total} />
        </Part>
      ) : null}

      {a && a.overdueRegistrations.items.length > 0 ? (
        <Part title={t('attention.registrationsTitle')}>
          {a.overdueRegistrations.items.map((r) => {
            const text = t(r.target === 'contact' ? 'attention.registrationContact' : 'attention.registrationWelcome', { reference: r.reference, date: formatDateTime(r.dueAt, locale) });
            return (
              <li key={r.id} className="utrecht-unordered-list__item" data-testid="attention-registration">
                {role === 'coordinator' ? <Link href={`/intake/${r.id}`}>{text}</Link>
                  : r.caseId ? <>{text} <Link href={`/cases/${r.caseId}`}>{t('attention.registrationCase', { reference: r.reference })}</Link></>
                    : <>{text} {t('attention.registrationAssigned')}</>}
              </li>
            );
          })}
          <More shown={a.overdueRegistrations.items.length} total={a.overdueRegistrations.total} href={role === 'coordinator' ? '/intake' : undefined} />
        </Part>
      ) : null}

      {a && a.handoverRequests.items.length > 0 ? (
        <Part title={t('attention.handoversTitle')}>
          {a.handoverRequests.items.map((h) => (
            <li key={h.id} className="utrecht-unordered-list__item" data-testid="attention-handover">
              {t('attention.handoverLine', { name: h.requestedBy.displayName, case: h.case.title, reference: h.case.reference, date: formatDate(h.requestedAt, locale) })}{' '}
              <Link href="/team">{t('attention.handoverLink', { reference: h.case.reference })}</Link>
            </li>
          ))}
          <More shown={a.handoverRequests.items.length} total={a.handoverRequests.total} href="/team" />
        </Part>
      ) : null}

      {a && a.erasureRequests.total > 0 && a.erasureRequests.oldestRequestedAt && a.erasureRequests.answerDueAt ? (
        <Part title={t('attention.erasuresTitle')}>
          <li className="utrecht-unordered-list__item" data-testid="attention-erasures">
            {t(a.erasureRequests.total === 1 ? 'attention.erasuresOne' : 'attention.erasuresMany', {
              count: a.erasureRequests.total,
              date: formatDate(a.erasureRequests.oldestRequestedAt, locale),
              due: formatDate(a.erasureRequests.answerDueAt, locale),
            })}{' '}
            <Link href="/team">{t('attention.erasuresLink', { count: a.erasureRequests.total })}</Link>
          </li>
        </Part>
      ) : null}

      {a && a.expiredInvitations.items.length > 0 ? (
        <Part title={t('attention.invitationsTitle')}>
          {a.expiredInvitations.items.map((i) => {
            const href = i.caseId ? `/cases/${i.caseId}?tab=people` : role === 'admin' ? '/organisations' : role === 'coordinator' ? '/team' : null;
            return (
              <li key={i.id} className="utrecht-unordered-list__item" data-testid="attention-invitation">
                {t('attention.invitationLine', { name: i.displayName, role: label(t, 'role', i.role), date: formatDate(i.expiredAt, locale) })}{' '}
                {href ? <Link href={href}>{t('attention.invitationLink', { name: i.displayName })}</Link> : null}
              </li>
            );
          })}
          <More shown={a.expiredInvitations.items.length} total={a.expiredInvitations.total} />
        </Part>
      ) : null}

      {a && a.organisationsWithoutCoordinator.items.length > 0 ? (
        <Part title={t('attention.organisationsTitle')}>
          {a.organisationsWithoutCoordinator.items.map((o) => (
            <li key={o.id} className="utrecht-unordered-list__item" data-testid="attention-organisation">
              {t('attention.organisationLine', { name: o.name })} <Link href="/organisations">{t('attention.organisationLink', { name: o.name })}</Link>
            </li>
          ))}
          <More shown={a.organisationsWithoutCoordinator.items.length} total={a.organisationsWithoutCoordinator.total} href="/organisations" />
        </Part>
      ) : null}
    </section>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Heading level={3}>{title}</Heading>
      <ul className="utrecht-unordered-list ev-attention__list">{children}</ul>
    </>
  );
}

/** "And 12 more": the lists show at most 20 each. */
function More({ shown, total, href }: { shown: number; total: number; href?: string }) {
  const { t } = useI18n();
  if (total <= shown) return null;
  const text = t('attention.more', { count: total - shown });
  return <li className="utrecht-unordered-list__item">{href ? <Link href={href}>{text}</Link> : text}</li>;
}
