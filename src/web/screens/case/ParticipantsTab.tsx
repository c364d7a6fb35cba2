import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Participant } from '../../api/types.js';
import { useUser } from '../../app/session.js';
import { InvitationsPanel } from '../../components/invitations.js';
import { label } from '../../components/labels.js';
import { ErrorSummary } from '../../components/errors.js';
import { Button, ButtonGroup, ErrorAlert, FormField, Heading, LiveNotice, Paragraph, SelectField, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';
import { CASE_ROLES, useFormSubmit, type FieldErrors } from './casework.js';
import { HandoverRequest } from './HandoverRequest.js';

const FIELDS = ['userId', 'email', 'role'] as const;
const OTHER = 'other-person';
/** A rough shape check only; the server decides (and names `email` when it refuses). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Who takes part in the case, for the team: add someone with their role in the case, remove someone
 * (after a confirmation; it works at once, also in the conversations), and, for a counsellor of
 * the case, ask the coordinator for a handover.
 *
 * There is no user search in the API (on purpose: nobody can look up families). A coordinator
 * picks a counsellor of the team from the caseload overview; anyone else is added by the exact
 * e-mail address of their account (`POST …/participants { email, role }`).
 */
export function ParticipantsTab({ caseFile, participants, reload }: CaseContext) {
  const { t, locale } = useI18n();
  const user = useUser();
  const [colleagues, setColleagues] = useState<{ id: string; displayName: string }[]>([]);
  const [who, setWho] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('');
  const { busy, setBusy, errors, setErrors, formError, setFormError, run } = useFormSubmit(FIELDS, t);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Participant | null>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const confirmText = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (user.role !== 'coordinator') return;
    api<{ counsellors: { id: string; displayName: string }[] }>('/api/caseload').then((c) => setColleagues(c.counsellors), () => setColleagues([]));
  }, [user.role]);
  useEffect(() => { if (confirming) confirmText.current?.focus(); }, [confirming]);

  const inCase = new Set(participants.map((p) => p.userId));
  const candidates = colleagues.filter((c) => !inCase.has(c.id));
  const byEmail = who === OTHER || candidates.length === 0;

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setFormError(null);
    const address = email.trim();
    const missing: FieldErrors = {};
    if (byEmail && !address) missing.email = t('cw.people.emailMissing');
    else if (byEmail && !EMAIL.test(address)) missing.email = t('cw.invalid.email');
    else if (!byEmail && !who) missing.userId = t('cw.people.whoMissing');
    if (!role) missing.role = t('cw.people.roleMissing');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await run(async () => {
      const person = byEmail ? { email: address } : { userId: who };
      const added = await api<Participant>(`/api/cases/${caseFile.id}/participants`, { method: 'POST', body: { ...person, role } });
      setMessage(t('cw.people.added', { name: added.displayName, role: label(t, 'caseRole', added.role) }));
      setWho('');
      setEmail('');
      setRole('');
      reload();
    });
  };

  const remove = async (p: Participant) => {
    setBusy(true);
    setRemoveError(null);
    try {
      await api(`/api/cases/${caseFile.id}/participants/${p.userId}`, { method: 'DELETE' });
      setConfirming(null);
      setMessage(t('cw.people.removed', { name: p.displayName }));
      reload();
    } catch (caught) {
      setRemoveError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Paragraph>{t('cw.people.intro')}</Paragraph>
      <LiveNotice message={message} />
      <ul className="ev-list" aria-label={t('cw.people.listLabel')}>
        {participants.map((p) => (
          <li key={p.userId} className="ev-card" data-testid="participant">
            <p className="utrecht-paragraph">
              <strong>{p.displayName}</strong>{p.userId === user.id ? ` (${t('cw.people.you')})` : ''}
              {' — '}{label(t, 'caseRole', p.role)}{p.organisation ? `, ${p.organisation.name}` : ''}
              {p.isLead ? ` (${t('case.lead')})` : ''}
            </p>
            <p className="utrecht-paragraph utrecht-paragraph--small">{t('cw.people.since', { date: formatDate(p.addedAt, locale) })}</p>
            {confirming?.userId === p.userId ? (
              <div className="cw-confirm" role="group" aria-labelledby={`cw-confirm-${p.userId}`}>
                <p id={`cw-confirm-${p.userId}`} ref={confirmText} tabIndex={-1} className="utrecht-paragraph">
                  <strong>{t('cw.people.confirm', { name: p.displayName })}</strong>
                </p>
                <Paragraph small>{t('cw.people.confirmExplain', { name: p.displayName })}</Paragraph>
                <ErrorAlert error={removeError} />
                <ButtonGroup>
                  <Button danger busy={busy} disabled={busy} onClick={() => void remove(p)}>{t('cw.people.confirmYes', { name: p.displayName })}</Button>
                  <Button appearance="secondary-action-button" onClick={() => { setConfirming(null); setRemoveError(null); }}>{t('common.cancel')}</Button>
                </ButtonGroup>
              </div>
            ) : p.isLead ? (
              <Paragraph small>{t('cw.people.leadStays')}</Paragraph>
            ) : p.userId !== user.id ? (
              <ButtonGroup>
                <Button appearance="secondary-action-button" danger onClick={() => { setMessage(null); setRemoveError(null); setConfirming(p); }}>
                  {t('cw.people.remove', { name: p.displayName })}
                </Button>
              </ButtonGroup>
            ) : null}
          </li>
        ))}
      </ul>

      <form onSubmit={add} className="ev-card" noValidate aria-labelledby="cw-add-person-title">
        <h3 id="cw-add-person-title" className="utrecht-heading-3">{t('cw.people.addTitle')}</h3>
        <ErrorSummary errors={errors} />
        <ErrorAlert error={formError} />
        {candidates.length > 0 ? (
          <FormField label={t('cw.people.who')} error={errors.userId}>
            {({ id, describedBy, invalid }) => (
              <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="utrecht-select utrecht-select--html-select"
                value={who} onChange={(e) => { setWho(e.target.value); if (e.target.value && e.target.value !== OTHER) setRole('counsellor'); }}>
                <option value="">{t('cw.choose')}</option>
                {candidates.map((c) => <option key={c.id} value={c.id}>{t('cw.people.colleague', { name: c.displayName })}</option>)}
                <option value={OTHER}>{t('cw.people.someoneElse')}</option>
              </select>
            )}
          </FormField>
        ) : null}
        {byEmail ? (
          <TextField label={t('cw.people.email')} description={t('cw.people.emailHelp')} error={errors.email}
            type="email" inputMode="email" value={email} autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={254}
            onChange={(e) => setEmail(e.target.value)} />
        ) : null}
        <SelectField label={t('cw.people.role')} description={t('cw.people.roleHelp')} error={errors.role} value={role} onChange={setRole}
          placeholder={t('cw.choose')} options={CASE_ROLES.map((v) => ({ value: v, label: label(t, 'caseRole', v) }))} />
        <Paragraph small>{t('cw.people.addExplain')}</Paragraph>
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('cw.people.add')}</Button></ButtonGroup>
      </form>

      <InvitationsPanel title={t('invite.caseTitle')} intro={t('invite.caseIntro')} roles={['parent', 'child', 'foster_parent', 'partner']}
        caseId={caseFile.id} listCaseId={caseFile.id} />

      {caseFile.myRole === 'counsellor' && user.role === 'counsellor' ? (
        <section aria-labelledby="cw-handover-title">
          <Heading level={3} id="cw-handover-title">{t('cw.handover.title')}</Heading>
          <HandoverRequest caseId={caseFile.id} />
        </section>
      ) : null}
    </>
  );
}
