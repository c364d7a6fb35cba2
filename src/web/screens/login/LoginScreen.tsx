import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { IdentityProviderLookup, LoginResponse } from '../../api/types.js';
import { useSecondFactorCode } from '../../app/second-factor.js';
import { useSession } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

const OIDC_ERRORS = ['oidc_state_invalid', 'oidc_failed', 'oidc_no_account', 'oidc_provider_unavailable', 'oidc_denied'] as const;
type OidcError = (typeof OIDC_ERRORS)[number];
const looksLikeAddress = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value.trim());

/** The organisation's own login service for this address's domain, if it has one (asked once the address looks complete). */
function useProviderFor(email: string): IdentityProviderLookup | null {
  const [provider, setProvider] = useState<IdentityProviderLookup | null>(null);
  useEffect(() => {
    setProvider(null);
    if (!looksLikeAddress(email)) return;
    let current = true;
    const timer = setTimeout(() => {
      api<IdentityProviderLookup>(`/api/auth/oidc/providers?email=${encodeURIComponent(email.trim())}`, { anonymous: true })
        .then((found) => { if (current) setProvider(found); }, () => undefined);
    }, 300);
    return () => { current = false; clearTimeout(timer); };
  }, [email]);
  return provider;
}

/**
 * The e-mail address first: when its domain belongs to an organisation with its own login service
 * (OpenID Connect), that is offered above the password. Then the password; professionals then give
 * the six-digit code of their authenticator app.
 */
export function LoginScreen({ expired, providerLogout = null }: { expired: boolean; providerLogout?: string | null }) {
  const { t } = useI18n();
  const [oidcError] = useState<OidcError | null>(() => {
    const code = new URLSearchParams(window.location.search).get('oidc_error');
    return OIDC_ERRORS.find((c) => c === code) ?? null;
  });
  const { refresh, setEnrolling } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const provider = useProviderFor(needsTotp ? '' : email);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<LoginResponse>('/api/auth/login', {
        method: 'POST',
        anonymous: true,
        body: { email: email.trim(), password, ...(needsTotp ? { totp: totp.trim() } : {}) },
      });
      if (result.totpSetupRequired) setEnrolling(result.user);
      else await refresh();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'totp_required') {
        setNeedsTotp(true);
      } else {
        setError(caught);
        if (caught instanceof ApiError && caught.code === 'totp_invalid') setTotp('');
      }
    } finally {
      setBusy(false);
    }
  };

  const apiError = error instanceof ApiError ? error : null;
  return (
    <div className="ev-narrow">
      <PageTitle>{t('login.title')}</PageTitle>
      {expired ? <Alert type="warning" title={t('login.expiredTitle')}>{t('login.expired')}</Alert> : null}
      {providerLogout ? (
        <Alert type="info" title={t('oidc.loggedOutTitle')}>
          {t('oidc.loggedOut')}{' '}
          <a className="utrecht-link" href={`/api/auth/oidc/${providerLogout}/logout`}>{t('oidc.logoutProvider')}</a>
        </Alert>
      ) : null}
      {oidcError ? <Alert type="error">{t(`oidc.error.${oidcError}` as const)}</Alert> : null}
      <Paragraph lead>{t('login.intro')}</Paragraph>
      {apiError && apiError.status === 429 ? <Alert type="error">{t('login.rateLimited')}</Alert> : <ErrorAlert error={error} />}
      <form onSubmit={submit} noValidate aria-describedby="login-privacy">
        <TextField label={t('login.email')} type="email" name="email" autoComplete="username" required value={email}
          onChange={(e) => setEmail(e.target.value)} readOnly={needsTotp} />
        {provider ? (
          <div className="ev-card" role="group" aria-labelledby="login-oidc">
            <Paragraph><strong id="login-oidc">{t('oidc.offerTitle')}</strong></Paragraph>
            <Paragraph>{t('oidc.offer', { name: provider.name })}</Paragraph>
            <ButtonGroup>
              <a className="utrecht-button utrecht-button--primary-action" href={provider.startUrl}>{t('oidc.start', { name: provider.name })}</a>
            </ButtonGroup>
            <Paragraph small>{t('oidc.orPassword')}</Paragraph>
          </div>
        ) : null}
        <TextField label={t('login.password')} type="password" name="password" autoComplete="current-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} readOnly={needsTotp} />
        {needsTotp ? (
          <>
            <Alert type="info" title={t('login.totpTitle')}>{t('login.totpExplain')}</Alert>
            <TextField label={t('login.totp')} description={t('login.totpDescription')} name="totp" inputMode="numeric"
              autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={totp}
              onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
              autoFocus />
          </>
        ) : null}
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{needsTotp ? t('login.submitTotp') : t('login.submit')}</Button>
          {needsTotp ? (
            <Button appearance="secondary-action-button" onClick={() => { setNeedsTotp(false); setTotp(''); setError(null); }}>
              {t('login.otherAccount')}
            </Button>
          ) : null}
        </ButtonGroup>
      </form>
      <Paragraph small><span id="login-privacy">{t('login.privacy')}</span></Paragraph>
      <Paragraph small>{t('login.noAccount')}</Paragraph>
    </div>
  );
}

/** After a provider login without a second factor: the code from the authenticator app, then in. */
export function SecondFactorScreen() {
  const { t } = useI18n();
  const { logout } = useSession();
  const { code, setCode, busy, error, submit } = useSecondFactorCode('/api/auth/totp/verify');
  const apiError = error instanceof ApiError ? error : null;
  return (
    <div className="ev-narrow">
      <PageTitle>{t('oidc.secondTitle')}</PageTitle>
      <Paragraph lead>{t('oidc.secondIntro')}</Paragraph>
      {apiError && apiError.status === 429 ? <Alert type="error">{t('login.rateLimited')}</Alert> : <ErrorAlert error={error} />}
      <form onSubmit={submit} noValidate>
        <TextField label={t('login.totp')} description={t('login.totpDescription')} name="totp" inputMode="numeric"
          autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} autoFocus />
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{t('login.submitTotp')}</Button>
          <Button appearance="secondary-action-button" onClick={() => void logout()}>{t('login.otherAccount')}</Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
