import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { CONSENT_SCOPES, type Consent, type ConsentScope, type Page } from '../../api/types.js';
import { label } from '../../components/labels.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, Fieldset, FormField, Heading, Loading, Paragraph, TextField } from '../../components/ui.js';
import { formatDate, formatDateTime, useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';

const TEAM_ROLES = new Set(['counsellor', 'coordinator', 'parent', 'child']);

/**
 * Consent in plain words: who may see what, given and taken back by the parent, at once.
 * Counsellors see the same list (they may record consent given in person; not offered here yet).
 */
export function ConsentTab({ caseFile, participants, isParent, currentUserId }: CaseContext & { currentUserId: string }) {
  const { t, locale } = useI18n();
  const [consents, setConsents] = useState<Consent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [grantee, setGrantee] = useState('');
  const [scopes, setScopes] = useState<ConsentScope[]>(['story']);
  const [until, setUntil] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The grant whose "intrekken" was clicked: asked about before anything happens. */
  const [asking, setAsking] = useState<string | null>(null);
  /** The grant just revoked, to give it back in one click. */
  const [undoable, setUndoable] = useState<Consent | null>(null);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => { if (asking) question.current?.focus(); }, [asking]);

  const load = useCallback(() => {
    api<Page<Consent>>(`/api/cases/${caseFile.id}/consents?limit=200`).then((p) => setConsents(p.items), setError);
  }, [caseFile.id]);
  useEffect(load, [load]);

  // Whom a parent can give consent to: the partners in this case, as a person or as their organisation.
  const candidates = participants.filter((p) => !TEAM_ROLES.has(p.role) && p.userId !== currentUserId);
  const options: { value: string; text: string }[] = [];
  const seenOrganisations = new Set<string>();
  for (const p of candidates) {
    options.push({ value: `user:${p.userId}`, text: t('consent.optionPerson', { name: p.displayName, role: label(t, 'caseRole', p.role), organisation: p.organisation?.name ?? '' }) });
    if (p.organisation && !seenOrganisations.has(p.organisation.id)) {
      seenOrganisations.add(p.organisation.id);
      options.push({ value: `organisation:${p.organisation.id}`, text: t('consent.optionOrganisation', { organisation: p.organisation.name }) });
    }
  }

  const grant = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (!grantee) { setFormError(t('consent.chooseWho')); return; }
    if (scopes.length === 0) { setFormError(t('consent.chooseWhat')); return; }
    setFormError(null);
    setBusy(true);
    setError(null);
    const [type, id] = grantee.split(':');
    const changing = existingFor(grantee);
    try {
      const saved = await api<Consent>(`/api/cases/${caseFile.id}/consents`, {
        method: 'POST',
        body: {
          ...(type === 'user' ? { granteeUserId: id } : { granteeOrganisationId: id }),
          scopes,
          ...(until ? { expiresAt: new Date(`${until}T23:59:59`).toISOString() } : {}),
        },
      });
      setNotice(changing ? t('consent.changed', { name: saved.grantee.name, what: scopeWords(saved.scopes) }) : t('consent.granted'));
      setUndoable(null);
      setGrantee('');
      setUntil('');
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (consent: Consent) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api(`/api/cases/${caseFile.id}/consents/${consent.id}`, { method: 'DELETE' });
      setAsking(null);
      setNotice(t('consent.revoked', { name: consent.grantee.name }));
      setUndoable(consent);
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  /** Gives back a grant just revoked: the same person or organisation, scopes and end date. */
  const undo = async (consent: Consent) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/cases/${caseFile.id}/consents`, {
        method: 'POST',
        body: {
          ...(consent.grantee.type === 'user' ? { granteeUserId: consent.grantee.id } : { granteeOrganisationId: consent.grantee.id }),
          scopes: consent.scopes,
          ...(consent.expiresAt && new Date(consent.expiresAt).getTime() > Date.now() ? { expiresAt: consent.expiresAt } : {}),
        },
      });
      setUndoable(null);
      setNotice(t('consent.undone', { name: consent.grantee.name, what: scopeWords(consent.scopes) }));
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const active = consents?.filter((c) => c.state === 'active') ?? [];
  const past = consents?.filter((c) => c.state !== 'active') ?? [];
  function scopeWords(list: ConsentScope[]) { return list.map((s) => label(t, 'scope', s)).join(', '); }
  /** The active grant the chosen grantee already holds (one per grantee: granting again changes it). */
  function existingFor(choice: string): Consent | undefined {
    const [type, id] = choice.split(':');
    return active.find((c) => c.grantee.type === type && c.grantee.id === id);
  }
  const chosenExisting = grantee ? existingFor(grantee) : undefined;
  const choose = (choice: string) => {
    setGrantee(choice);
    const existing = choice ? existingFor(choice) : undefined;
    if (existing) setScopes(existing.scopes);
  };

  return (
    <>
      <Paragraph>{t('consent.intro')}</Paragraph>
      <p className="ev-audience">{t('consent.withoutConsent')}</p>
      <ErrorAlert error={error} />
      <div role="status" aria-live="polite">
        {notice ? (
          <div className="utrecht-alert utrecht-alert--ok">
            <div className="utrecht-alert__content"><div className="utrecht-alert__message">
              <p className="utrecht-paragraph"><strong>{t('alert.ok')}</strong></p>
              <p className="utrecht-paragraph">{notice}</p>
              {undoable && isParent ? (
                <ButtonGroup>
                  <Button appearance="secondary-action-button" disabled={busy} onClick={() => void undo(undoable)}>{t('consent.undo', { name: undoable.grantee.name })}</Button>
                </ButtonGroup>
              ) : null}
            </div></div>
          </div>
        ) : null}
      </div>
      {!consents && !error ? <Loading /> : null}
      {consents ? (
        <>
          <Heading level={3}>{t('consent.activeTitle')}</Heading>
          {active.length === 0 ? <Paragraph>{t('consent.noneActive')}</Paragraph> : (
            <ul className="ev-list" aria-label={t('consent.activeTitle')}>
              {active.map((c) => (
                <li key={c.id} className="ev-card" data-testid="consent">
                  <p className="utrecht-paragraph">
                    {t('consent.sentence', { name: c.grantee.name + (c.grantee.organisationName ? ` (${c.grantee.organisationName})` : ''), what: scopeWords(c.scopes) })}
                  </p>
                  <p className="utrecht-paragraph utrecht-paragraph--small">
                    {t('consent.since', { date: formatDateTime(c.createdAt, locale) })}
                    {c.expiresAt ? ` ${t('consent.until', { date: formatDate(c.expiresAt, locale) })}` : ` ${t('consent.noEnd')}`}
                    {c.givenInPerson ? ` ${t('consent.inPerson', { name: c.recordedBy.displayName })}` : ''}
                  </p>
                  {isParent && asking === c.id ? (
                    <div className="utrecht-alert utrecht-alert--warning" role="group" aria-labelledby={`revoke-q-${c.id}`}>
                      <div className="utrecht-alert__content"><div className="utrecht-alert__message">
                        <p id={`revoke-q-${c.id}`} ref={question} tabIndex={-1} className="utrecht-paragraph"><strong>{t('consent.revokeQuestion', { name: c.grantee.name })}</strong></p>
                        <p className="utrecht-paragraph">{t('consent.revokeExplain', { name: c.grantee.name, what: scopeWords(c.scopes) })}</p>
                        <ButtonGroup>
                          <Button appearance="secondary-action-button" danger disabled={busy} onClick={() => void revoke(c)}>{t('consent.revokeYes')}</Button>
                          <Button appearance="secondary-action-button" onClick={() => setAsking(null)}>{t('consent.revokeNo')}</Button>
                        </ButtonGroup>
                      </div></div>
                    </div>
                  ) : isParent ? (
                    <ButtonGroup>
                      <Button appearance="secondary-action-button" danger disabled={busy} onClick={() => { setNotice(null); setAsking(c.id); }}>
                        {t('consent.revoke', { name: c.grantee.name })}
                      </Button>
                    </ButtonGroup>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {past.length > 0 ? (
            <details className="ev-card">
              <summary>{t('consent.pastTitle', { count: past.length })}</summary>
              <ul className="utrecht-unordered-list">
                {past.map((c) => (
                  <li key={c.id} className="utrecht-unordered-list__item">
                    {t('consent.sentencePast', { name: c.grantee.name, what: scopeWords(c.scopes) })}{' '}
                    {c.state === 'revoked' ? t('consent.revokedOn', { date: formatDateTime(c.revokedAt, locale) }) : t('consent.expiredOn', { date: formatDate(c.expiresAt, locale) })}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
      {isParent ? (
        <form onSubmit={grant} className="ev-card" noValidate>
          <Heading level={3}>{t('consent.grantTitle')}</Heading>
          {options.length === 0 ? <Paragraph>{t('consent.noCandidates')}</Paragraph> : (
            <>
              {formError ? <Alert type="error">{formError}</Alert> : null}
              <FormField label={t('consent.who')} description={t('consent.whoHelp')}>
                {({ id, describedBy }) => (
                  <select id={id} aria-describedby={describedBy} className="utrecht-select utrecht-select--html-select" value={grantee} onChange={(e) => choose(e.target.value)}>
                    <option value="">{t('consent.choose')}</option>
                    {options.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
                  </select>
                )}
              </FormField>
              {chosenExisting ? <p className="ev-audience" data-testid="consent-existing">{t('consent.alreadyHas', { name: chosenExisting.grantee.name, what: scopeWords(chosenExisting.scopes) })}</p> : null}
              <Fieldset legend={t('consent.what')}>
                {CONSENT_SCOPES.map((scope) => (
                  <Checkbox key={scope} label={label(t, 'scope', scope)} description={t(`consent.scopeHelp.${scope}`)}
                    checked={scopes.includes(scope)}
                    onChange={(on) => setScopes((list) => (on ? [...list, scope] : list.filter((s) => s !== scope)))} />
                ))}
              </Fieldset>
              <TextField label={t('consent.untilLabel')} description={t('consent.untilHelp')} type="date" value={until}
                min={new Date(Date.now() + 86400_000).toISOString().slice(0, 10)} onChange={(e) => setUntil(e.target.value)} />
              <Paragraph small>{t('consent.canRevoke')}</Paragraph>
              <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{chosenExisting ? t('consent.change') : t('consent.grant')}</Button></ButtonGroup>
            </>
          )}
        </form>
      ) : null}
    </>
  );
}
