import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, Fieldset, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { fieldError, isFieldError, type CounsellorLoad, type Region } from './team-api.js';

/** A counsellor's capacity and regions (`PUT /api/counsellors/{id}/profile`). */
export function CounsellorProfileForm({ counsellor, regions, onSaved, onCancel }: {
  counsellor: CounsellorLoad; regions: Region[]; onSaved(): void; onCancel(): void;
}) {
  const { t } = useI18n();
  const name = counsellor.displayName;
  const [capacity, setCapacity] = useState(counsellor.capacity === null ? '' : String(counsellor.capacity));
  const [chosen, setChosen] = useState<string[]>(counsellor.regionCodes);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => { titleRef.current?.focus(); }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const value = capacity.trim() === '' ? null : Number(capacity);
      await api(`/api/counsellors/${counsellor.id}/profile`, {
        method: 'PUT',
        // A non-number goes to the server as typed, so the server names the field.
        body: { capacity: value !== null && Number.isNaN(value) ? capacity : value, regionCodes: chosen },
      });
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (code: string, on: boolean) => setChosen((list) => (on ? [...list, code] : list.filter((c) => c !== code)));
  const capacityError = fieldError(error, 'capacity', t('team.profile.capacityInvalid'));
  const regionsError = fieldError(error, 'regionCodes', t('team.profile.regionsInvalid'));
  const capacityLabel = t('team.profile.capacity', { name });
  const regionsLabel = t('team.profile.regions', { name });

  return (
    <form className="ev-card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="team-profile-title" data-testid="counsellor-profile">
      <h3 id="team-profile-title" ref={titleRef} tabIndex={-1} className="utrecht-heading-3">{t('team.profile.title', { name })}</h3>
      {capacityError || regionsError ? <Alert type="error">{t('team.fieldProblem', { field: capacityError ? capacityLabel : regionsLabel })}</Alert> : null}
      {error && !isFieldError(error, ['capacity', 'regionCodes']) ? <ErrorAlert error={error} /> : null}
      <TextField label={capacityLabel} description={t('team.profile.capacityDescription')} error={capacityError}
        type="number" inputMode="numeric" min={0} max={1000} step={1} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
      <Fieldset legend={regionsLabel} description={t('team.profile.regionsDescription', { name })}>
        {regionsError ? <div className="utrecht-form-field-error-message">{regionsError}</div> : null}
        <div className="ev-team-regions">
          {regions.map((r) => (
            <Checkbox key={r.code} label={r.name} checked={chosen.includes(r.code)} onChange={(on) => toggle(r.code, on)} />
          ))}
        </div>
      </Fieldset>
      <ButtonGroup>
        <Button type="submit" busy={busy}>{t('team.profile.save')}</Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>{t('common.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}
