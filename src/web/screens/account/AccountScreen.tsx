import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import { useUser } from '../../app/session.js';
import { Button, ButtonGroup, Checkbox, ErrorAlert, Heading, LiveNotice, Paragraph, PageTitle, TextField } from '../../components/ui.js';
import { KeyPanel, KeyProvider, LostPassphrase, useKeys } from '../../crypto/KeyPanel.js';
import { ChildWords, useI18n, type MessageKey, type Translate } from '../../i18n/i18n.js';
import { AskErasure, MyCopy } from './PrivacySection.js';

const MIN_PASSWORD = 12;

/**
 * The account screen: who I am, change my password, my key for attachments on this device. A child
 * does the same things here, told in a child's words ("je", short sentences: `ChildWords`).
 */
export default function AccountScreen() {
  const user = useUser();
  return user.role === 'child' ? <ChildWords><Account /></ChildWords> : <Account />;
}

function Account() {
  const { t } = useI18n();
  return (
    <div className="ev-narrow">
      <PageTitle>{t('account.title')}</PageTitle>
      <Paragraph lead>{t('account.intro')}</Paragraph>
      <WhoIAm />
      <PasswordChange />
      <NotificationSettings />
      <KeyProvider>
        <KeyManagement />
      </KeyProvider>
      <MyCopy />
      <AskErasure />
    </div>
  );
}

/** The session's own `GET /api/me` answer: name, email, role, organisation. */
function WhoIAm() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <section aria-labelledby="account-who" className="ev-card">
      <Heading level={2} id="account-who">{t('account.who.title')}</Heading>
      <dl className="ev-facts" data-testid="account-who">
        <dt>{t('account.who.name')}</dt><dd>{user.displayName}</dd>
        <dt>{t('account.who.email')}</dt><dd className="ev-wrap-anywhere">{user.email}</dd>
        <dt>{t('account.who.role')}</dt><dd>{t(`account.role.${user.role}` as MessageKey)}</dd>
        <dt>{t('account.who.organisation')}</dt><dd>{user.organisation?.name ?? t('account.who.noOrganisation')}</dd>
        <dt>{t('account.who.totp')}</dt><dd>{user.totpEnabled ? t('account.who.totpOn') : t('account.who.totpOff')}</dd>
      </dl>
      <Paragraph small>{t('account.who.wrong')}</Paragraph>
    </section>
  );
}

type PasswordField = 'currentPassword' | 'newPassword' | 'repeat';

/** The server's answer, put next to the field it names (`field` in the error body). */
function fieldErrorOf(error: ApiError, t: Translate): Partial<Record<PasswordField, string>> | null {
  switch (error.code) {
    case 'current_password_wrong': return { currentPassword: t('account.password.currentWrong') };
    case 'password_too_short': return { newPassword: t('account.password.tooShort', { min: MIN_PASSWORD }) };
    case 'password_too_long': return { newPassword: t('account.password.tooLong') };
    case 'password_too_common': return { newPassword: t('account.password.tooCommon') };
  }
  const field = error.body.field;
  if (error.status === 400 && (field === 'currentPassword' || field === 'newPassword')) {
    return { [field]: error.message.replace(new RegExp(`^${field}:\\s*`), '') };
  }
  return null;
}

/**
 * `POST /api/me/password`. The server ends every other session of this user; this one stays.
 * The success message goes into a live region that is always on the page, so it is announced.
 */
