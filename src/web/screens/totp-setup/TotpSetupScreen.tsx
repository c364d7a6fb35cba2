import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { TotpSetupResponse } from '../../api/types.js';
import { useSecondFactorCode } from '../../app/second-factor.js';
import { useSession } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Loading, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

/** Enrolment of the second factor for professionals: scan the QR (or type the key), confirm one code. */
export default function TotpSetupScreen() {
  const { t } = useI18n();
  const { logout } = useSession();
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const { code, setCode, busy, error, setError, submit } = useSecondFactorCode('/api/auth/totp/enable');

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const answer = await api<TotpSetupResponse>('/api/auth/totp/setup', { method: 'POST' });
        if (cancelled) return;
        setSetup(answer);
        const { toDataURL } = await import('qrcode');
        const url = await toDataURL(answer.otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 280 });
        if (!cancelled) setQr(url);
      } catch (caught) {
        if (!cancelled) setError(caught);
      }
    })();
    return () => { cancelled = true; };
  }, []);

  return (
    <div className="ev-narrow">
      <PageTitle>{t('totp.title')}</PageTitle>
      <Paragraph lead>{t('totp.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {!setup && !error ? <Loading /> : null}
      {setup ? (
        <>
          <Heading level={2}>{t('totp.step1')}</Heading>
          <Paragraph>{t('totp.scan')}</Paragraph>
          {qr ? <img className="ev-qr" src={qr} width={280} height={280} alt={t('totp.qrAlt')} /> : <Loading />}
          <details className="ev-card">
            <summary>{t('totp.manual')}</summary>
            <Paragraph>{t('totp.manualExplain')}</Paragraph>
            <p className="utrecht-paragraph ev-code" data-testid="totp-secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</p>
          </details>
          <Heading level={2}>{t('totp.step2')}</Heading>
          <form onSubmit={submit} noValidate>
            <TextField label={t('totp.code')} description={t('login.totpDescription')} name="code" inputMode="numeric"
              autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
            <ButtonGroup>
              <Button type="submit" busy={busy} disabled={busy}>{t('totp.submit')}</Button>
              <Button appearance="secondary-action-button" onClick={() => void logout()}>{t('nav.logout')}</Button>
            </ButtonGroup>
          </form>
          <Alert type="info">{t('totp.why')}</Alert>
        </>
      ) : null}
    </div>
  );
}
