import { useState } from 'react';
import { api, download } from '../../api/client.js';
import { useKeys } from '../../crypto/KeyPanel.js';
import { pgp } from '../../crypto/pgp-client.js';
import { Alert, Button, ButtonGroup, ErrorAlert } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

interface Recipients { keys: { userId: string; fingerprint: string; publicKey: string }[]; missingKey: string[] }

function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  return (
    <p className="utrecht-paragraph">
      <label>{label}{' '}<progress className="ev-progress" max={total || 1} value={done} /></label>
      {' '}{total ? `${Math.round((done / total) * 100)}%` : ''}
    </p>
  );
}

/** One encrypted attachment: opened (downloaded, decrypted in the worker) and shared on with later members. */
function AttachmentItem({ threadId, id }: { threadId: string; id: string }) {
  const { t } = useI18n();
  const { state } = useKeys();
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [opened, setOpened] = useState<{ url: string; filename: string; size: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const open = async () => {
    setError(null);
    try {
      const cipher = await download(`/api/attachments/${id}`, (done, total) => setProgress({ label: t('attachment.downloading'), done, total }));
      const plain = await pgp.decrypt(cipher, (done, total) => setProgress({ label: t('attachment.decrypting'), done, total }));
      setOpened({ url: URL.createObjectURL(new Blob([plain.data as BlobPart])), filename: plain.filename, size: plain.data.length });
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  };

  const share = async () => {
    setError(null);
    setNotice(null);
    try {
      const [info, recipients] = await Promise.all([
        api<{ recipients: string[] }>(`/api/attachments/${id}/recipients`),
        api<Recipients>(`/api/threads/${threadId}/recipients`),
      ]);
      const have = new Set(info.recipients.map((f) => f.toUpperCase()));
      const missing = recipients.keys.filter((k) => !have.has(k.fingerprint.toUpperCase()));
      if (missing.length === 0) { setNotice(t('attachment.everyoneHasIt')); return; }
      const cipher = await download(`/api/attachments/${id}`);
      const packets = await pgp.share(cipher, missing.map((k) => k.publicKey));
      await api(`/api/attachments/${id}/recipients`, { method: 'POST', raw: { data: packets.data as BlobPart as BodyInit, contentType: 'application/octet-stream' } });
      setNotice(t('attachment.shared', { count: missing.length }));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <li className="utrecht-unordered-list__item">
      <span>{opened ? opened.filename : t('attachment.label')}</span>
      {progress ? <Progress {...progress} /> : null}
      <ErrorAlert error={error} />
      {notice ? <Alert type="ok">{notice}</Alert> : null}
      {opened ? (
        <p className="utrecht-paragraph">
          <a className="utrecht-link" href={opened.url} download={opened.filename}>{t('attachment.save', { name: opened.filename })}</a>
        </p>
      ) : null}
      {state === 'unlocked' ? (
        <ButtonGroup>
          {!opened ? <Button appearance="secondary-action-button" disabled={Boolean(progress)} onClick={() => void open()}>{t('attachment.open')}</Button> : null}
          <Button appearance="subtle-button" onClick={() => void share()}>{t('attachment.shareNew')}</Button>
        </ButtonGroup>
      ) : null}
    </li>
  );
}

export function Attachments({ threadId, attachments }: { threadId: string; attachments: { id: string }[] }) {
  return <ul className="utrecht-unordered-list">{attachments.map((a) => <AttachmentItem key={a.id} threadId={threadId} id={a.id} />)}</ul>;
}

/** Encrypts a chosen file to every member's key in the worker, uploads it, and sends it as a message. */
export function AttachmentUpload({ threadId, onSent }: { threadId: string; onSent(message: unknown): void }) {
  const { t } = useI18n();
  const { state } = useKeys();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (state !== 'unlocked') return null;

  const send = async () => {
    if (!file) return;
    setError(null);
    setWarning(null);
    try {
      const recipients = await api<Recipients>(`/api/threads/${threadId}/recipients`);
      if (recipients.missingKey.length) setWarning(t('attachment.someoneWithoutKey', { count: recipients.missingKey.length }));
      const data = new Uint8Array(await file.arrayBuffer());
      const encrypted = await pgp.encrypt(data, file.name, recipients.keys.map((k) => k.publicKey), (done, total) => setProgress({ label: t('attachment.encrypting'), done, total }));
      setProgress({ label: t('attachment.uploading'), done: 0, total: 0 });
      const uploaded = await api<{ id: string }>(`/api/threads/${threadId}/attachments`, { method: 'POST', raw: { data: encrypted.data as BlobPart as BodyInit, contentType: 'application/octet-stream' } });
      const message = await api(`/api/threads/${threadId}/messages`, { method: 'POST', body: { body: t('attachment.messageBody'), clientMessageId: crypto.randomUUID(), attachmentIds: [uploaded.id] } });
      onSent(message);
      setFile(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="ev-card">
      <div className="utrecht-form-field">
        <label className="utrecht-form-label" htmlFor="attachment-file">{t('attachment.choose')}</label>
        <div className="utrecht-form-field-description" id="attachment-help">{t('attachment.help')}</div>
        <input id="attachment-file" type="file" aria-describedby="attachment-help" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      {progress ? <Progress {...progress} /> : null}
      {warning ? <Alert type="warning">{warning}</Alert> : null}
      <ErrorAlert error={error} />
      <ButtonGroup><Button disabled={!file || Boolean(progress)} onClick={() => void send()}>{t('attachment.send')}</Button></ButtonGroup>
    </div>
  );
}