function PasswordChange() {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<PasswordField, string>>({ currentPassword: '', newPassword: '', repeat: '' });
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = (field: PasswordField) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    setDone(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<PasswordField, string>> = {};
    if (!values.currentPassword) found.currentPassword = t('account.password.currentMissing');
    if (values.newPassword.length < MIN_PASSWORD) found.newPassword = t('account.password.tooShort', { min: MIN_PASSWORD });
    else if (values.newPassword === values.currentPassword) found.newPassword = t('account.password.same');
    if (values.repeat !== values.newPassword) found.repeat = t('account.password.mismatch');
    setErrors(found);
    setError(null);
    setDone(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api('/api/me/password', { method: 'POST', body: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
      setValues({ currentPassword: '', newPassword: '', repeat: '' });
      setDone(true);
    } catch (caught) {
      const byField = caught instanceof ApiError ? fieldErrorOf(caught, t) : null;
      if (byField) setErrors(byField);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="account-password" className="ev-card">
      <Heading level={2} id="account-password">{t('account.password.title')}</Heading>
      <Paragraph>{t('account.password.explain')}</Paragraph>
      <Paragraph small>{t('account.password.keyNotChanged')}</Paragraph>
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        {/* A hidden user name lets password managers file the new password under the right account. */}
        <UsernameHint />
        <TextField label={t('account.password.current')} type="password" name="current-password" autoComplete="current-password" aria-required="true"
          value={values.currentPassword} error={errors.currentPassword} onChange={set('currentPassword')} />
        <TextField label={t('account.password.new')} description={t('account.password.newHelp', { min: MIN_PASSWORD })} type="password"
          name="new-password" autoComplete="new-password" aria-required="true" value={values.newPassword} error={errors.newPassword} onChange={set('newPassword')} />
        <TextField label={t('account.password.repeat')} type="password" name="repeat-password" autoComplete="new-password" aria-required="true"
          value={values.repeat} error={errors.repeat} onChange={set('repeat')} />
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{busy ? t('account.password.busy') : t('account.password.submit')}</Button>
        </ButtonGroup>
      </form>
      <div role="status" aria-live="polite" data-testid="password-status">
        {done ? (
          <div className="utrecht-alert utrecht-alert--ok">
            <div className="utrecht-alert__content"><div className="utrecht-alert__message">
              <p className="utrecht-paragraph"><strong>{t('alert.ok')}</strong></p>
              <p className="utrecht-paragraph">{t('account.password.done')}</p>
            </div></div>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function UsernameHint() {
  const user = useUser();
  return <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />;
}

/** Groups a fingerprint in blocks of four, as GnuPG prints it, so it can be read out and compared. */
function groupFingerprint(fingerprint: string): string {
  return fingerprint.toUpperCase().replace(/(.{4})(?!$)/g, '$1 ');
}

/**
 * The key for attachments on this device: its fingerprint, whether it is open in this tab, and
 * "lock now". Someone with a key who comes here on a new device is offered to open (restore) that
 * key from the passphrase-protected copy on the server, never to make a new one.
 */
function KeyManagement() {
  const { t } = useI18n();
  const { state, fingerprint, lock } = useKeys();
  const [justLocked, setJustLocked] = useState(false);
  const notice = useRef<HTMLDivElement>(null);
  const lockNow = () => {
    lock();
    setJustLocked(true);
    // The button goes away: focus moves to the message that says what happened.
    requestAnimationFrame(() => notice.current?.focus());
  };
  return (
    <section aria-labelledby="account-keys">
      <Heading level={2} id="account-keys">{t('account.keys.title')}</Heading>
      <Paragraph>{t('account.keys.explain')}</Paragraph>
      {state === 'loading' ? null : (
        <dl className="ev-facts" data-testid="account-key">
          <dt>{t('account.keys.fingerprint')}</dt>
          <dd>{fingerprint ? <span className="ev-code" data-testid="key-fingerprint">{groupFingerprint(fingerprint)}</span> : t('account.keys.none')}</dd>
          {fingerprint ? (
            <>
              <dt>{t('account.keys.status')}</dt>
              <dd data-testid="account-key-state">{state === 'unlocked' ? t('account.keys.statusUnlocked') : t('account.keys.statusLocked')}</dd>
            </>
          ) : null}
        </dl>
      )}
      {fingerprint ? <Paragraph small>{t('account.keys.fingerprintHelp')}</Paragraph> : null}
      <div role="status" aria-live="polite" tabIndex={-1} ref={notice}>
        {justLocked && state === 'locked' ? <Paragraph>{t('account.keys.locked')}</Paragraph> : null}
      </div>
      {state === 'locked' && !justLocked ? <Paragraph>{t('account.keys.otherDevice')}</Paragraph> : null}
      {state === 'none' || state === 'locked' ? <KeyPanel headingLevel={3} /> : null}
      {state === 'unlocked' ? (
        <div className="ev-card">
          <Paragraph>{t('account.keys.lockExplain')}</Paragraph>
          <ButtonGroup>
            <Button appearance="secondary-action-button" onClick={lockNow}>{t('account.keys.lock')}</Button>
          </ButtonGroup>
        </div>
      ) : null}
      {/* While locked, the key panel explains a lost passphrase and offers a new key itself. */}
      {state === 'unlocked' ? <LostPassphrase /> : null}
    </section>
  );
}

/** Whether a mail (without any content) says a new message waits: the setting the mails point to. */
function NotificationSettings() {
  const { t } = useI18n();
  const [email, setEmail] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => { api<{ email: boolean }>('/api/me/notifications').then((p) => setEmail(p.email), setError); }, []);
  const change = async (on: boolean) => {
    setError(null);
    setNotice(null);
    const before = email;
    setEmail(on); // at once; put back if the server refuses
    try {
      const saved = await api<{ email: boolean }>('/api/me/notifications', { method: 'PUT', body: { email: on } });
      setEmail(saved.email);
      setNotice(saved.email ? t('notify.on') : t('notify.off'));
    } catch (caught) {
      setEmail(before);
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="account-notifications" className="ev-card">
      <Heading level={2} id="account-notifications">{t('notify.title')}</Heading>
      <ErrorAlert error={error} />
      {email !== null ? <Checkbox label={t('notify.email')} description={t('notify.emailHelp')} checked={email} onChange={(on) => void change(on)} /> : null}
      <LiveNotice message={notice} />
    </section>
  );
}
