import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Message, Thread } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { draftKey as messageDraftKey } from '../../app/drafts.js';
import { useUser } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Loading, PageTitle, Paragraph, TextArea, TextField } from '../../components/ui.js';
import { formatDateTime, useI18n, type Translate } from '../../i18n/i18n.js';
import { KeyPanel, KeyProvider } from '../../crypto/KeyPanel.js';
import { mergeMessages as merge } from '../../realtime/merge-messages.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import { AccessRequests, Attachments, AttachmentsKeyHint } from './Attachments.js';
import { AttachmentUpload } from './AttachmentUpload.js';
import { useThreadAttachments } from './attachments-state.js';

/**
 * A conversation with live messages over socket.io (same origin, session cookie). After a
 * reconnect the client catches up with `?after=<last id>`; new messages are announced politely.
 */
const CHILD_WORDS = { 'thread.write': 'child.thread.write', 'thread.you': 'child.thread.you', 'thread.offlineExplain': 'child.thread.offlineExplain' } as const;

export default function ThreadScreen({ params }: { params: Record<string, string> }) {
  const { t: translate, locale } = useI18n();
  const user = useUser();
  // Issue 20: a child is spoken to as a child ("je") where this screen addresses its reader.
  const t = useCallback<Translate>((key, values) => translate(user.role === 'child' && key in CHILD_WORDS ? CHILD_WORDS[key as keyof typeof CHILD_WORDS] : key, values), [translate, user.role]);
  const { caseId, threadId } = params;
  const [thread, setThread] = useState<Thread | null>(null);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Unsent text survives leaving the conversation (this browser tab only, like a story draft, and
  // cleared with the drafts when the session ends).
  const draftKey = messageDraftKey('message', threadId);
  const [body, setBodyState] = useState(() => sessionStorage.getItem(draftKey) ?? '');
  const setBody = (text: string) => {
    setBodyState(text);
    if (text) sessionStorage.setItem(draftKey, text); else sessionStorage.removeItem(draftKey);
  };
  const [query, setQuery] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const scrolledToNewest = useRef(false);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const lastId = useRef<string | null>(null);
  const attachmentEvent = useCallback((event: { kind: 'requested'; name: string } | { kind: 'opened' }) => {
    setAnnouncement(event.kind === 'requested' ? t('attachment.requests.announce', { name: event.name }) : t('attachment.nowOpen'));
  }, [t]);
  const attachments = useThreadAttachments(threadId, user.id, attachmentEvent);

  useEffect(() => {
    if (messages?.length) lastId.current = messages[messages.length - 1].id;
    // A conversation opens at its newest message, not its oldest.
    if (messages?.length && !scrolledToNewest.current) {
      scrolledToNewest.current = true;
      list.current?.lastElementChild?.scrollIntoView({ block: 'center' });
    }
  }, [messages]);

  const markRead = useCallback((messageId: string) => {
    api(`/api/threads/${threadId}/read`, { method: 'POST', body: { messageId } }).catch(() => undefined);
  }, [threadId]);

  const catchUp = useCallback(async () => {
    const after = lastId.current;
    const page = await api<{ items: Message[] }>(`/api/threads/${threadId}/messages?limit=200${after ? `&after=${after}` : ''}`);
    setMessages((current) => merge(current ?? [], page.items));
    const last = page.items[page.items.length - 1];
    if (last) markRead(last.id);
  }, [threadId, markRead]);

  useEffect(() => {
    api<Thread[] | { items: Thread[] }>(`/api/cases/${caseId}/threads`)
      .then((answer) => {
        const list = Array.isArray(answer) ? answer : answer.items;
        const found = list.find((x) => x.id === threadId);
        if (found) setThread(found);
        else setError({ status: 404, message: t('notFound.text') });
      }, setError);
    catchUp().catch(setError);
  }, [caseId, threadId, catchUp, t]);

  // The tab's shared socket (src/web/realtime): anything sent while we were away comes in once, by id.
  const connection = useRealtime({
    connect: () => { if (lastId.current) catchUp().catch(() => undefined); },
    'message:new': (event) => {
      if (event.threadId !== threadId) return;
      setMessages((current) => merge(current ?? [], [event.message]));
      if (event.message.author?.id !== user.id) {
        setAnnouncement(t('thread.newFrom', { name: event.message.author?.displayName ?? t('common.unknown') }));
        markRead(event.message.id);
      }
    },
  });

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      const message = await api<Message>(`/api/threads/${threadId}/messages`, { method: 'POST', body: { body: text, clientMessageId: crypto.randomUUID() } });
      setMessages((current) => merge(current ?? [], [message]));
      setBody('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const needle = query.trim().toLocaleLowerCase();
  const shownMessages = (messages ?? []).filter((m) => !needle || m.body.toLocaleLowerCase().includes(needle) || (m.author?.displayName ?? '').toLocaleLowerCase().includes(needle));

  return (
    <KeyProvider>
      <p className="utrecht-paragraph">{user.role === 'child'
        ? <Link href="/">{t('child.backHome')}</Link>
        : <Link href={`/cases/${caseId}?tab=threads`}>{t('thread.back')}</Link>}</p>
      <PageTitle>{thread?.title ?? t('case.tab.threads')}</PageTitle>
      {thread?.members ? (
        <p className="ev-audience">{t('thread.members', { names: thread.members.map((m) => m.displayName).join(', ') })}</p>
      ) : null}
      <p className="utrecht-paragraph utrecht-paragraph--small" data-testid="connection">
        {connection === 'live' ? t('thread.live') : connection === 'offline' ? t('thread.offline') : t('thread.connecting')}
      </p>
      <ErrorAlert error={error} />
      <AttachmentsKeyHint state={attachments} />
      <AccessRequests threadId={threadId} state={attachments} />
      {!messages && !error ? <Loading /> : null}
      {messages && messages.length > 3 ? (
        <TextField label={t('thread.search')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      ) : null}
      {query.trim() ? <p className="utrecht-paragraph" role="status">{t('thread.searchCount', { count: shownMessages.length })}</p> : null}
      <div role="log" aria-label={t('thread.messages')} aria-live="polite" aria-relevant="additions">
      <ol className="ev-messages" ref={list}>
        {shownMessages.map((m) => (
          <li key={m.id} className={`ev-message${m.author?.id === user.id ? ' ev-message--mine' : ''}`}>
            <p className="ev-message__meta">
              <strong>{m.author?.id === user.id ? t('thread.you') : m.author?.displayName ?? t('common.unknown')}</strong>
              {' · '}<time dateTime={m.createdAt}>{formatDateTime(m.createdAt, locale)}</time>
            </p>
            <p className="ev-message__body">{m.body}</p>
            {m.attachments?.length ? <Attachments threadId={threadId} attachments={m.attachments} state={attachments} /> : null}
          </li>
        ))}
      </ol>
      </div>
      {messages && messages.length === 0 ? <Paragraph>{t('thread.empty')}</Paragraph> : null}
      <div className="ev-visually-hidden" role="status" aria-live="polite">{announcement}</div>
      <form onSubmit={send} className="ev-card" ref={form}>
        <TextArea label={t('thread.write')} description={t('thread.enterHelp')} value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={20000}
          onKeyDown={(e) => {
            // Enter sends; Shift+Enter starts a new line (and Enter while composing text stays with the input method).
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) { e.preventDefault(); form.current?.requestSubmit(); }
          }} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('thread.send')}</Button></ButtonGroup>
      </form>
      {connection === 'offline' ? <Alert type="warning">{t('thread.offlineExplain')}</Alert> : null}
      {user.role === 'child' ? (
        // Issue 20: files need a key and a passphrase; a child finds that folded away, explained in a child's words.
        <details className="ev-card" data-testid="child-files">
          <summary>{translate('child.files.summary')}</summary>
          <p className="utrecht-paragraph">{translate('child.files.help')}</p>
          <KeyPanel />
          <AttachmentUpload threadId={threadId} maxUploadBytes={attachments?.maxUploadBytes ?? null}
            onSent={(m) => { setMessages((current) => merge(current ?? [], [m as Message])); attachments?.reload(); }} />
        </details>
      ) : (
        <>
          <KeyPanel />
          <AttachmentUpload threadId={threadId} maxUploadBytes={attachments?.maxUploadBytes ?? null}
            onSent={(m) => { setMessages((current) => merge(current ?? [], [m as Message])); attachments?.reload(); }} />
        </>
      )}
    </KeyProvider>
  );
}
