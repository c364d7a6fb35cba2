import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import type { AuthUser } from '../auth/auth-user.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { SessionsService } from '../auth/sessions.service.js';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { VerificationCode } from './entities/verification-code.entity.js';
import type { VerificationResult } from './entities/verification-check.entity.js';
import { formatVerificationCode, hashVerificationCode, newVerificationCode, normaliseVerificationCode } from './verification-code.js';
import { VerificationErrors } from './verification.errors.js';

export const CODE_VALIDITY_MINUTES = 10;
/** Codes a counsellor may ask for per rate-limit window: plenty for a day of calls, too few to flood the table. */
export const MAX_CODES_PER_COUNSELLOR = 30;
/** Rows of expired codes are kept this long (so a late check still answers `expired`), then swept. */
const EXPIRED_CODE_RETENTION_HOURS = 24;

export interface IssuedCode {
  code: string;
  verifyUrl: string;
  qrSvg: string;
  expiresAt: Date;
}

export type VerifyAnswer =
  | { valid: true; counsellor: { displayName: string }; organisation: { name: string }; role: 'counsellor'; credentialValidUntil: Date }
  | { valid: false; reason: Exclude<VerificationResult, 'valid'> };

/** What the one lookup of a check returns: always exactly one row, whether or not the code exists. */
export interface CheckRow {
  found: boolean;
  code_expired: boolean | null;
  credential_id: string | null;
  credential_organisation_id: string | null;
  credential_valid_until: Date | null;
  credential_expired: boolean | null;
  revocation_reason: string | null;
  counsellor_id: string | null;
  display_name: string | null;
  user_role: string | null;
  user_organisation_id: string | null;
  user_disabled: boolean | null;
  organisation_name: string | null;
}

/** The answer for one looked-up row. Revocation outranks expiry: a partner must learn that first. */
export function judgeCheck(row: CheckRow): VerificationResult {
  if (!row.found || !row.credential_id) return 'unknown';
  const counsellorLeft = row.user_disabled || row.user_role !== 'counsellor' || row.user_organisation_id !== row.credential_organisation_id;
  // `key_compromised`: the statement behind the code was signed by a key a thief may hold; the
  // counsellor's re-issued credential backs fresh codes only.
  if (row.revocation_reason === 'revoked' || row.revocation_reason === 'key_compromised' || counsellorLeft) return 'revoked';
  if (row.code_expired) return 'expired';
  if (row.revocation_reason === 'superseded') return 'revoked'; // not reached: live codes move to the new credential
  if (row.credential_expired) return 'expired';
  return 'valid';
}

/**
 * Verification codes: a counsellor with a valid credential gets a short code and a QR code of the
 * verify URL; a partner checks it (public, rate-limited) and every check is logged for the counsellor.
 */
