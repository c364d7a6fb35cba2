import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { Button, ButtonGroup, ErrorAlert, LiveNotice, Paragraph, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { useFormSubmit, type HandoverRequestItem } from './casework.js';

/**
 * A counsellor of the case asks for a handover, with a reason only the team sees. The coordinator
 * picks it up (HandoverPanel) and chooses the new counsellor; until then nothing changes for the
 * family. The open requests of the case show here, so nobody asks twice.
 */
export function HandoverRequest({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const [requests, setRequests] = useState<HandoverRequestItem[] | null>(null);
  const [reason, setReason] = useState('');
  const { busy, errors, setErrors, formError: error, setFormError: setError, run } = useFormSubmit(['reason'], t);
  const [sent, setSent] = useState<string | null>(null);

  const load = useCallback(() => {
    api<HandoverRequestItem[]>(`/api/cases/${caseId}/handover-requests`).then(setRequests, () => setRequests([]));
  }, [caseId]);
  useEffect(load, [load]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    setError(null);
    if (!reason.trim()) { setErrors({ reason: t('cw.handover.reasonMissing') }); return; }
    setErrors({});
    await run(async () => {
      await api(`/api/cases/${caseId}/handover-requests`, { method: 'POST', body: { reason: reason.trim() } });
      setSent(t('cw.handover.sent'));
      setReason('');
      load();
    });
  };

  const open = requests?.filter((r) => r.status === 'open') ?? [];
  return (
    <>
      <Paragraph>{t('cw.handover.explain')}</Paragraph>
      {open.length > 0 ? (
        <ul className="ev-list" aria-label={t('cw.handover.openTitle')}>
          {open.map((r) => (
            <li key={r.id} className="ev-card" data-testid="handover-request">
              <p className="utrecht-paragraph">
                <strong>{t('cw.handover.openItem', { name: r.requestedBy.displayName, date: formatDateTime(r.createdAt, locale) })}</strong>
              </p>
              <p className="utrecht-paragraph ev-story-text">{t('cw.handover.reasonShown', { reason: r.reason })}</p>
              <Paragraph small>{t('cw.handover.waiting')}</Paragraph>
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={send} className="ev-card" noValidate aria-labelledby="cw-handover-form-title">
        <h4 id="cw-handover-form-title" className="utrecht-heading-4">{t('cw.handover.formTitle')}</h4>
        <ErrorAlert error={error} />
        <TextArea label={t('cw.handover.reason')} description={t('cw.handover.reasonHelp')} error={errors.reason}
          value={reason} maxLength={2000} rows={3} onChange={(e) => setReason(e.target.value)} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('cw.handover.send')}</Button></ButtonGroup>
        <LiveNotice message={sent} />
      </form>
    </>
  );
}
