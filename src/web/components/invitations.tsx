import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { Invitation, Organisation, Page, Role } from '../api/types.js';
import { formatDate, useI18n } from '../i18n/i18n.js';
import { useFormSubmit, type FieldErrors } from '../screens/case/casework.js';
import { ErrorSummary } from './errors.js';
import { label } from './labels.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, SelectField, TextField } from './ui.js';

const FIELDS = ['email', 'displayName', 'role', 'organisationId', 'caseRole'] as const;
/** A rough shape check only; the server decides (and names `email` when it refuses). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Invites someone by e-mail. The answer never holds the link (it goes only to the invited
 * address), so the screen says where it went and offers a resend in the list below it.
 */
export function InviteForm({ title, intro, roles, caseId, organisationId, onSent }: {
  title: string;
  intro: string;
  roles: readonly Role[];
  /** Invite straight into this case; the case role follows the account role. */
  caseId?: string;
  /** Fixed organisation (an admin inviting a first coordinator). */
  organisationId?: string;
  onSent(invitation: Invitation): void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<string>(roles.length === 1 ? roles[0] : '');
  const [organisation, setOrganisation] = useState('');
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(FIELDS, t);
  const choosesOrganisation = !organisationId && role === 'partner';

  useEffect(() => {
    if (!roles.includes('partner') || organisationId) return;
    api<Organisation[]>('/api/organisations').then((all) => setOrganisations(all.filter((o) => o.kind !== 'support_team' && o.kind !== 'expert_pool')), () => setOrganisations([]));
  }, [roles, organisationId]);

  const chosen = organisations.find((o) => o.id === organisation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setFormError(null);
    const address = email.trim();
    const missing: FieldErrors = {};
    if (!EMAIL.test(address)) missing.email = t('cw.invalid.email');
    if (!displayName.trim()) missing.displayName = t('invite.nameMissing');
    if (!role) missing.role = t('cw.people.roleMissing');
    if (choosesOrganisation && !organisation) missing.organisationId = t('invite.organisationMissing');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await run(async () => {
      const body = {
        email: address,
        displayName: displayName.trim(),
        role,
        ...(organisationId ? { organisationId } : choosesOrganisation ? { organisationId: organisation } : {}),
        ...(caseId ? { caseId } : {}),
      };
      const sent = await api<Invitation>('/api/invitations', { method: 'POST', body });
      setMessage(t('invite.sent', { email: sent.email }));
      setEmail('');
      setDisplayName('');
      if (roles.length > 1) setRole('');
      onSent(sent);
    });
  };

  return (
    <form onSubmit={submit} className="ev-card" noValidate aria-label={title}>
      <Heading level={3}>{title}</Heading>
      <Paragraph small>{intro}</Paragraph>
      <LiveNotice message={message} />
      <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
      {roles.length > 1 ? (
        <SelectField label={t('invite.role')} error={errors.role} value={role} onChange={setRole} placeholder={t('cw.choose')}
          options={roles.map((r) => ({ value: r, label: label(t, 'role', r) }))} />
      ) : null}
      {choosesOrganisation ? (
        <SelectField label={t('invite.organisation')} error={errors.organisationId} value={organisation} onChange={setOrganisation}
          placeholder={t('cw.choose')} description={chosen ? (chosen.mailDomains?.length ? t('invite.domains', { domains: chosen.mailDomains.join(', ') }) : t('invite.noDomains')) : t('invite.organisationHelp')}
          options={organisations.map((o) => ({ value: o.id, label: `${o.name} (${label(t, 'orgKind', o.kind)})` }))} />
      ) : null}
      <TextField label={t('invite.email')} description={t('invite.emailHelp')} error={errors.email} type="email" inputMode="email"
        value={email} autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={254} onChange={(e) => setEmail(e.target.value)} />
      <TextField label={t('invite.name')} description={t('invite.nameHelp')} error={errors.displayName} value={displayName} maxLength={200}
        autoComplete="off" onChange={(e) => setDisplayName(e.target.value)} />
      <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('invite.send')}</Button></ButtonGroup>
    </form>
  );
}

/** The invitations the caller sent (with `caseId`: every invitation into that case), newest first, each with a resend. */
export function InvitationList({ caseId, organisationId, reloadKey }: { caseId?: string; organisationId?: string; reloadKey: number }) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(() => {
    const filter = caseId ? `&caseId=${caseId}` : organisationId ? `&organisationId=${organisationId}` : '';
    api<Page<Invitation>>(`/api/invitations?limit=50${filter}`).then((page) => setItems(page.items), setError);
  }, [caseId, organisationId]);
  useEffect(load, [load, reloadKey]);

  const resend = async (invitation: Invitation) => {
    setBusyId(invitation.id);
    setError(null);
    setMessage(null);
    try {
      const again = await api<Invitation>(`/api/invitations/${invitation.id}/resend`, { method: 'POST', body: {} });
      setMessage(t('invite.resent', { email: again.email }));
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <div className="ev-invitations">
      <Heading level={3}>{t('invite.listTitle')}</Heading>
      <LiveNotice message={message} />
      <ErrorAlert error={error} />
      {items && items.length === 0 ? <Paragraph small>{t('invite.none')}</Paragraph> : null}
      {items && items.length > 0 ? (
        <ul className="ev-list">
          {items.map((i) => (
            <li key={i.id} className="ev-card" data-testid="invitation">
              <p className="utrecht-paragraph"><strong>{t('invite.to', { name: i.displayName, email: i.email })}</strong> — {label(t, 'role', i.role)}</p>
              <Paragraph small>
                {i.status === 'accepted' ? t('invite.status.accepted')
                  : i.status === 'expired' ? t('invite.status.expired', { date: formatDate(i.expiresAt, locale) })
                    : t('invite.status.sent', { date: formatDate(i.lastSentAt, locale) })}
              </Paragraph>
              {i.status !== 'accepted' ? (
                <ButtonGroup>
                  <Button appearance="secondary-action-button" busy={busyId === i.id} disabled={busyId !== null} onClick={() => void resend(i)}>
                    {t('invite.resend', { email: i.email })}
                  </Button>
                </ButtonGroup>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The form and the list together, the list refreshed after each invitation. */
export function InvitationsPanel(props: Omit<Parameters<typeof InviteForm>[0], 'onSent'> & { listCaseId?: string }) {
  const [sent, setSent] = useState(0);
  return (
    <>
      <InviteForm {...props} onSent={() => setSent((n) => n + 1)} />
      <InvitationList caseId={props.listCaseId} organisationId={props.organisationId} reloadKey={sent} />
    </>
  );
}
