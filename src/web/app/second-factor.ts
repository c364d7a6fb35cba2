import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { useSession } from './session.js';

/**
 * The six-digit code form of the second factor, for enrolment (`/api/auth/totp/enable`) and for a
 * provider login without one (`/api/auth/totp/verify`): send the code, then read the session again;
 * a refused code empties the field.
 */
export function useSecondFactorCode(path: '/api/auth/totp/enable' | '/api/auth/totp/verify') {
  const { refresh } = useSession();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(path, { method: 'POST', body: { code: code.trim() } });
      await refresh();
    } catch (caught) {
      setError(caught);
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  return { code, setCode, busy, error, setError, submit };
}
