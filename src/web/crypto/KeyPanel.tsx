import { createContext, useCallback, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import { useUser } from '../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Paragraph, TextField } from '../components/ui.js';
import { useI18n } from '../i18n/i18n.js';
import { pgp, PgpError } from './pgp-client.js';

type KeyState = 'loading' | 'none' | 'locked' | 'unlocked';
interface KeyValue {
  state: KeyState;
  backup: string | null;
  /** Of the user's current key (null while loading or without a key). */
  fingerprint: string | null;
  setState(state: KeyState): void;
  reload(): void;
  /** Forgets the unlocked key in this tab. */
  lock(): void;
}
const KeyContext = createContext<KeyValue | null>(null);

/** The id of the key panel's heading: hints elsewhere on the page link to it. */
export const KEY_PANEL_ID = 'keys-title';

/**
 * Whether this user has a key pair, and whether it is unlocked in this tab (the worker holds it).
 * A key unlocked earlier in this tab opens again by itself after a reload (see session-unlock).
 */
export function KeyProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<KeyState>(pgp.unlocked ? 'unlocked' : 'loading');
  const [backup, setBackup] = useState<string | null>(null);
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const reload = useCallback(() => {
    api<{ fingerprint: string; encryptedPrivateKey: string | null }>('/api/me/keys').then(
      async (own) => {
        const current = own.fingerprint.toUpperCase();
        const opened = await pgp.resume();
        // A key replaced since (on another device): the one open here is of no use any more.
        if (opened && opened !== current) pgp.lock();
        setBackup(own.encryptedPrivateKey);
        setFingerprint(own.fingerprint);
        setState(opened === current ? 'unlocked' : 'locked');
      },
      (error) => { if (error instanceof ApiError && error.status === 404) { setFingerprint(null); setState('none'); } },
    );
  }, []);
  useEffect(reload, [reload]);
  const lock = useCallback(() => { pgp.lock(); setState('locked'); }, []);
  return <KeyContext.Provider value={{ state, backup, fingerprint, setState, reload, lock }}>{children}</KeyContext.Provider>;
}

export function useKeys(): KeyValue {
  const value = useContext(KeyContext);
  if (!value) throw new Error('useKeys outside KeyProvider');
  return value;
}

const MIN_PASSPHRASE = 10;

/**
 * What a lost passphrase means, in plain words, and the way on: a new key, then asking for access
 * to the files one needs again. `onStart` offers to make the new key right here.
 */
export function LostPassphrase({ onStart }: { onStart?: () => void }) {
  const { t } = useI18n();
  return (
    <details className="ev-card" data-testid="lost-passphrase">
      <summary>{t('keys.lost.title')}</summary>
      <Paragraph>{t('keys.lost.text')}</Paragraph>
      <Paragraph>{t('keys.lost.what')}</Paragraph>
      {onStart ? <ButtonGroup><Button appearance="secondary-action-button" onClick={onStart}>{t('keys.lost.start')}</Button></ButtonGroup> : null}
    </details>
  );
}

/**
 * Makes (first time), unlocks, or — passphrase lost — replaces the user's key. The key pair is
 * generated in the browser; only the public key and a passphrase-protected copy of the private key
 * go to the server, which cannot open it.
 */
export function KeyPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useI18n();
  const user = useUser();
  const { state, backup, setState, reload } = useKeys();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [replacing, setReplacing] = useState(false);

  const startOver = (replace: boolean) => {
    setReplacing(replace);
    setPassphrase('');
    setRepeat('');
    setFieldError(null);
    setError(null);
    // The form changes under the button just pressed: focus goes to its first field.
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-key-panel] input')?.focus());
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE) { setFieldError(t('keys.tooShort', { min: MIN_PASSPHRASE })); return; }
    if (passphrase !== repeat) { setFieldError(t('invitation.mismatch')); return; }
    setFieldError(null);
    setBusy(true);
    setError(null);
    try {
      const made = await pgp.generate(user.displayName, user.email, passphrase);
      await api('/api/me/keys', { method: 'PUT', body: { publicKey: made.publicKey, encryptedPrivateKey: made.encryptedPrivateKey } });
      setPassphrase('');
      setRepeat('');
      setReplacing(false);
      setState('unlocked');
      reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const unlock = async (event: FormEvent) => {
    event.preventDefault();
    if (!backup) return;
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      await pgp.unlock(backup, passphrase);
      setPassphrase('');
      setState('unlocked');
    } catch (caught) {
      if (caught instanceof PgpError && caught.code === 'wrong_passphrase') setFieldError(t('keys.wrong'));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (state === 'loading') return null;
  if (state === 'unlocked') return <p className="utrecht-paragraph utrecht-paragraph--small" data-testid="key-state">{t('keys.unlocked')}</p>;
  const creating = state === 'none' || replacing;
  return (
    <section className="ev-card" aria-labelledby={KEY_PANEL_ID} data-key-panel>
      <Heading level={headingLevel} id={KEY_PANEL_ID}>{state === 'none' ? t('keys.createTitle') : replacing ? t('keys.replaceTitle') : t('keys.unlockTitle')}</Heading>
      <Paragraph>{state === 'none' ? t('keys.createIntro') : replacing ? t('keys.replaceIntro') : t('keys.unlockIntro')}</Paragraph>
      <ErrorAlert error={error} />
      {creating ? (
        <form onSubmit={create} noValidate>
          <TextField label={t('keys.passphrase')} description={t('keys.passphraseHelp', { min: MIN_PASSPHRASE })} type="password" autoComplete="new-password"
            value={passphrase} onChange={(e) => setPassphrase(e.target.value)} error={fieldError} />
          <TextField label={t('keys.repeat')} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          <Alert type="warning">{t('keys.noRecovery')}</Alert>
          <ButtonGroup>
            <Button type="submit" busy={busy} disabled={busy}>{busy ? t('keys.creating') : t('keys.create')}</Button>
            {replacing ? <Button appearance="subtle-button" onClick={() => startOver(false)}>{t('keys.replaceCancel')}</Button> : null}
          </ButtonGroup>
        </form>
      ) : backup ? (
        <form onSubmit={unlock} noValidate>
          <TextField label={t('keys.passphrase')} type="password" autoComplete="current-password" value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)} error={fieldError} />
          <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('keys.unlock')}</Button></ButtonGroup>
        </form>
      ) : <Alert type="warning">{t('keys.noBackup')}</Alert>}
      {state === 'locked' && !replacing ? <LostPassphrase onStart={() => startOver(true)} /> : null}
    </section>
  );
}
