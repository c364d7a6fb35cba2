import { useRef, useState, type MouseEvent } from 'react';
import { api, download } from '../../api/client.js';
import { useUser } from '../../app/session.js';
import { KEY_PANEL_ID, useKeys } from '../../crypto/KeyPanel.js';
import { pgp } from '../../crypto/pgp-client.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph } from '../../components/ui.js';
import { formatBytes } from '../../i18n/format.js';
import { formatDateTime, useI18n, type Translate } from '../../i18n/i18n.js';
import { shareAttachment, useAttachmentMetadata, type ThreadAttachment, type ThreadAttachments } from './attachments-state.js';

export function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <p className="utrecht-paragraph" data-testid="progress">
      <label>{label}{' '}<progress className="ev-progress" max={total || 1} value={done} /></label>
      {' '}<span data-testid="progress-percent">{total ? `${percent}%` : ''}</span>
    </p>
  );
}

/** Moves to the key panel at the bottom of the page and puts the cursor in its first field. */
function goToKeyPanel(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const panel = document.getElementById(KEY_PANEL_ID);
  panel?.scrollIntoView({ block: 'center' });
  document.querySelector<HTMLInputElement>('[data-key-panel] input')?.focus({ preventScroll: true });
}

function KeyPanelLink() {
  const { t } = useI18n();
  return <a className="utrecht-link" href={`#${KEY_PANEL_ID}`} onClick={goToKeyPanel}>{t('keys.toPanel')}</a>;
}

