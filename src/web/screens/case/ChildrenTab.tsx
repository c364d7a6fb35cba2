import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import { ErrorSummary } from '../../components/errors.js';
import { Alert, Button, ButtonGroup, ErrorAlert, LiveNotice, Loading, Paragraph, SelectField, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';
import { WhoReads } from './readers.js';
import { ChildVoiceForAdults } from '../child/ChildVoiceForAdults.js'; // issue 20
import { PLACEMENTS, PROTECTION_MEASURES, useFormSubmit, todayInNetherlands, word, type Child, type FieldErrors } from './casework.js';

const FIELDS = ['firstName', 'birthYear', 'placement', 'protectionMeasure', 'placedSince'] as const;

/**
 * The children of the case: birth year, where they live now and since when, and whether there is a
 * child protection measure. The team adds and changes them; the parents read them here, and so do
 * partners to whom a parent gave `children` consent. Without it a partner reads why, not an error.
 */
export function ChildrenTab({ caseFile, participants, isTeam, isParent }: CaseContext) {
  const { t, locale } = useI18n();
  const [children, setChildren] = useState<Child[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const isPartner = !isTeam && !isParent;
  const mayRead = !isPartner || caseFile.access.children;
  const load = useCallback(() => {
    if (mayRead) api<Child[]>(`/api/cases/${caseFile.id}/children`).then(setChildren, setError);
  }, [caseFile.id, mayRead]);
  useEffect(load, [load]);

  // No consent (or it was revoked since the case was opened: the API answers 403 consent_required).
  const consentMissing = !mayRead || (error instanceof ApiError && error.status === 403 && error.code === 'consent_required');
  if (consentMissing) {
    return (
      <Alert type="info" title={t('cw.children.noConsentTitle')}>
        <p className="utrecht-paragraph" data-testid="children-no-consent">{t('cw.children.noConsent')}</p>
      </Alert>
    );
  }

  const name = (c: Child) => c.firstName ? t('cw.children.named', { name: c.firstName, year: c.birthYear }) : t('cw.children.unnamed', { year: c.birthYear });
  const done = (message: string) => { setSaved(message); setEditing(null); setAdding(false); load(); };

  return (
    <>
      <Paragraph>{isTeam ? t('cw.children.introTeam') : isParent ? t('cw.children.introParent') : t('cw.children.introPartner')}</Paragraph>
      {isTeam || isParent ? <WhoReads caseId={caseFile.id} participants={participants} scope="children" show boxed /> : null}
      <ErrorAlert error={error} />
      <LiveNotice message={saved} />
      {!children && !error ? <Loading /> : null}
      {children && children.length === 0 ? <Paragraph>{t('cw.children.none')}</Paragraph> : null}
      {children && children.length > 0 ? (
        <ul className="ev-list" aria-label={t('cw.children.listLabel')}>
          {children.map((c) => (
            <li key={c.id} className="ev-card" data-testid="child">
              {editing === c.id ? (
                <ChildForm caseId={caseFile.id} child={c} title={t('cw.children.editTitle', { name: name(c) })}
                  onSaved={() => done(t('cw.children.updated', { name: name(c) }))} onCancel={() => setEditing(null)} />
              ) : (
                <>
                  <h3 className="utrecht-heading-3">{name(c)}</h3>
                  <dl className="ev-facts">
                    <dt>{t('cw.children.placement')}</dt><dd>{word(t, 'cw.placement', c.placement)}</dd>
                    <dt>{t('cw.children.placedSince')}</dt><dd>{c.placedSince ? formatDate(c.placedSince, locale) : t('common.unknown')}</dd>
                    <dt>{t('cw.children.measure')}</dt><dd>{word(t, 'cw.measure', c.protectionMeasure)}</dd>
                  </dl>
                  <ChildVoiceForAdults caseId={caseFile.id} child={c} participants={participants} isTeam={isTeam} name={name(c)} onLinked={() => done(t('cw.children.updated', { name: name(c) }))} />
                  {isTeam ? (
                    <ButtonGroup>
                      <Button appearance="secondary-action-button" onClick={() => { setSaved(null); setAdding(false); setEditing(c.id); }}>
                        {t('cw.children.edit', { name: name(c) })}
                      </Button>
                    </ButtonGroup>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {isTeam && !adding ? (
        <ButtonGroup>
          <Button onClick={() => { setSaved(null); setEditing(null); setAdding(true); }}>{t('cw.children.add')}</Button>
        </ButtonGroup>
      ) : null}
      {isTeam && adding ? (
        <div className="ev-card">
          <ChildForm caseId={caseFile.id} child={null} title={t('cw.children.addTitle')}
            onSaved={(c) => done(t('cw.children.added', { name: name(c) }))} onCancel={() => setAdding(false)} />
        </div>
      ) : null}
    </>
  );
}

/** Adds a child (child = null) or changes one. The server checks the dates; its answer shows next to the field. */
function ChildForm({ caseId, child, title, onSaved, onCancel }: { caseId: string; child: Child | null; title: string; onSaved(child: Child): void; onCancel(): void }) {
  const { t } = useI18n();
  const [firstName, setFirstName] = useState(child?.firstName ?? '');
  const [birthYear, setBirthYear] = useState(child ? String(child.birthYear) : '');
  const [placement, setPlacement] = useState(child?.placement ?? '');
  const [measure, setMeasure] = useState(child?.protectionMeasure ?? '');
  const [placedSince, setPlacedSince] = useState(child?.placedSince ?? '');
  const { busy, errors, setErrors, formError: error, setFormError: setError, run } = useFormSubmit(FIELDS, t);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    const year = Number(birthYear.trim());
    if (!birthYear.trim()) missing.birthYear = t('cw.children.birthYearMissing');
    else if (!Number.isInteger(year)) missing.birthYear = t('cw.invalid.birthYear');
    if (!placement) missing.placement = t('cw.children.placementMissing');
    if (!measure) missing.protectionMeasure = t('cw.children.measureMissing');
    setErrors(missing);
    setError(null);
    if (Object.keys(missing).length) return;
    const body = { firstName: firstName.trim() || null, birthYear: year, placement, protectionMeasure: measure, placedSince: placedSince || null };
    await run(async () => {
      const saved = await api<Child>(child ? `/api/cases/${caseId}/children/${child.id}` : `/api/cases/${caseId}/children`, { method: child ? 'PATCH' : 'POST', body });
      onSaved(saved);
    });
  };

  const thisYear = Number(todayInNetherlands().slice(0, 4));
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`cw-child-${child?.id ?? 'new'}`}>
      <h3 id={`cw-child-${child?.id ?? 'new'}`} ref={heading} tabIndex={-1} className="utrecht-heading-3">{title}</h3>
      <ErrorSummary errors={errors} />
      <ErrorAlert error={error} />
      <TextField label={t('cw.children.firstName')} description={t('cw.children.firstNameHelp')} error={errors.firstName}
        value={firstName} maxLength={100} autoComplete="off" onChange={(e) => setFirstName(e.target.value)} />
      <TextField label={t('cw.children.birthYear')} description={t('cw.children.birthYearHelp')} error={errors.birthYear}
        value={birthYear} inputMode="numeric" maxLength={4} autoComplete="off" className="cw-short" onChange={(e) => setBirthYear(e.target.value)} />
      <SelectField label={t('cw.children.placement')} error={errors.placement} value={placement} onChange={setPlacement}
        placeholder={t('cw.choose')} options={PLACEMENTS.map((v) => ({ value: v, label: word(t, 'cw.placement', v) }))} />
      <TextField type="date" label={t('cw.children.placedSinceLabel')} description={t('cw.children.placedSinceHelp')} error={errors.placedSince}
        value={placedSince} max={todayInNetherlands()} min={`${thisYear - 27}-01-01`} className="cw-short" onChange={(e) => setPlacedSince(e.target.value)} />
      <SelectField label={t('cw.children.measure')} description={t('cw.children.measureHelp')} error={errors.protectionMeasure} value={measure} onChange={setMeasure}
        placeholder={t('cw.choose')} options={PROTECTION_MEASURES.map((v) => ({ value: v, label: word(t, 'cw.measure', v) }))} />
      <ButtonGroup>
        <Button type="submit" busy={busy} disabled={busy}>{child ? t('cw.children.saveChanges') : t('cw.children.save')}</Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>{t('common.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}
