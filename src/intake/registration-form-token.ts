import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { readOrCreatePassphraseFile } from '../verification/key-encryption-passphrase.js';

export const GENERATED_FORM_SECRET_FILE = path.join('secrets', 'intake-form-secret');
const VERSION = 'f1';
/** Longer input than this is not a token: refused before any work. */
export const MAX_FORM_TOKEN_LENGTH = 200;

export type FormTokenVerdict = 'ok' | 'missing' | 'invalid' | 'too_fast' | 'expired';

/**
 * The public registration form's token: issued by the server when the form is shown, signed with
 * HMAC-SHA256 under INTAKE_FORM_SECRET (or a secret generated once under DATA_DIR/secrets), so its
 * issue time cannot be forged. A form sent back without a valid token, sooner than
 * INTAKE_MIN_FILL_SECONDS after it was issued, or after INTAKE_FORM_TOKEN_MAX_AGE_SECONDS, counts as
 * automated. Shape: `f1.<issued ms, base 36>.<nonce>.<signature>`; the nonce makes each one single use.
 */
@Injectable()
export class RegistrationFormTokens implements OnModuleInit {
  private key?: Buffer;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  /** The secret is read (or generated) once at start-up, so issuing and checking never wait on the disk. */
  async onModuleInit(): Promise<void> {
    const secret = this.config.INTAKE_FORM_SECRET
      ?? await readOrCreatePassphraseFile(path.resolve(this.config.DATA_DIR, GENERATED_FORM_SECRET_FILE));
    this.key = Buffer.from(secret, 'utf8');
  }

  issue(issuedAt = new Date()): { formToken: string; issuedAt: Date } {
    const nonce = randomBytes(16).toString('base64url');
    const payload = `${VERSION}.${issuedAt.getTime().toString(36)}.${nonce}`;
    return { formToken: `${payload}.${this.sign(payload)}`, issuedAt };
  }

  /** The verdict on a presented token, and its nonce when it is genuine (for the single-use check). */
  check(token: string | undefined, now = new Date()): { verdict: FormTokenVerdict; nonce?: string } {
    if (token === undefined || token === '') return { verdict: 'missing' };
    const parts = token.length <= MAX_FORM_TOKEN_LENGTH ? token.split('.') : [];
    if (parts.length !== 4 || parts[0] !== VERSION || !/^[0-9a-z]{1,12}$/.test(parts[1])) return { verdict: 'invalid' };
    const expected = Buffer.from(this.sign(parts.slice(0, 3).join('.')));
    const presented = Buffer.from(parts[3]);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { verdict: 'invalid' };
    const age = now.getTime() - parseInt(parts[1], 36);
    // Also catches an issue time in the future (negative age).
    if (age < this.config.INTAKE_MIN_FILL_SECONDS * 1000) return { verdict: 'too_fast', nonce: parts[2] };
    if (age > this.config.INTAKE_FORM_TOKEN_MAX_AGE_SECONDS * 1000) return { verdict: 'expired', nonce: parts[2] };
    return { verdict: 'ok', nonce: parts[2] };
  }

  private sign(payload: string): string {
    if (!this.key) throw new Error('the registration form secret is not loaded yet');
    return createHmac('sha256', this.key).update(`eenverhaal-registration-form:${payload}`).digest('base64url');
  }
}
