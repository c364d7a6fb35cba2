import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { Alert, Button, ButtonGroup, ErrorAlert, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

const MIN_PASSWORD = 12;

/** Someone was invited: they choose a password and their account is ready. */
export default function InvitationScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<User | null>(null);

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
      setDone(await api<User>(`/api/invitations/${encodeURIComponent(params.token)}/accept`, { method: 'POST', anonymous: true, body: { password } }));
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
  return (
    <div className="ev-narrow">
      <PageTitle>{t('invitation.title')}</PageTitle>
      <Paragraph lead>{t('invitation.intro')}</Paragraph>
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
