import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { AccountCredentialsService } from '../accounts/account-credentials.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { assertAcceptablePassword } from '../accounts/password-policy.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../accounts/passwords.js';
import { isProfessional } from '../accounts/roles.js';
import type { User } from '../accounts/user.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { AuthErrors } from './auth.errors.js';
import type { AuthUser } from './auth-user.js';
import type { ChangePasswordDto, LoginDto, LoginResponse, TotpSetupResponse } from './dto/auth.dto.js';
import { RateLimiter, type Limit } from './rate-limit/rate-limiter.service.js';
import { SessionsService } from './sessions.service.js';
import { matchTotpStep, newTotpSecret, otpauthUrl } from './totp.js';

/** What counts against the login limits: a wrong password or code (not a missing code: that is step one of two). */
const COUNTED_LOGIN_FAILURES = new Set(['invalid_credentials', 'totp_invalid']);

@Injectable()
export class AuthService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly accounts: AccountsService,
    private readonly credentials: AccountCredentialsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * The strict limit counts per account *and* address, so a guesser elsewhere cannot lock the owner
   * out; the address limit stops one address guessing across accounts; the account ceiling (far
   * higher, consecutive failures from anywhere, NIST SP 800-63B) stops guessing spread over many addresses.
   */
  private loginLimits(email: string, ip: string): Limit[] {
    const window = this.config.RATE_LIMIT_WINDOW_SECONDS;
    return [
      { key: `login:account-address:${ip}:${email}`, max: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowSeconds: window },
      { key: `login:address:${ip}`, max: this.config.LOGIN_MAX_FAILURES_PER_ADDRESS, windowSeconds: window },
      this.accountCeiling(email),
    ];
  }

  private accountCeiling(email: string): Limit {
    return { key: `login:account:${email}`, max: this.config.LOGIN_ACCOUNT_CEILING, windowSeconds: this.config.LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS };
  }

  /**
   * The growing delay: once an account has LOGIN_DELAY_AFTER_FAILURES consecutive failures, it takes
   * at most one attempt per 1, 2, 4 … seconds (capped), from whatever address. A refused attempt is
   * not checked and does not count, so the owner waits at most LOGIN_MAX_DELAY_SECONDS.
   */
  private async paceAccount(email: string): Promise<void> {
    const failures = await this.rateLimiter.peek(this.accountCeiling(email));
    const over = failures - this.config.LOGIN_DELAY_AFTER_FAILURES;
    if (over < 0) return;
    const delay = Math.min(2 ** Math.min(over, 20), this.config.LOGIN_MAX_DELAY_SECONDS);
    await this.rateLimiter.consume([{ key: `login:pace:${email}`, max: 1, windowSeconds: delay }]);
  }

  /**
   * Only failed attempts count against the limits, so a busy office behind one address is not
   * locked out by its own successful logins; a success ends the account's run of failures.
   */
  async login(dto: LoginDto, ip: string): Promise<LoginResponse> {
    const email = dto.email.trim().toLowerCase();
    await this.paceAccount(email);
    const { user, needsSecondFactor } = await this.rateLimiter.attempt(
      this.loginLimits(email, ip),
      () => this.checkCredentials(dto),
      (error) => error instanceof DomainError && COUNTED_LOGIN_FAILURES.has(error.code),
    );
    await this.rateLimiter.reset(this.accountCeiling(email).key);
    const session = await this.openSession(user, needsSecondFactor);
    return {
      token: session.token,
      user: await this.accounts.describeUser(user.id),
      totpSetupRequired: isProfessional(user.role) && user.totpEnabledAt === null,
    };
  }

  @Transactional()
  private async openSession(user: User, secondFactor: boolean): Promise<{ token: string }> {
    const created = await this.sessions.create(user.id, secondFactor);
    await this.audit.record({ action: 'auth.login', subjectType: 'session', subjectId: created.id, actorUserId: user.id, actorRole: user.role });
    return created;
  }

  /** The password and (for a professional with TOTP) the code; throws the answer a failed login gets. */
  private async checkCredentials(dto: LoginDto): Promise<{ user: User; needsSecondFactor: boolean }> {
    const user = await this.credentials.byEmail(dto.email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), dto.password);
    if (!user || !passwordOk || user.disabledAt) {
      if (user) await this.audit.record({ action: 'auth.login_failed', subjectType: 'user', subjectId: user.id, actorUserId: user.id, actorRole: user.role, details: { reason: 'password' } });
      throw AuthErrors.invalidCredentials();
    }

    const needsSecondFactor = isProfessional(user.role) && user.totpEnabledAt !== null;
    if (needsSecondFactor) {
      if (!dto.totp) throw AuthErrors.totpRequired();
      if (!(await this.consumeTotp(user, dto.totp))) {
        await this.audit.record({ action: 'auth.login_failed', subjectType: 'user', subjectId: user.id, actorUserId: user.id, actorRole: user.role, details: { reason: 'totp' } });
        throw AuthErrors.totpInvalid();
      }
    }
    return { user, needsSecondFactor };
  }

  /** A code is good once: its time step must be later than the last one used (RFC 6238 §5.2). */
  private async consumeTotp(user: User, code: string): Promise<boolean> {
    if (!user.totpSecret) return false;
    const step = matchTotpStep(user.totpSecret, code);
    if (step === null) return false;
    return this.credentials.useTotpStep(user.id, step);
  }

  @Transactional()
  async logout(user: AuthUser): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    await this.audit.record({ action: 'auth.logout', subjectType: 'session', subjectId: user.sessionId });
  }

  /** Passes the second factor for a session that has only the first; a wrong code counts against the login limits. */
  async verifyTotp(user: AuthUser, code: string, ip: string): Promise<void> {
    if (user.secondFactor) throw AuthErrors.secondFactorPassed();
    if (!user.totpEnabled) throw AuthErrors.totpNotStarted();
    await this.rateLimiter.attempt(this.loginLimits(user.email, ip), async () => {
      const full = await this.credentials.byId(user.id);
      // Outside a transaction, like the login's own check: the failure's audit event must stay.
      if (!full || !(await this.consumeTotp(full, code))) {
        await this.audit.record({ action: 'auth.login_failed', subjectType: 'user', subjectId: user.id, actorUserId: user.id, actorRole: user.role, details: { reason: 'totp' } });
        throw AuthErrors.totpCodeWrong();
      }
      await this.passSecondFactor(user);
    }, (error) => error instanceof DomainError && error.code === 'totp_invalid');
  }

  @Transactional()
  private async passSecondFactor(user: AuthUser): Promise<void> {
    await this.sessions.markSecondFactor(user.sessionId);
    await this.audit.record({ action: 'auth.second_factor_passed', subjectType: 'session', subjectId: user.sessionId, actorUserId: user.id, actorRole: user.role });
  }

  /** Starts (or restarts) enrolment: a new secret that takes effect only once a code from it is confirmed. */
  @Transactional()
  async setupTotp(user: AuthUser): Promise<TotpSetupResponse> {
    if (user.totpEnabled) throw AuthErrors.totpAlreadyEnabled();
    const secret = newTotpSecret();
    await this.credentials.startTotp(user.id, secret);
    await this.audit.record({ action: 'auth.totp_setup_started', subjectType: 'user', subjectId: user.id });
    return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
  }

  @Transactional()
  async enableTotp(user: AuthUser, code: string): Promise<void> {
    if (user.totpEnabled) throw AuthErrors.totpAlreadyEnabled();
    const full = await this.credentials.byId(user.id, { lock: true });
    if (!full?.totpSecret) throw AuthErrors.totpNotStarted();
    if (!(await this.consumeTotp(full, code))) throw AuthErrors.totpCodeWrong();
    await this.credentials.enableTotp(user.id);
    await this.sessions.markSecondFactor(user.sessionId);
    // Sessions opened before enrolment never passed the second factor: end them.
    await this.sessions.revokeAllOf(user.id, user.sessionId);
    await this.audit.record({ action: 'auth.totp_enabled', subjectType: 'user', subjectId: user.id });
  }

  /**
   * Wrong current passwords count against PASSWORD_CHANGE_MAX_FAILURES per account (429 with
   * Retry-After beyond it), taking their place before the check as failed logins do, so a burst of
   * parallel guesses gets no more tries than the limit. A refused new password does not count.
   */
  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const limits = [{ key: `password-change:user:${user.id}`, max: this.config.PASSWORD_CHANGE_MAX_FAILURES, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS }];
    const wrongPassword = (error: unknown) => error instanceof DomainError && error.code === 'current_password_wrong';
    await this.rateLimiter.attempt(limits, () => this.replacePassword(user, dto), wrongPassword).catch(async (error: unknown) => {
      // The change rolled back; the failed guess is written on its own.
      if (wrongPassword(error)) {
        await this.audit.record({ action: 'auth.password_change_failed', subjectType: 'user', subjectId: user.id });
      }
      throw error;
    });
  }
  /** Checks the current password and sets the new one, ending the other sessions, in one transaction. */
  @Transactional()
  private async replacePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const full = await this.credentials.byId(user.id);
    if (!full || !(await verifyPassword(full.passwordHash, dto.currentPassword))) throw AuthErrors.wrongCurrentPassword();
    assertAcceptablePassword(dto.newPassword, 'newPassword', user.email);
    await this.credentials.setPasswordHash(user.id, await hashPassword(dto.newPassword));
    const others = await this.sessions.revokeAllOf(user.id, user.sessionId);
    await this.audit.record({ action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, details: { sessionsRevoked: others.length } });
  }


  /** Sockets of revoked sessions close once the revocation has committed. */

}
