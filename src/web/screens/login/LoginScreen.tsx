import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { LoginResponse } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

/** E-mail and password; professionals then give the six-digit code of their authenticator app. */
export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useI18n();
  const { refresh, setEnrolling } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

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
      <Paragraph lead>{t('login.intro')}</Paragraph>
      {apiError && apiError.status === 429 ? <Alert type="error">{t('login.rateLimited')}</Alert> : <ErrorAlert error={error} />}
      <form onSubmit={submit} noValidate aria-describedby="login-privacy">
        <TextField label={t('login.email')} type="email" name="email" autoComplete="username" required value={email}
          onChange={(e) => setEmail(e.target.value)} readOnly={needsTotp} />
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
