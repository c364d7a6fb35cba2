import { useRef, useState } from 'react';
import { api, upload } from '../../api/client.js';
import { useKeys } from '../../crypto/KeyPanel.js';
import { pgp, PgpError } from '../../crypto/pgp-client.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Paragraph } from '../../components/ui.js';
import { formatBytes } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { fileLimit, type Recipients } from './attachments-state.js';
import { Progress } from './Attachments.js';

const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const stoppedByUser = (error: unknown) => (error instanceof DOMException && error.name === 'AbortError') || (error instanceof PgpError && error.code === 'cancelled');

/**
 * Encrypts a chosen file to every member's key in the worker, uploads it with its sealed name and
 * size, and sends it as a message. The size limit is stated up front and checked when the file is
 * chosen, before any encryption; encrypting and sending show their percentage and can be stopped.
 */
export function AttachmentUpload({ threadId, maxUploadBytes, onSent }: { threadId: string; maxUploadBytes: number | null; onSent(message: unknown): void }) {
  const { t, locale } = useI18n();
  const { state } = useKeys();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  if (state !== 'unlocked') return null;

  const limit = maxUploadBytes === null ? null : fileLimit(maxUploadBytes);
  const tooLarge = file && limit !== null && file.size > limit
    ? t('attachment.tooLarge', { size: formatBytes(file.size, locale), limit: formatBytes(limit, locale) }) : null;

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setNotice(null);
    setError(null);
  };

  const send = async () => {
    if (!file || limit === null) return;
    if (tooLarge) { input.current?.focus(); return; }
    const controller = new AbortController();
    running.current = controller;
    setError(null);
    setWarning(null);
    setNotice(null);
    setProgress({ label: t('attachment.encrypting'), done: 0, total: file.size });
    try {
      const recipients = await api<Recipients>(`/api/threads/${threadId}/recipients`, { signal: controller.signal });
      if (recipients.missingKey.length) setWarning(t('attachment.someoneWithoutKey', { count: recipients.missingKey.length }));
      const encrypted = await pgp.encrypt(file, { name: file.name, size: file.size, type: file.type }, recipients.keys.map((k) => k.publicKey),
        (done, total) => setProgress({ label: t('attachment.encrypting'), done, total }), controller.signal);
      const body = new Blob([encrypted.data as BlobPart]);
      setProgress({ label: t('attachment.uploading'), done: 0, total: body.size });
      const uploaded = await upload<{ id: string }>(`/api/threads/${threadId}/attachments`, body, {
        contentType: 'application/octet-stream',
        headers: { 'Attachment-Metadata': toBase64(encrypted.metadata) },
        onProgress: (done, total) => setProgress({ label: t('attachment.uploading'), done, total }),
        signal: controller.signal,
      });
      const message = await api(`/api/threads/${threadId}/messages`, { method: 'POST', body: { body: t('attachment.messageBody'), clientMessageId: crypto.randomUUID(), attachmentIds: [uploaded.id] } });
      onSent(message);
      setFile(null);
      setInputKey((k) => k + 1);
    } catch (caught) {
      if (stoppedByUser(caught)) setNotice(t('attachment.stopped'));
      else setError(caught);
    } finally {
      running.current = null;
      setProgress(null);
    }
  };

  const help = limit === null ? null : t('attachment.help', { limit: formatBytes(limit, locale) });
  return (
    <div className="ev-card" data-testid="attachment-upload">
      <div className={['utrecht-form-field', tooLarge && 'utrecht-form-field--invalid'].filter(Boolean).join(' ')}>
        <label className="utrecht-form-label" htmlFor="attachment-file">{t('attachment.choose')}</label>
        {help ? <div className="utrecht-form-field-description" id="attachment-help">{help}</div> : null}
        {tooLarge ? <div className="utrecht-form-field-error-message" id="attachment-error">{tooLarge}</div> : null}
        <input key={inputKey} ref={input} id="attachment-file" type="file" disabled={Boolean(progress)}
          aria-describedby={[help && 'attachment-help', tooLarge && 'attachment-error'].filter(Boolean).join(' ') || undefined}
          aria-invalid={tooLarge ? true : undefined} onChange={(e) => choose(e.target.files?.[0] ?? null)} />
      </div>
      {progress ? <Progress {...progress} /> : null}
      {warning ? <Alert type="warning">{warning}</Alert> : null}
      <ErrorAlert error={error} />
      <div role="status" aria-live="polite">{notice ? <Paragraph>{notice}</Paragraph> : null}</div>
      <ButtonGroup>
        {progress
          ? <Button appearance="secondary-action-button" onClick={() => running.current?.abort()}>{t('attachment.stop')}</Button>
          : <Button disabled={!file || limit === null} onClick={() => void send()}>{t('attachment.send')}</Button>}
      </ButtonGroup>
    </div>
  );
}
