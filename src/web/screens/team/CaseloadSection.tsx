import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, StatusBadge, TextField } from '../../components/ui.js';
import { useI18n, type MessageKey, type Translate } from '../../i18n/i18n.js';
import { CounsellorProfileForm } from './CounsellorProfileForm.js';
import { fieldError, isFieldError, type Caseload, type CapacityWarning, type CounsellorLoad, type Region } from './team-api.js';

/** The server's warnings carry Dutch text only; we say them in the user's language from their code. */
function warningText(t: Translate, caseload: Caseload, warning: CapacityWarning): string {
  const key = `team.warning.${warning.code}` as MessageKey;
  const counsellor = caseload.counsellors.find((c) => c.id === warning.counsellorId);
  const text = t(key, {
    active: counsellor?.activeCases ?? caseload.activeCases,
    capacity: counsellor?.capacity ?? caseload.teamCapacity,
    open: caseload.openRegistrations,
    name: counsellor?.displayName ?? '',
    sum: caseload.counsellors.reduce((sum, c) => sum + (c.capacity ?? 0), 0),
  });
  return text === key ? warning.message : text;
}

/** Free room in words (never colour alone): over capacity, full, free places, or not set. */
function Room({ counsellor }: { counsellor: CounsellorLoad }) {
  const { t } = useI18n();
  if (counsellor.capacity === null) return <StatusBadge kind="neutral">{t('team.room.unknown')}</StatusBadge>;
  const free = counsellor.capacity - counsellor.activeCases;
  if (free < 0) return <StatusBadge kind="danger"><span aria-hidden="true">! </span>{t('team.room.over', { count: -free })}</StatusBadge>;
  if (free === 0) return <StatusBadge kind="warning">{t('team.room.full')}</StatusBadge>;
  return <StatusBadge kind="active">{t('team.room.free', { count: free })}</StatusBadge>;
}

export function CaseloadSection({ caseload, regions, reload }: { caseload: Caseload; regions: Region[]; reload(): void }) {
  const { t } = useI18n();
  const [capacity, setCapacity] = useState(String(caseload.teamCapacity));
  const [capacityError, setCapacityError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // When the profile form closes, focus goes back to the button that opened it (not lost to the page).
  const [returnFocusTo, setReturnFocusTo] = useState<string | null>(null);
  useEffect(() => {
    if (!returnFocusTo) return;
    document.querySelector<HTMLButtonElement>(`[data-edit-counsellor="${returnFocusTo}"]`)?.focus();
    setReturnFocusTo(null);
  }, [returnFocusTo]);
  const closeEditor = () => { setReturnFocusTo(editing); setEditing(null); };

  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
  const editingCounsellor = caseload.counsellors.find((c) => c.id === editing) ?? null;

  const saveCapacity = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    setCapacityError(null);
    try {
      // An empty or non-numeric entry goes to the server as is: it names the field, we show it there.
      const value = capacity.trim() === '' ? capacity : Number(capacity);
      const saved = await api<{ capacity: number }>('/api/team/capacity', { method: 'PUT', body: { capacity: value } });
      setCapacity(String(saved.capacity));
      setNotice(t('team.capacityForm.saved', { capacity: saved.capacity }));
      reload();
    } catch (caught) {
      setCapacityError(caught);
    } finally {
      setBusy(false);
    }
  };
  const capacityFieldError = fieldError(capacityError, 'capacity', t('team.capacityForm.invalid'));

  return (
    <section aria-labelledby="team-caseload-title">
      <Heading level={2} id="team-caseload-title">{t('team.caseload.title')}</Heading>
      <dl className="ev-facts" data-testid="team-facts">
        <dt>{t('team.caseload.teamCapacity')}</dt><dd>{caseload.teamCapacity}</dd>
        <dt>{t('team.caseload.active')}</dt><dd>{caseload.activeCases}</dd>
        <dt>{t('team.caseload.open')}</dt><dd>{caseload.openRegistrations}</dd>
        <dt>{t('team.caseload.free')}</dt><dd>{caseload.freeCapacity}</dd>
      </dl>
      {caseload.warnings.map((w) => <Alert key={`${w.code}-${w.counsellorId ?? ''}`} type="warning">{warningText(t, caseload, w)}</Alert>)}
      <LiveNotice message={notice} />

      <form className="ev-card" onSubmit={(e) => void saveCapacity(e)} noValidate aria-labelledby="team-capacity-title">
        <Heading level={3} id="team-capacity-title">{t('team.capacityForm.title')}</Heading>
        {!caseload.teamCapacityConfigured ? <Paragraph small>{t('team.capacityForm.notSet', { capacity: caseload.teamCapacity })}</Paragraph> : null}
        {capacityFieldError ? <Alert type="error">{t('team.fieldProblem', { field: t('team.capacityForm.label') })}</Alert> : null}
        {capacityError && !isFieldError(capacityError, ['capacity']) ? <ErrorAlert error={capacityError} /> : null}
        <TextField label={t('team.capacityForm.label')} description={t('team.capacityForm.description')} error={capacityFieldError}
          type="number" inputMode="numeric" min={0} max={100000} step={1} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        <ButtonGroup>
          <Button type="submit" busy={busy}>{t('team.capacityForm.save')}</Button>
        </ButtonGroup>
      </form>

      {caseload.counsellors.length === 0 ? <Paragraph>{t('team.table.noCounsellors')}</Paragraph> : (
        <div className="ev-table-wrap ev-team-table-wrap" role="region" aria-labelledby="team-table-caption" tabIndex={0}>
          <table className="ev-table utrecht-table">
            <caption id="team-table-caption" className="ev-caption"><strong>{t('team.table.caption')}</strong></caption>
            <thead>
              <tr>
                <th scope="col">{t('team.table.name')}</th>
                <th scope="col">{t('team.table.active')}</th>
                <th scope="col">{t('team.table.capacity')}</th>
                <th scope="col">{t('team.table.room')}</th>
                <th scope="col">{t('team.table.regions')}</th>
                <th scope="col">{t('team.table.change')}</th>
              </tr>
            </thead>
            <tbody>
              {caseload.counsellors.map((c) => (
                <tr key={c.id} data-testid="counsellor-row">
                  <th scope="row">{c.displayName}</th>
                  <td>{c.activeCases}</td>
                  <td>{c.capacity ?? t('team.capacity.notSet')}</td>
                  <td><Room counsellor={c} /></td>
                  <td>{c.regionCodes.length ? c.regionCodes.map(regionName).join(', ') : t('team.table.noRegions')}</td>
                  <td>
                    <Button appearance="secondary-action-button" aria-expanded={editing === c.id} data-edit-counsellor={c.id}
                      onClick={() => { setNotice(null); setEditing(editing === c.id ? null : c.id); }}>
                      {t('team.table.changeFor', { name: c.displayName })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editingCounsellor ? (
        <CounsellorProfileForm key={editingCounsellor.id} counsellor={editingCounsellor} regions={regions}
          onCancel={closeEditor}
          onSaved={() => { setNotice(t('team.profile.saved', { name: editingCounsellor.displayName })); closeEditor(); reload(); }} />
      ) : null}
    </section>
  );
}
