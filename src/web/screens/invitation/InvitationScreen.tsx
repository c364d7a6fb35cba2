import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { InvitationPreview, User } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { label } from '../../components/labels.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Loading, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

const MIN_PASSWORD = 12;

/**
 * Someone opened the link from their invitation mail. Without an account they choose a password;
 * with one they log in and decide themselves whether to join the case (nobody is added behind
 * their back).
 */
export default function InvitationScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<User | null>(null);
  const token = encodeURIComponent(params.token);

  useEffect(() => {
    api<InvitationPreview>(`/api/invitations/${token}`, { anonymous: true }).then(setPreview, setLoadError);
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (password.length < MIN_PASSWORD) found.password = t('invitation.tooShort', { min: MIN_PASSWORD });
    if (repeat !== password) found.repeat = t('invitation.mismatch');
    setErrors(found);
    if (found.password || found.repeat) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await api<User>(`/api/invitations/${token}/accept`, { method: 'POST', anonymous: true, body: { password } }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400) setErrors({ password: caught.message.replace(/^password:\s*/, '') });
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="ev-narrow">
        <PageTitle>{t('invitation.doneTitle')}</PageTitle>
        <Alert type="ok">{t('invitation.done', { email: done.email })}</Alert>
        <Paragraph><Link href="/">{t('invitation.toLogin')}</Link></Paragraph>
      </div>
    );
  }
  if (loadError) {
    return (
      <div className="ev-narrow">
        <PageTitle>{t('invitation.title')}</PageTitle>
        <ErrorAlert error={loadError} />
      </div>
    );
  }
  if (!preview) return <Loading />;
  if (preview.accountExists) {
    return (
      <div className="ev-narrow">
        <PageTitle>{t('invitation.existingTitle')}</PageTitle>
        <Paragraph lead>{t('invitation.from', { inviter: preview.invitedBy })}</Paragraph>
        <Paragraph>{preview.intoCase ? t('invitation.existingCase') : t('invitation.existingNoCase')}</Paragraph>
        <Paragraph><Link href={preview.intoCase ? `/invitation/${token}/join` : '/'}>{t('invitation.toJoin')}</Link></Paragraph>
      </div>
    );
  }
  return (
    <div className="ev-narrow">
      <PageTitle>{t('invitation.title')}</PageTitle>
      <Paragraph lead>{t('invitation.from', { inviter: preview.invitedBy })} {preview.intoCase ? t('invitation.intoCase') : ''}</Paragraph>
      <Paragraph>{t('invitation.forRole', { role: label(t, 'role', preview.role), email: preview.email })} {t('invitation.intro')}</Paragraph>
      <Paragraph>{t('invitation.whatWeDo')}</Paragraph>
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <TextField label={t('invitation.password')} description={t('invitation.passwordHelp', { min: MIN_PASSWORD })} type="password"
          name="new-password" autoComplete="new-password" required value={password} error={errors.password}
          onChange={(e) => setPassword(e.target.value)} />
        <TextField label={t('invitation.repeat')} type="password" name="repeat-password" autoComplete="new-password" required
          value={repeat} error={errors.repeat} onChange={(e) => setRepeat(e.target.value)} />
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{t('invitation.submit')}</Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
