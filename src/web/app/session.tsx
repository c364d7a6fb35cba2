import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionExpired } from '../api/client.js';
import { PROFESSIONAL_ROLES, type User } from '../api/types.js';
import { forgetUnlockedKey } from '../crypto/session-unlock.js';
import { clearDrafts } from './drafts.js';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean; /** Logged out of a session a provider opened: offer its logout. */ providerLogout?: string | null }
  | { status: 'enrol'; user: User }
  /** A provider login without a second factor: the TOTP code is still due. */
  | { status: 'second'; user: User }
  | { status: 'ready'; user: User };

interface SessionValue {
  state: SessionState;
  /** After a successful login (or TOTP enrolment): fetch who we are. */
  refresh(): Promise<void>;
  setEnrolling(user: User): void;
  /** Asks the server whether the session still lives; a 401 shows the "logged out" notice. */
  check(): void;
  logout(): Promise<void>;
}
const SessionContext = createContext<SessionValue | null>(null);

/**
 * A key unlocked in this tab must not outlive the session (the next person at this computer): the
 * worker holding it ends, and the sealed copy that lets a reload open it again is deleted. An
 * expired session locks it too: `pgp-client` listens for that itself once it is loaded.
 */
function lockKeys(): void {
  forgetUnlockedKey();
  import('../crypto/pgp-client.js').then(({ pgp }) => pgp.lock(), () => undefined);
}

/**
 * Who is logged in. The session lives in an HttpOnly cookie; the client only asks `GET /api/me`.
 * A 401 on any later call means the session ended (expired, revoked, logged out elsewhere).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const user = await api<User>('/api/me', { anonymous: true });
      // A professional without a second factor may only enrol (the server refuses everything else).
      setState(PROFESSIONAL_ROLES.includes(user.role) && !user.totpEnabled ? { status: 'enrol', user }
        : user.secondFactorPending ? { status: 'second', user } : { status: 'ready', user });
    } catch (error) {
      // Nobody is logged in here (any more): drafts and an open key of an earlier session must not wait for the next person.
      if (error instanceof ApiError) {
        clearDrafts();
        forgetUnlockedKey();
      }
      setState({ status: 'anonymous', expired: false });
      if (!(error instanceof ApiError)) throw error;
    }
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => onSessionExpired(() => {
    clearDrafts();
    forgetUnlockedKey();
    setState((s) => (s.status === 'ready' || s.status === 'enrol' || s.status === 'second' ? { status: 'anonymous', expired: true } : s));
  }), []);

  const check = useCallback(() => { api<User>('/api/me').catch(() => undefined); }, []);
  useEffect(() => {
    const onVisible = () => { if (document.visibilityState === 'visible') check(); };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [check]);
  const setEnrolling = useCallback((user: User) => setState({ status: 'enrol', user }), []);
  const logout = useCallback(async () => {
    try { await api('/api/auth/logout', { method: 'POST', anonymous: true }); } catch { /* already gone */ }
    lockKeys();
    clearDrafts();
    setState((s) => ({ status: 'anonymous', expired: false, providerLogout: 'user' in s ? s.user.signedInWithOrganisationId ?? null : null }));
  }, []);

  const value = useMemo(() => ({ state, refresh, setEnrolling, check, logout }), [state, refresh, setEnrolling, check, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'ready' && state.status !== 'enrol') throw new Error('useUser without a user');
  return state.user;
}