function names(people: { displayName: string }[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(people.map((p) => p.displayName));
}

/** What the attachment is called for this reader: its name and size once they can read them, otherwise a plain label with about its size. */
function attachmentLabel(t: Translate, locale: string, item: ThreadAttachment | undefined, metadata: { name: string; size: number } | null, unlocked: boolean): string {
  if (metadata) return t('attachment.nameAndSize', { name: metadata.name, size: formatBytes(metadata.size, locale) });
  if (item?.hasMetadata && item.canOpen && !unlocked) return t('attachment.lockedLabel');
  if (item) return t('attachment.approxSize', { label: t('attachment.label'), size: formatBytes(item.encryptedSize, locale) });
  return t('attachment.label');
}

/**
 * A member who cannot open the file: why, in plain words; who can share it; and one click to ask
 * them (or what was asked, and when).
 */
function AskForAccess({ item, onAsked }: { item: ThreadAttachment; onAsked(): void }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const { state } = useKeys();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const mine = item.accessRequests.find((r) => r.userId === user.id);
  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/attachments/${item.id}/access-requests`, { method: 'POST' });
      onAsked();
      // The button goes; focus goes to the sentence that says what happens now.
      requestAnimationFrame(() => status.current?.focus());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ev-attachment__access" data-testid="no-access">
      <Paragraph>{t('attachment.noAccess')}</Paragraph>
      <Paragraph>{item.openers.length ? t('attachment.whoCanShare', { names: names(item.openers, locale), count: item.openers.length }) : t('attachment.nobodyCanShare')}</Paragraph>
      <ErrorAlert error={error} />
      <div role="status">
        {mine ? <p className="utrecht-paragraph" tabIndex={-1} ref={status}>{t('attachment.asked', { date: formatDateTime(mine.requestedAt, locale) })}</p> : null}
      </div>
      {mine || !item.openers.length ? null : state === 'none' ? (
        <Paragraph>{t('attachment.askNeedsKey')} <KeyPanelLink /></Paragraph>
      ) : (
        <ButtonGroup><Button appearance="secondary-action-button" busy={busy} disabled={busy} onClick={() => void ask()}>{t('attachment.ask')}</Button></ButtonGroup>
      )}
    </div>
  );
}

/** One encrypted attachment: its name and size, opened (downloaded, decrypted in the worker), shared on, or asked for. */
function AttachmentItem({ threadId, id, item, reload }: { threadId: string; id: string; item: ThreadAttachment | undefined; reload(): void }) {
  const { t, locale } = useI18n();
  const { state } = useKeys();
  const unlocked = state === 'unlocked';
  const metadata = useAttachmentMetadata(item, unlocked);
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [opened, setOpened] = useState<{ url: string; filename: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const open = async () => {
    setError(null);
    try {
      const cipher = await download(`/api/attachments/${id}`, (done, total) => setProgress({ label: t('attachment.downloading'), done, total }));
      const plain = await pgp.decrypt(cipher, (done, total) => setProgress({ label: t('attachment.decrypting'), done, total }));
      setOpened({ url: URL.createObjectURL(new Blob([plain.data as BlobPart], { type: metadata?.type || 'application/octet-stream' })), filename: plain.filename });
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  };

  const shareWithNewMembers = async () => {
    if (!item) return;
    setError(null);
    setNotice(null);
    try {
      const openers = new Set(item.openers.map((o) => o.userId));
      const count = await shareAttachment(threadId, item, (userId) => !openers.has(userId));
      setNotice(count ? t('attachment.shared', { count }) : t('attachment.everyoneHasIt'));
      if (count) reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <li className="ev-attachment" data-testid="attachment">
      <p className="utrecht-paragraph ev-attachment__name"><bdi data-testid="attachment-name">{attachmentLabel(t, locale, item, metadata, unlocked)}</bdi></p>
      {progress ? <Progress {...progress} /> : null}
      <ErrorAlert error={error} />
      <LiveNotice message={notice} />
      {opened ? (
        <p className="utrecht-paragraph">
          <a className="utrecht-link" href={opened.url} download={opened.filename}>{t('attachment.save', { name: opened.filename })}</a>
        </p>
      ) : null}
      {item && !item.canOpen ? <AskForAccess item={item} onAsked={reload} /> : null}
      {item?.canOpen && unlocked ? (
        <ButtonGroup>
          {!opened ? <Button appearance="secondary-action-button" disabled={Boolean(progress)} onClick={() => void open()}>{t('attachment.open')}</Button> : null}
          {/* Members may have joined since this page loaded: it says so when everyone can open it already. */}
          <Button appearance="subtle-button" onClick={() => void shareWithNewMembers()}>{t('attachment.shareNew')}</Button>
        </ButtonGroup>
      ) : null}
    </li>
  );
}

export function Attachments({ threadId, attachments, state }: { threadId: string; attachments: { id: string }[]; state: ThreadAttachments | null }) {
  return (
    <ul className="ev-attachments">
      {attachments.map((a) => (
        <AttachmentItem key={a.id} threadId={threadId} id={a.id} item={state?.byId.get(a.id)} reload={() => state?.reload()} />
      ))}
    </ul>
  );
}

/** While the key is locked (or not made yet) and the conversation holds attachments: say so at the top, with a way to the key. */
export function AttachmentsKeyHint({ state }: { state: ThreadAttachments | null }) {
  const { t } = useI18n();
  const keys = useKeys();
  if (!state?.items.length || (keys.state !== 'locked' && keys.state !== 'none')) return null;
  return (
    <Alert type="info">
      <Paragraph>{keys.state === 'none' ? t('keys.noKeyHint') : t('keys.lockedHint')} <KeyPanelLink /></Paragraph>
    </Alert>
  );
}

function RequestRow({ threadId, item, request, onShared }: {
  threadId: string; item: ThreadAttachment; request: ThreadAttachment['accessRequests'][number]; onShared(text: string): void;
}) {
  const { t, locale } = useI18n();
  const { state } = useKeys();
  const metadata = useAttachmentMetadata(item, state === 'unlocked');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [noKey, setNoKey] = useState(false);
  const file = metadata?.name ?? t('attachment.requests.fileOf', { name: item.uploadedBy.displayName, date: formatDateTime(item.createdAt, locale) });
  const textId = `request-${item.id}-${request.userId}`;
  const share = async () => {
    setBusy(true);
    setError(null);
    try {
      const count = await shareAttachment(threadId, item, (userId) => userId === request.userId);
      if (count === 0) setNoKey(true);
      else onShared(t('attachment.requests.shared', { name: request.displayName, file }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="utrecht-unordered-list__item" data-testid="access-request">
      <p className="utrecht-paragraph" id={textId}>{t('attachment.requests.item', { name: request.displayName, file })}</p>
      <ErrorAlert error={error} />
      {noKey ? <Alert type="warning">{t('attachment.requests.noKey', { name: request.displayName })}</Alert> : null}
      {state === 'unlocked' ? (
        <ButtonGroup>
          <Button appearance="secondary-action-button" busy={busy} disabled={busy} aria-describedby={textId} onClick={() => void share()}>
            {t('attachment.requests.share', { name: request.displayName })}
          </Button>
        </ButtonGroup>
      ) : <Paragraph small>{t('attachment.requests.locked')} <KeyPanelLink /></Paragraph>}
    </li>
  );
}

/**
 * For members who can open a file: who asked for it. Shown at the top of the conversation (and
 * after a reload), each with a one-click share to that person's key.
 */
export function AccessRequests({ threadId, state }: { threadId: string; state: ThreadAttachments | null }) {
  const { t } = useI18n();
  const user = useUser();
  const [notice, setNotice] = useState<string | null>(null);
  const rows = (state?.items ?? []).filter((item) => item.canOpen)
    .flatMap((item) => item.accessRequests.filter((r) => r.userId !== user.id).map((request) => ({ item, request })));
  return (
    <>
      <LiveNotice message={notice} />
      {rows.length ? (
        <section className="ev-card" aria-labelledby="access-requests-title" data-testid="access-requests">
          <Heading level={2} id="access-requests-title">{t('attachment.requests.title')}</Heading>
          <Paragraph>{t('attachment.requests.intro')}</Paragraph>
          <ul className="utrecht-unordered-list">
            {rows.map(({ item, request }) => (
              <RequestRow key={`${item.id}:${request.userId}`} threadId={threadId} item={item} request={request}
                onShared={(text) => { setNotice(text); state?.reload(); }} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
