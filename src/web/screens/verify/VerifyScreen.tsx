import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { VerifyResult } from '../../api/types.js';
import { useRouter } from '../../app/router.js';
import { useSupportContact } from '../../app/support-contact.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Loading, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';

/**
 * The public check of a counsellor's code (`/verify/{code}`, or typed in): clearly valid, expired
 * or revoked — in words and colour and icon, never colour alone — with name, role and organisation.
 */
export default function VerifyScreen({ params }: { params: Record<string, string> }) {
  const contact = useSupportContact();
  const { t, locale } = useI18n();
  const { navigate } = useRouter();
  const [typed, setTyped] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const code = params.code;

  useEffect(() => {
    setResult(null);
    setError(null);
    if (!code) return;
    setLoading(true);
    api<VerifyResult>(`/api/verify/${encodeURIComponent(code)}`, { anonymous: true })
      .then(setResult, setError)
      .finally(() => setLoading(false));
  }, [code]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean = typed.trim().toUpperCase();
    if (clean) navigate(`/verify/${encodeURIComponent(clean)}`);
  };

  return (
    <div className="ev-narrow">
      <PageTitle>{t('verify.title')}</PageTitle>
      <Paragraph lead>{t('verify.intro')}</Paragraph>
      {loading ? <Loading /> : null}
      {error instanceof ApiError && error.status === 429 ? <Alert type="error">{t('verify.rateLimited')}</Alert> : <ErrorAlert error={error} />}
      {result ? (
        result.valid ? (
          <div className="ev-result ev-result--valid" role="status" data-testid="verify-result">
            <p className="ev-result__verdict"><span aria-hidden="true">✓ </span>{t('verify.valid')}</p>
            <dl className="ev-facts">
              <dt>{t('verify.name')}</dt><dd>{result.counsellor.displayName}</dd>
              <dt>{t('verify.role')}</dt><dd>{t('caseRole.counsellor')}</dd>
              <dt>{t('verify.organisation')}</dt><dd>{result.organisation.name}</dd>
              <dt>{t('verify.validUntil')}</dt><dd>{formatDate(result.credentialValidUntil, locale)}</dd>
            </dl>
            <Paragraph small>{t('verify.validHelp')}</Paragraph>
          </div>
        ) : (
          <div className="ev-result ev-result--invalid" role="alert" data-testid="verify-result">
            <p className="ev-result__verdict"><span aria-hidden="true">✗ </span>{t(`verify.reason.${result.reason}`)}</p>
            <Paragraph>{t('verify.invalidHelp')}{contact?.phone ? ` ${t('verify.callTeam', { phone: contact.phone })}` : ''}</Paragraph>
          </div>
        )
      ) : null}
      <form onSubmit={submit} noValidate>
        <TextField label={t('verify.codeLabel')} description={t('verify.codeHelp')} name="code" autoComplete="off" autoCapitalize="characters"
          spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        <ButtonGroup><Button type="submit">{t('verify.check')}</Button></ButtonGroup>
      </form>
    </div>
  );
}
