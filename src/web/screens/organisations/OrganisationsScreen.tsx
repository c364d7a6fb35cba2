import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Organisation } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { InvitationsPanel } from '../../components/invitations.js';
import { label } from '../../components/labels.js';
import { ErrorSummary } from '../../components/errors.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Loading, PageTitle, Paragraph, SelectField, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { ORGANISATION_KINDS } from '../../../shared/roles.js';
import { useFormSubmit } from '../case/casework.js';
import NotFoundScreen from '../not-found/NotFoundScreen.js';
import { IdentityProviderSection } from './IdentityProviderSection.js';

const domainsOf = (text: string) => text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);

/**
 * The administrator's screen: organisations and their verified mail domains, and the first
 * coordinator of each. An administrator manages accounts but never reads a case file.
 */
export default function OrganisationsScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => { api<Organisation[]>('/api/organisations').then(setOrganisations, setError); }, []);
  useEffect(() => { if (user.role === 'admin') load(); }, [load, user.role]);

  if (user.role !== 'admin') return <NotFoundScreen />;
  return (
    <>
      <PageTitle>{t('orgs.title')}</PageTitle>
      <Paragraph>{t('orgs.intro')}</Paragraph>
      <Paragraph small>{t('accountSearch.orgsHint')} <Link href="/accounts">{t('accountSearch.link')}</Link></Paragraph>
      <ErrorAlert error={error} />
      <NewOrganisation onCreated={load} />
      {!organisations && !error ? <Loading /> : null}
      {organisations && organisations.length === 0 ? <Paragraph>{t('orgs.none')}</Paragraph> : null}
      {organisations?.map((o) => <OrganisationCard key={o.id} organisation={o} onSaved={load} />)}
    </>
  );
}

function NewOrganisation({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [domains, setDomains] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, run } = useFormSubmit(['name', 'kind', 'mailDomains'], t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t('invite.nameMissing');
    if (!kind) missing.kind = t('cw.choose');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await run(async () => {
      const created = await api<Organisation>('/api/organisations', { method: 'POST', body: { name: name.trim(), kind, mailDomains: domainsOf(domains) } });
      setMessage(t('orgs.created', { name: created.name }));
      setName('');
      setKind('');
      setDomains('');
      onCreated();
    });
  };
  return (
    <form onSubmit={submit} className="ev-card" noValidate aria-labelledby="orgs-new">
      <Heading level={2} id="orgs-new">{t('orgs.createTitle')}</Heading>
      <LiveNotice message={message} />
      <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
      <TextField label={t('orgs.name')} error={errors.name} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      <SelectField label={t('orgs.kind')} error={errors.kind} value={kind} onChange={setKind} placeholder={t('cw.choose')}
        options={ORGANISATION_KINDS.map((k) => ({ value: k, label: label(t, 'orgKind', k) }))} />
      <TextField label={t('orgs.domains')} description={t('orgs.domainsHelp')} error={errors.mailDomains} value={domains}
        autoCapitalize="none" spellCheck={false} onChange={(e) => setDomains(e.target.value)} />
      <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('orgs.create')}</Button></ButtonGroup>
    </form>
  );
}

function OrganisationCard({ organisation, onSaved }: { organisation: Organisation; onSaved(): void }) {
  const { t } = useI18n();
  const [domains, setDomains] = useState((organisation.mailDomains ?? []).join(', '));
  const [message, setMessage] = useState<string | null>(null);
  const { busy, errors, formError, run } = useFormSubmit(['mailDomains'], t);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    await run(async () => {
      await api(`/api/organisations/${organisation.id}`, { method: 'PATCH', body: { mailDomains: domainsOf(domains) } });
      setMessage(t('orgs.saved', { name: organisation.name }));
      onSaved();
    });
  };
  const headingId = `org-${organisation.id}`;
  return (
    <section className="ev-card" aria-labelledby={headingId} data-testid="organisation">
      <Heading level={2} id={headingId}>{organisation.name}</Heading>
      <Paragraph small>
        {label(t, 'orgKind', organisation.kind)} · {t('orgs.domains')}: {organisation.mailDomains?.length ? organisation.mailDomains.join(', ') : t('orgs.domainsNone')}
      </Paragraph>
      <Paragraph small><Link href={`/organisations/${organisation.id}/accounts`}>{t('accounts.linkFor', { name: organisation.name })}</Link></Paragraph>
      <form onSubmit={save} noValidate aria-label={t('orgs.editDomains', { name: organisation.name })}>
        <LiveNotice message={message} />
        <ErrorSummary errors={errors} />
      <ErrorAlert error={formError} />
        <TextField label={t('orgs.editDomains', { name: organisation.name })} description={t('orgs.domainsHelp')} error={errors.mailDomains}
          value={domains} autoCapitalize="none" spellCheck={false} onChange={(e) => setDomains(e.target.value)} />
        <ButtonGroup><Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>{t('orgs.saveDomains')}</Button></ButtonGroup>
      </form>
      <InvitationsPanel title={t('orgs.inviteCoordinator', { name: organisation.name })} intro={t('orgs.inviteCoordinatorHelp')}
        roles={['coordinator']} organisationId={organisation.id} />
      <IdentityProviderSection organisation={organisation} />
    </section>
  );
}
