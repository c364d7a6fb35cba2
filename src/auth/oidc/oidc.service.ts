import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { isProfessional, type Role } from '../../accounts/roles.js';
import { AuditService } from '../../audit/audit.service.js';
import { CommonErrors } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost, Transactional } from '../../database/transaction-host.js';
import { KeyEncryptionPassphrase } from '../../verification/key-encryption-passphrase.js';
import { SessionsService } from '../sessions.service.js';
import { decryptClientSecret, encryptClientSecret } from './client-secret.crypto.js';
import type { IdentityProviderLookupResponse, IdentityProviderResponse, PutIdentityProviderDto } from './identity-provider.dto.js';
import { OidcErrors, type OidcFailure } from './oidc.errors.js';

export const CALLBACK_PATH = '/api/auth/oidc/callback';
/** Binds a login under way to the browser that started it (a login CSRF needs the victim's browser to carry it). */
export const OIDC_BROWSER_COOKIE = 'ev_oidc';
export const ATTEMPT_MINUTES = 10;
const DISCOVERY_TTL_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_SECONDS = 5;
const SCOPE = 'openid email profile';

interface ProviderRow {
  organisation_id: string;
  issuer: string;
  client_id: string;
  client_secret_encrypted: string;
  mfa_satisfied_by: string[];
  updated_at: Date;
}

export type CallbackOutcome =
  | { ok: true; token: string }
  | { ok: false; failure: OidcFailure };

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** Plain http only for a provider on this machine (development, tests); everything else must be https. */
export function isAcceptableIssuer(issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** A fetch that failed to reach the provider at all (refused, timed out, DNS), as opposed to an answer we refuse. */
function isUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const name = (e as Error).name;
    const code = (e as { code?: string }).code;
    if (e instanceof TypeError && /fetch failed/i.test((e as Error).message)) return true;
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    if (code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)$/.test(code)) return true;
  }
  return false;
}

/** What an error is called in logs and audit details: its class and code, never a token or a message with claims. */
function errorKind(error: unknown): string {
  const e = error as { name?: string; code?: string; error?: string };
  return [e?.name ?? 'Error', e?.code, e?.error].filter(Boolean).join(':').slice(0, 120);
}

