/**
 * A counsellor's own current OpenPGP key, as the attachments module (which owns `user_key`) knows it.
 * A credential names its fingerprint when there is one. Verification cannot import the attachments
 * module (that one imports verification to certify keys), so attachments provides this port under
 * `COUNSELLOR_KEYS` and verification looks it up at run time.
 */
export interface CounsellorKeys {
  /** The user's current key fingerprint (upper-case hex), or null when they have none that is usable. */
  currentFingerprint(userId: string): Promise<string | null>;
}

export const COUNSELLOR_KEYS = Symbol('CounsellorKeys');
