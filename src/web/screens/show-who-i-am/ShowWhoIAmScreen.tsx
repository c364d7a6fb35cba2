import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { VerificationCheck, VerificationCode } from '../../api/types.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, PageTitle, Paragraph } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';

function remaining(expiresAt: string, now: number): number {
  return Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
}

type Check = VerificationCheck;

/**
 * "Show who I am": a counsellor shows (or reads out) a short code and its QR to a partner, who
 * checks it on the public verify page. Large, with a countdown; a new code is one click away.
 */
export default function ShowWhoIAmScreen() {
  const { t, locale } = useI18n();
  const [code, setCode] = useState<VerificationCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [checks, setChecks] = useState<Check[] | null>(null);

  const latestLoad = useRef(0);
  const loadChecks = useCallback(() => {
    // Only the newest answer counts: an earlier, slower load must not overwrite a refreshed list.
    const load = ++latestLoad.current;
    api<{ items: Check[] }>('/api/me/verifications?limit=10').then(
      (p) => { if (load === latestLoad.current) setChecks(p.items); },
      () => { if (load === latestLoad.current) setChecks(null); },
    );
  }, []);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode(await api<VerificationCode>('/api/verification/codes', { method: 'POST' }));
      setNow(Date.now());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!code) return;
    const timer = setInterval(() => { setNow(Date.now()); }, 1000);
    return () => clearInterval(timer);
  }, [code]);
  useEffect(loadChecks, [loadChecks]);

  const seconds = code ? remaining(code.expiresAt, now) : 0;
  const minutesLeft = Math.floor(seconds / 60);
  const secondsLeft = String(seconds % 60).padStart(2, '0');
  const expired = Boolean(code) && seconds === 0;
  const noCredential = error instanceof ApiError && (error.status === 403 || error.status === 404 || error.status === 422);

  return (
    <>
      <PageTitle>{t('show.title')}</PageTitle>
      <Paragraph lead>{t('show.intro')}</Paragraph>
      {noCredential ? <Alert type="warning" title={t('show.noCredentialTitle')}>{(error as ApiError).message}</Alert> : <ErrorAlert error={error} />}
      {code && !expired ? (
        <section aria-labelledby="code-title" className="ev-card">
          <Heading level={2} id="code-title">{t('show.yourCode')}</Heading>
          <p className="ev-big-code ev-code" data-testid="verification-code" aria-label={t('show.codeSpelled', { code: code.code.split('').join(' ') })}>{code.code}</p>
          <img className="ev-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.qrSvg)}`} width={280} height={280} alt={t('show.qrAlt')} />
          <p className="utrecht-paragraph">{t('show.orVisit')} <span className="ev-code">{code.verifyUrl}</span></p>
          {/* The countdown is shown, not announced every second; the time left is announced once a minute. */}
          <p className="utrecht-paragraph"><strong>{t('show.validFor', { time: `${minutesLeft}:${secondsLeft}` })}</strong></p>
          <div className="ev-visually-hidden" role="status">{seconds % 60 === 0 ? t('show.minutesLeft', { minutes: minutesLeft }) : ''}</div>
        </section>
      ) : null}
      {expired ? <Alert type="warning">{t('show.expired')}</Alert> : null}
      <ButtonGroup>
        <Button busy={busy} disabled={busy} onClick={() => void create()}>{code ? t('show.newCode') : t('show.makeCode')}</Button>
      </ButtonGroup>
      <Heading level={2}>{t('show.checksTitle')}</Heading>
      <Paragraph>{t('show.checksIntro')}</Paragraph>
      {checks && checks.length === 0 ? <Paragraph>{t('show.noChecks')}</Paragraph> : null}
      {checks && checks.length > 0 ? (
        <ul className="utrecht-unordered-list">
          {checks.map((c) => (
            <li key={c.id} className="utrecht-unordered-list__item">
              {formatDateTime(c.checkedAt, locale)} — {t(`verify.result.${c.result === 'valid' ? 'valid' : 'invalid'}`)}{c.verifierOrganisation ? ` (${c.verifierOrganisation.name})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <Button appearance="secondary-action-button" onClick={loadChecks}>{t('show.refreshChecks')}</Button>
    </>
  );
}