/**
 * OpenID Connect login for professionals with their organisation's own identity provider (Entra ID,
 * Keycloak, an eHerkenning broker): authorization code flow with PKCE, `state` and `nonce`, using
 * openid-client's functional API. Only an existing account of that organisation, with an address
 * in one of its verified mail domains, logs in; a login never creates an account.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private readonly discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();

  constructor(
    private readonly txHost: TransactionHost,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly passphrase: KeyEncryptionPassphrase,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  get redirectUri(): string {
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}${CALLBACK_PATH}`;
  }

  get postLogoutRedirectUri(): string {
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/login`;
  }

  // ---- administration ----

  @Transactional()
  async put(organisationId: string, dto: PutIdentityProviderDto): Promise<IdentityProviderResponse> {
    if (!isAcceptableIssuer(dto.issuer)) throw OidcErrors.insecureIssuer();
    const [organisation] = await this.txHost.tx.query(`SELECT id FROM organisation WHERE id = $1 FOR UPDATE`, [organisationId]);
    if (!organisation) throw CommonErrors.notFound('organisation');
    const existing = await this.row(organisationId);
    if (!existing && dto.clientSecret === undefined) throw OidcErrors.clientSecretRequired();
    const secret = dto.clientSecret !== undefined
      ? await encryptClientSecret(dto.clientSecret, await this.passphrase.get())
      : existing!.client_secret_encrypted;
    const mfa = dto.mfaSatisfiedBy ?? existing?.mfa_satisfied_by ?? [];
    await this.txHost.tx.query(
      `INSERT INTO organisation_identity_provider (organisation_id, issuer, client_id, client_secret_encrypted, mfa_satisfied_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organisation_id) DO UPDATE SET issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,
         client_secret_encrypted = EXCLUDED.client_secret_encrypted, mfa_satisfied_by = EXCLUDED.mfa_satisfied_by, updated_at = now()`,
      [organisationId, dto.issuer, dto.clientId, secret, mfa],
    );
    await this.audit.record({
      action: existing ? 'organisation.identity_provider_updated' : 'organisation.identity_provider_configured',
      subjectType: 'organisation', subjectId: organisationId,
      details: { issuer: dto.issuer, clientId: dto.clientId, mfaSatisfiedBy: mfa, clientSecretChanged: dto.clientSecret !== undefined },
    });
    return this.describe((await this.row(organisationId))!);
  }

  async get(organisationId: string): Promise<IdentityProviderResponse> {
    const row = await this.row(organisationId);
    if (!row) throw OidcErrors.notConfigured();
    return this.describe(row);
  }

  /** The provider of the organisation whose verified mail domains hold this address's domain. */
  async lookup(email: string): Promise<IdentityProviderLookupResponse> {
    const domain = email.trim().toLowerCase().split('@').pop() ?? '';
    const [row]: { id: string; name: string }[] = await this.txHost.tx.query(
      `SELECT o.id, o.name FROM organisation o JOIN organisation_identity_provider p ON p.organisation_id = o.id
        WHERE o.mail_domains @> ARRAY[$1::text] LIMIT 1`, [domain]);
    if (!row) throw OidcErrors.noProviderForDomain();
    return { organisationId: row.id, name: row.name, startUrl: `/api/auth/oidc/${row.id}/start` };
  }

  // ---- the login ----

  /**
   * Where to send the browser: the provider's authorization endpoint, with a fresh state, nonce and
   * PKCE challenge kept (single use, 10 minutes) under the state's hash with the browser binding.
   */
  async start(organisationId: string): Promise<{ ok: true; location: string; browserToken: string } | { ok: false; failure: OidcFailure }> {
    const row = await this.row(organisationId);
    if (!row) throw OidcErrors.notConfigured();
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration(row);
    } catch (error) {
      this.logger.warn(`Identity provider of organisation ${organisationId} is unreachable (${errorKind(error)})`);
      return { ok: false, failure: 'oidc_provider_unavailable' };
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const browserToken = randomBytes(32).toString('base64url');
    await this.txHost.tx.query(`DELETE FROM oidc_login_attempt WHERE expires_at < now()`);
    await this.txHost.tx.query(
      `INSERT INTO oidc_login_attempt (state_hash, browser_hash, organisation_id, nonce, code_verifier, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
      [sha256(state), sha256(browserToken), organisationId, nonce, codeVerifier, ATTEMPT_MINUTES],
    );
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { ok: true, location: url.href, browserToken };
  }

  /** The provider sent the browser back: check everything, then open a session for the existing account. */
  async callback(query: Record<string, unknown>, rawQuery: string, browserToken: string | undefined): Promise<CallbackOutcome> {
    const state = typeof query.state === 'string' ? query.state : '';
    if (!state || state.length > 500) return this.fail(null, 'oidc_state_invalid', 'no_state');
    // Single use: the attempt is gone whatever happens next, so a replayed callback finds nothing.
    // TypeORM answers DELETE ... RETURNING with [rows, affectedCount].
    const [deleted]: [{ browser_hash: Buffer; organisation_id: string; nonce: string; code_verifier: string }[], number] = await this.txHost.tx.query(
      `DELETE FROM oidc_login_attempt WHERE state_hash = $1 AND expires_at > now() RETURNING browser_hash, organisation_id, nonce, code_verifier`,
      [sha256(state)],
    );
    const attempt = deleted[0];
    if (!attempt) return this.fail(null, 'oidc_state_invalid', 'unknown_state');
    const organisationId = attempt.organisation_id;
    if (!browserToken || !timingSafeEqual(sha256(browserToken), attempt.browser_hash)) {
      return this.fail(organisationId, 'oidc_state_invalid', 'other_browser');
    }
    if (typeof query.error === 'string') return this.fail(organisationId, 'oidc_denied', `provider_error:${query.error.slice(0, 40)}`);
    const row = await this.row(organisationId);
    if (!row) return this.fail(organisationId, 'oidc_failed', 'provider_removed');

    let claims: { sub?: string; email?: unknown; email_verified?: unknown; amr?: unknown };
    try {
      const configuration = await this.configuration(row);
      const tokens = await client.authorizationCodeGrant(configuration, new URL(`${this.redirectUri}?${rawQuery}`), {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) return this.fail(organisationId, 'oidc_failed', 'no_id_token');
      claims = idClaims;
      // Many providers keep the address out of the ID token (it is in the userinfo answer, for the same subject).
      if (typeof idClaims.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...idClaims, email: info.email, email_verified: info.email_verified };
      }
    } catch (error) {
      return isUnreachable(error)
        ? this.fail(organisationId, 'oidc_provider_unavailable', errorKind(error))
        : this.fail(organisationId, 'oidc_failed', errorKind(error));
    }

    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified === false) return this.fail(organisationId, 'oidc_no_account', email ? 'email_not_verified' : 'no_email');
    const domain = email.split('@').pop()!;
    const [user]: { id: string; role: Role; totp_enabled_at: Date | null }[] = await this.txHost.tx.query(
      `SELECT u.id, u.role, u.totp_enabled_at FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE lower(u.email) = $1 AND u.organisation_id = $2 AND u.disabled_at IS NULL AND o.mail_domains @> ARRAY[$3::text]`,
      [email, organisationId, domain],
    );
    if (!user) return this.fail(organisationId, 'oidc_no_account', 'no_account');

    const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
    const providerMfa = amr.some((v) => row.mfa_satisfied_by.includes(v));
    // TOTP is skipped only when the ID token proves a second factor the organisation accepts.
    const secondFactor = providerMfa || !isProfessional(user.role);
    const session = await this.openSession(user, organisationId, secondFactor, providerMfa);
    return { ok: true, token: session.token };
  }

  @Transactional()
  private async openSession(user: { id: string; role: Role }, organisationId: string, secondFactor: boolean, providerMfa: boolean): Promise<{ token: string }> {
    const created = await this.sessions.create(user.id, secondFactor, organisationId);
    await this.audit.record({
      action: 'auth.login', subjectType: 'session', subjectId: created.id, actorUserId: user.id, actorRole: user.role,
      details: { method: 'oidc', organisationId, providerSecondFactor: providerMfa },
    });
    return created;
  }

  /** Where "also log out at your organisation" goes: the provider's end-session endpoint, or back to the login page. */
  async logoutLocation(organisationId: string): Promise<string> {
    const row = await this.row(organisationId);
    if (!row) return '/login';
    try {
      const configuration = await this.configuration(row);
      if (!configuration.serverMetadata().end_session_endpoint) return '/login';
      return client.buildEndSessionUrl(configuration, { client_id: row.client_id, post_logout_redirect_uri: this.postLogoutRedirectUri }).href;
    } catch (error) {
      this.logger.warn(`Identity provider of organisation ${organisationId} is unreachable (${errorKind(error)})`);
      return '/login?oidc_error=oidc_provider_unavailable';
    }
  }

  private async fail(organisationId: string | null, failure: OidcFailure, reason: string): Promise<CallbackOutcome> {
    await this.audit.record({
      action: 'auth.oidc_login_failed', subjectType: 'organisation', subjectId: organisationId ?? undefined,
      details: { failure, reason },
    });
    return { ok: false, failure };
  }

  private async row(organisationId: string): Promise<ProviderRow | undefined> {
    const [row]: ProviderRow[] = await this.txHost.tx.query(
      `SELECT organisation_id, issuer, client_id, client_secret_encrypted, mfa_satisfied_by, updated_at
         FROM organisation_identity_provider WHERE organisation_id = $1`, [organisationId]);
    return row;
  }

  private describe(row: ProviderRow): IdentityProviderResponse {
    return {
      organisationId: row.organisation_id,
      issuer: row.issuer,
      clientId: row.client_id,
      mfaSatisfiedBy: row.mfa_satisfied_by,
      redirectUri: this.redirectUri,
      postLogoutRedirectUri: this.postLogoutRedirectUri,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** Discovery, cached per provider setting for 10 minutes; a failed discovery is not cached. */
  private configuration(row: ProviderRow): Promise<client.Configuration> {
    const key = `${row.organisation_id}|${new Date(row.updated_at).getTime()}`;
    const cached = this.discovered.get(key);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const config = (async () => {
      const secret = await decryptClientSecret(row.client_secret_encrypted, await this.passphrase.get());
      const insecure = new URL(row.issuer).protocol === 'http:'; // only loopback issuers get this far (isAcceptableIssuer)
      return client.discovery(new URL(row.issuer), row.client_id, undefined, client.ClientSecretBasic(secret), {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      });
    })();
    for (const [k] of this.discovered) if (k.startsWith(`${row.organisation_id}|`)) this.discovered.delete(k);
    this.discovered.set(key, { at: Date.now(), config });
    config.catch(() => this.discovered.delete(key));
    return config;
  }
}