@Injectable()
export class VerificationCodesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly rateLimiter: RateLimiter,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Transactional()
  async issueCode(user: AuthUser): Promise<IssuedCode> {
    await this.rateLimiter.consume([{ key: `verification-code:user:${user.id}`, max: MAX_CODES_PER_COUNSELLOR, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS }]);
    const [credential]: { id: string }[] = await this.txHost.tx.query(
      `SELECT c.id FROM counsellor_credential c JOIN app_user u ON u.id = c.counsellor_id
        WHERE c.counsellor_id = $1 AND c.revoked_at IS NULL AND c.valid_until > now()
          AND u.role = 'counsellor' AND u.disabled_at IS NULL AND u.organisation_id = c.organisation_id`,
      [user.id],
    );
    if (!credential) throw VerificationErrors.noValidCredential();

    const code = newVerificationCode();
    const expiresAt = new Date(Date.now() + CODE_VALIDITY_MINUTES * 60_000);
    const saved = await this.txHost.tx.getRepository(VerificationCode).save({
      codeHash: hashVerificationCode(code), counsellorId: user.id, credentialId: credential.id, expiresAt,
    });
    await this.audit.record({
      action: 'verification_code.issued', subjectType: 'user', subjectId: user.id,
      details: { codeId: saved.id, credentialId: credential.id, expiresAt: expiresAt.toISOString() },
    });
    if (Math.random() < 0.02) {
      await this.txHost.tx.query(`DELETE FROM verification_code WHERE expires_at < now() - make_interval(hours => $1)`, [EXPIRED_CODE_RETENTION_HOURS]);
    }
    const formatted = formatVerificationCode(code);
    const verifyUrl = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/verify/${formatted}`;
    const qrSvg = await QRCode.toString(verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { code: formatted, verifyUrl, qrSvg, expiresAt };
  }

  /**
   * A public check as it arrives: every check counts against the address's limit (429 once used up),
   * then the input is normalised (400 `malformed_code` when it cannot be a code at all) and looked up.
   * A presented session, when valid, names the checker's organisation in the log; it is not required.
   */
  async verifyPresentedCode(input: string, from: { ip: string; sessionToken?: string }): Promise<VerifyAnswer> {
    await this.rateLimiter.consume([{ key: `verify:address:${from.ip}`, max: this.config.VERIFY_MAX_PER_ADDRESS, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS }]);
    const canonical = normaliseVerificationCode(input);
    if (!canonical) throw VerificationErrors.malformedCode();
    const verifier = await this.sessions.resolve(from.sessionToken);
    const verifierOrganisationId = verifier?.secondFactor ? verifier.organisationId : null;
    return this.checkCode(canonical, verifierOrganisationId);
  }

  /**
   * Checks a canonical code and logs the check. One lookup of the same shape for every code — unknown,
   * expired, revoked or valid — followed by one insert, so the answer's timing tells nothing the
   * answer does not.
   */
  async checkCode(canonicalCode: string, verifierOrganisationId: string | null): Promise<VerifyAnswer> {
    // Every check of a code counts on it (in the same single statement for every code, known or not):
    // past VERIFY_MAX_CHECKS_PER_CODE the code is burnt and answers `expired`, as if its time were up.
    const [row]: CheckRow[] = await this.txHost.tx.query(
      `WITH counted AS (
         UPDATE verification_code SET check_count = check_count + 1 WHERE code_hash = $1 RETURNING id, check_count
       )
       SELECT vc.id IS NOT NULL AS found,
              (vc.expires_at <= now() OR counted.check_count > $2) AS code_expired,
              cr.id AS credential_id, cr.organisation_id AS credential_organisation_id,
              cr.valid_until AS credential_valid_until, cr.valid_until <= now() AS credential_expired,
              cr.revocation_reason,
              u.id AS counsellor_id, u.display_name, u.role AS user_role, u.organisation_id AS user_organisation_id,
              u.disabled_at IS NOT NULL AS user_disabled,
              o.name AS organisation_name
         FROM (SELECT $1::bytea AS code_hash) q
         LEFT JOIN verification_code vc ON vc.code_hash = q.code_hash
         LEFT JOIN counted ON counted.id = vc.id
         LEFT JOIN counsellor_credential cr ON cr.id = vc.credential_id
         LEFT JOIN app_user u ON u.id = vc.counsellor_id
         LEFT JOIN organisation o ON o.id = cr.organisation_id`,
      [hashVerificationCode(canonicalCode), this.config.VERIFY_MAX_CHECKS_PER_CODE],
    );
    const result = judgeCheck(row);
    await this.txHost.tx.query(
      `INSERT INTO verification_check (result, counsellor_id, organisation_id, credential_id, verifier_organisation_id)
       VALUES ($1, $2, $3, $4, $5)`,
      [result, row.counsellor_id, row.credential_organisation_id, row.credential_id, verifierOrganisationId],
    );
    if (result !== 'valid') return { valid: false, reason: result };
    return {
      valid: true,
      counsellor: { displayName: row.display_name! },
      organisation: { name: row.organisation_name! },
      role: 'counsellor',
      credentialValidUntil: row.credential_valid_until!,
    };
  }
}
