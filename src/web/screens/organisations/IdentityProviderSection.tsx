import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { IdentityProvider, Organisation } from '../../api/types.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { useFormSubmit } from '../case/casework.js';

const listOf = (text: string) => text.split(/[\s,;]+/).map((v) => v.trim()).filter(Boolean);

/**
 * The administrator sets an organisation's own login service (OpenID Connect): issuer, client id,
 * client secret (stored encrypted, never shown again) and which `amr` values count as a second step.
 */
export function IdentityProviderSection({ organisation }: { organisation: Organisation }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState<IdentityProvider | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [issuer, setIssuer] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [mfa, setMfa] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { busy, errors, formError, run } = useFormSubmit(['issuer', 'clientId', 'clientSecret', 'mfaSatisfiedBy'], t);

  const show = (provider: IdentityProvider) => {
    setCurrent(provider);
    setIssuer(provider.issuer);
    setClientId(provider.clientId);
    setMfa(provider.mfaSatisfiedBy.join(', '));
  };
  useEffect(() => {
    api<IdentityProvider>(`/api/organisations/${organisation.id}/identity-provider`).then(show, (error: unknown) => {
      if (!(error instanceof ApiError && error.status === 404)) setLoadError(error);
    });
  }, [organisation.id]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    await run(async () => {
      const saved = await api<IdentityProvider>(`/api/organisations/${organisation.id}/identity-provider`, {
        method: 'PUT',
        body: { issuer: issuer.trim(), clientId: clientId.trim(), mfaSatisfiedBy: listOf(mfa), ...(clientSecret ? { clientSecret } : {}) },
      });
      setClientSecret('');
      show(saved);
      setMessage(t('idp.saved', { name: organisation.name }));
    });
  };
  const headingId = `idp-${organisation.id}`;
  return (
    <form onSubmit={save} noValidate aria-labelledby={`${headingId} org-${organisation.id}`} data-testid="identity-provider">
      <Heading level={3} id={headingId}>{t('idp.title')}</Heading>
      <Paragraph small>{t('idp.intro')}</Paragraph>
      <ErrorAlert error={loadError} />
      {current ? <Paragraph small>{t('idp.redirect', { uri: current.redirectUri, logout: current.postLogoutRedirectUri })}</Paragraph>
        : <Paragraph small>{t('idp.none')}</Paragraph>}
      <LiveNotice message={message} />
      <ErrorAlert error={formError} />
      <TextField label={t('idp.issuer')} description={t('idp.issuerHelp')} error={errors.issuer} value={issuer} type="url"
        autoCapitalize="none" spellCheck={false} onChange={(e) => setIssuer(e.target.value)} />
      <TextField label={t('idp.clientId')} error={errors.clientId} value={clientId} autoCapitalize="none" spellCheck={false}
        onChange={(e) => setClientId(e.target.value)} />
      <TextField label={t('idp.clientSecret')} description={t('idp.clientSecretHelp')} error={errors.clientSecret} value={clientSecret}
        type="password" autoComplete="new-password" onChange={(e) => setClientSecret(e.target.value)} />
      <TextField label={t('idp.mfa')} description={t('idp.mfaHelp')} error={errors.mfaSatisfiedBy} value={mfa}
        autoCapitalize="none" spellCheck={false} onChange={(e) => setMfa(e.target.value)} />
      <ButtonGroup><Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>{t('idp.save')}</Button></ButtonGroup>
    </form>
  );
}
