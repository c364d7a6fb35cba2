import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { PersonRef } from '../../api/types.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, FormField, TextArea } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { fieldError, isFieldError, type CounsellorLoad } from './team-api.js';

export type { TeamHandoverRequest } from '../../api/types.js';

/**
 * Hands a case to another counsellor of the team (`POST /api/cases/{id}/handover`): who, why (the
 * team's only), and whether the previous counsellor stays. Used on the team screen and in a case.
 */
export function HandoverForm({ caseId, lead, counsellors, initialReason, headingId, onDone, onCancel }: {
  caseId: string; lead: PersonRef | null; counsellors: CounsellorLoad[]; initialReason: string; headingId: string;
  onDone(newCounsellor: string): void; onCancel(): void;
}) {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState(initialReason);
  const [stays, setStays] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => { titleRef.current?.focus(); }, []);

  const handOver = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const done = await api<{ to: PersonRef }>(`/api/cases/${caseId}/handover`, {
        method: 'POST',
        body: { toCounsellorId: to, reason, ...(stays ? { previousCounsellorStays: true } : {}) },
      });
      onDone(done.to.displayName);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const choices = counsellors.filter((c) => c.id !== lead?.id);
  const toError = fieldError(error, 'toCounsellorId', t('team.handover.toInvalid'));
  const reasonError = fieldError(error, 'reason', t('team.handover.reasonInvalid'));
  const toLabel = t('team.handover.to');
  const reasonLabel = t('team.handover.reason');

  return (
    <form onSubmit={(e) => void handOver(e)} noValidate aria-labelledby={headingId} data-testid="handover-form">
      <h3 id={headingId} ref={titleRef} tabIndex={-1} className="utrecht-heading-3">{t('team.handover.start')}</h3>
      {toError || reasonError ? <Alert type="error">{t('team.fieldProblem', { field: toError ? toLabel : reasonLabel })}</Alert> : null}
      {error && !isFieldError(error, ['toCounsellorId', 'reason']) ? <ErrorAlert error={error} /> : null}
      <FormField label={toLabel} error={toError}>
        {({ id, describedBy, invalid }) => (
          <select id={id} className="utrecht-select utrecht-select--html-select" value={to} aria-describedby={describedBy} aria-invalid={invalid || undefined}
            onChange={(e) => setTo(e.target.value)}>
            <option value="">{t('team.handover.choose')}</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>{t('team.handover.option', { name: c.displayName, active: c.activeCases, capacity: c.capacity ?? '?' })}</option>
            ))}
          </select>
        )}
      </FormField>
      <TextArea label={reasonLabel} description={t('team.handover.reasonDescription')} error={reasonError} rows={3} maxLength={2000}
        value={reason} onChange={(e) => setReason(e.target.value)} />
      {lead ? (
        <Checkbox label={t('team.handover.stays', { name: lead.displayName })} description={t('team.handover.staysDescription')}
          checked={stays} onChange={setStays} />
      ) : null}
      <ButtonGroup>
        <Button type="submit" busy={busy}>{t('team.handover.submit')}</Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>{t('common.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}
