/**
 * Why a body is not an acceptable encrypted OpenPGP message. `malformed_*` and `truncated_*` reasons
 * are broken input (400); the others are well-formed OpenPGP the portal refuses (422).
 */
export type OpenPgpFormatReason =
  | 'malformed_message'
  | 'truncated_message'
  | 'trailing_data'
  | 'not_encrypted'
  | 'password_message'
  | 'unprotected_encryption'
  | 'unsupported_packet'
  | 'unsupported_algorithm'
  | 'anonymous_recipient'
  | 'no_recipients'
  | 'version_mismatch'
  | 'malformed_armor';

export class OpenPgpFormatError extends Error {
  constructor(readonly reason: OpenPgpFormatReason, readonly detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'OpenPgpFormatError';
  }

  get isMalformed(): boolean {
    return this.reason === 'malformed_message' || this.reason === 'truncated_message' || this.reason === 'malformed_armor' || this.reason === 'trailing_data';
  }
}
