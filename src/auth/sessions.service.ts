import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '../database/transaction-host.js';
import type { DataSource } from 'typeorm';
import { isProfessional, type OrganisationKind, type Role } from '../accounts/roles.js';
import { AppConfig } from '../config/app-config.js';
import { afterCommit } from '../database/after-commit.js';
import type { AuthUser } from './auth-user.js';
import { SessionsInvalidated, SessionsRevoked, UserSessionsChanged } from './auth.events.js';
import { SessionBus, type SessionInvalidation } from './session-bus.js';
import { hashToken, newToken, tokenKey } from './session-token.js';

/** Touching `last_seen_at` on every request would turn each read into a write; once a minute is enough for idle expiry. */
const TOUCH_AFTER_MS = 60_000;
/** Sessions one node keeps in memory; the least recently used go first. */
const CACHE_ENTRIES = 10_000;

interface CachedSession {
  user: AuthUser;
  fetchedAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

interface SessionRow {
  session_id: string;
  second_factor: boolean;
  oidc_organisation_id: string | null;
  last_seen_at: Date;
  expires_at: Date;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_id: string | null;
  totp_enabled_at: Date | null;
  organisation_name: string | null;
  organisation_kind: OrganisationKind | null;
}

/**
 * Sessions: opaque tokens, stored hashed. Each node keeps resolved sessions in an in-process LRU for
 * at most SESSION_CACHE_SECONDS (≤ 30 s, the safety bound). Revocations and changes to a user are
 * dropped from this node's cache at once (after commit) and announced to the other nodes over the
 * cluster bus (SessionBus: PostgreSQL NOTIFY, or Redis when REDIS_URL is set); while the bus is down
 * the cache is bypassed, and it is purged whenever the bus (re)connects.
 */
@Injectable()
export class SessionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache = new Map<string, CachedSession>();
  /** Lookups under way, by token key, with the epoch they began in. */
  private readonly reading = new Map<string, { epoch: number; read: Promise<AuthUser | null> }>();
  /** Bumped by every invalidation: a lookup that started before one does not fill the cache. */
  private epoch = 0;
  private bus?: SessionBus;

  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SESSION_CACHE_SECONDS === 0) return;
    const url = (this.dataSource.options as { url?: string }).url!;
    this.bus = new SessionBus(url, this.config.REDIS_URL, (message) => this.dropLocally(message, true), () => this.purge());
    await this.bus.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus?.close();
    this.bus = undefined;
    this.purge();
  }

  private get cacheUsable(): boolean {
    return this.bus?.healthy === true;
  }

  /** Forgets every cached session on this node. */
  purge(): void {
    this.epoch += 1;
    this.cache.clear();
  }

  /** Drops sessions and users from this node's cache; `remote`: told by another node over the bus. */
  private dropLocally(message: SessionInvalidation, remote: boolean): void {
    const sessions = new Set([...(message.sessions ?? []), ...(message.refreshSessions ?? [])]);
    const users = new Set([...(message.users ?? []), ...(message.refresh ?? [])]);
    if (sessions.size === 0 && users.size === 0) return;
    this.epoch += 1;
    for (const [key, entry] of this.cache) {
      if (sessions.has(entry.user.sessionId) || users.has(entry.user.id)) this.cache.delete(key);
    }
    // Sockets of ended sessions and changed users close on this node too (revocations already do
    // that cluster-wide through the socket adapter; the bus covers what only the cache knew).
    const closing = { sessions: message.sessions ?? [], users: message.users ?? [] };
    if ((remote && closing.sessions.length) || closing.users.length) {
      this.events.emit(SessionsInvalidated.event, new SessionsInvalidated(closing.sessions, closing.users));
    }
  }

  /** At once on this node, then on every other node over the bus. Call after commit (see `invalidateAfterCommit`). */
  async invalidate(message: SessionInvalidation): Promise<void> {
    this.dropLocally(message, false);
    await this.bus?.publish(message);
  }

  /** Invalidates once the current transaction (if any) has committed; never when it rolls back. */
  invalidateAfterCommit(message: SessionInvalidation): void {
    afterCommit(this.txHost.tx, () => void this.invalidate(message));
  }

  @OnEvent(UserSessionsChanged.event)
  onUserSessionsChanged(event: UserSessionsChanged): Promise<void> {
    return this.invalidate({ users: event.userIds });
  }

  /** `oidcOrganisationId`: the session was opened through that organisation's identity provider. */
  async create(userId: string, secondFactor: boolean, oidcOrganisationId: string | null = null): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3600_000);
    const [row] = await this.txHost.tx.query(
      `INSERT INTO user_session (user_id, token_hash, second_factor, expires_at, oidc_organisation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, hashToken(token), secondFactor, expiresAt, oidcOrganisationId],
    );
    return { id: row.id, token, expiresAt };
  }

  /**
   * Resolves a presented token to its user, or null when there is none or it is unknown, revoked,
   * idle too long or past its absolute end (callers pass `presentedToken(...)` as it comes).
   */
  async resolve(token: string | undefined): Promise<AuthUser | null> {
    if (!token || token.length > 200) return null;
    const key = tokenKey(token);
    const now = Date.now();
    const ttl = this.config.SESSION_CACHE_SECONDS * 1000;
    const idleMs = this.config.SESSION_IDLE_MINUTES * 60_000;
    if (this.cacheUsable) {
      const hit = this.cache.get(key);
      if (hit && now - hit.fetchedAt < ttl && hit.expiresAt > now && now - hit.lastSeenAt < idleMs) {
        this.cache.delete(key); // most recently used last
        this.cache.set(key, hit);
        if (now - hit.lastSeenAt > TOUCH_AFTER_MS) {
          hit.lastSeenAt = now;
          await this.dataSource.query(`UPDATE user_session SET last_seen_at = now() WHERE id = $1`, [hit.user.sessionId]);
        }
        return { ...hit.user };
      }
      if (hit) this.cache.delete(key);
    }
    // Concurrent misses of one token (a page's parallel requests, or every request of a busy client
    // when its entry expires) share one read, unless an invalidation came in since that read began.
    const epoch = this.epoch;
    let pending = this.reading.get(key);
    if (pending?.epoch !== epoch) {
      const read = this.read(key, now, epoch).finally(() => {
        if (this.reading.get(key)?.read === read) this.reading.delete(key);
      });
      pending = { epoch, read };
      this.reading.set(key, pending);
    }
    const user = await pending.read;
    return user && { ...user };
  }

  /** One session lookup in the database; fills the cache unless an invalidation came in meanwhile. */
  private async read(key: string, now: number, epoch: number): Promise<AuthUser | null> {
    const rows = await this.txHost.prepared<SessionRow>('ev_session_resolve',
      `SELECT s.id AS session_id, s.second_factor, s.oidc_organisation_id, s.last_seen_at, s.expires_at,
              u.id, u.email, u.display_name, u.role, u.organisation_id, u.totp_enabled_at,
              o.name AS organisation_name, o.kind AS organisation_kind
         FROM user_session s JOIN app_user u ON u.id = s.user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2) AND u.disabled_at IS NULL`,
      [Buffer.from(key, 'base64'), this.config.SESSION_IDLE_MINUTES],
    );
    const row = rows[0];
    if (!row) return null;
    let lastSeenAt = new Date(row.last_seen_at).getTime();
    if (now - lastSeenAt > TOUCH_AFTER_MS) {
      await this.dataSource.query(`UPDATE user_session SET last_seen_at = now() WHERE id = $1`, [row.session_id]);
      lastSeenAt = now;
    }
    const user: AuthUser = {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organisationId: row.organisation_id,
      sessionId: row.session_id,
      secondFactor: row.second_factor || !isProfessional(row.role),
      totpEnabled: row.totp_enabled_at !== null,
      oidcOrganisationId: row.oidc_organisation_id,
      organisation: row.organisation_id && row.organisation_name && row.organisation_kind
        ? { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind }
        : null,
    };
    // Not when an invalidation came in while we read: what we read may be what it invalidated.
    if (this.cacheUsable && epoch === this.epoch) {
      this.cache.set(key, { user: { ...user }, fetchedAt: now, lastSeenAt, expiresAt: new Date(row.expires_at).getTime() });
      if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    }
    return user;
  }

  async markSecondFactor(sessionId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE user_session SET second_factor = true WHERE id = $1`, [sessionId]);
    this.invalidateAfterCommit({ refreshSessions: [sessionId] });
  }

  /** Revokes in the caller's transaction; `SessionsRevoked` goes out once it has committed (open sockets close). */
  async revoke(sessionId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
    this.invalidateAfterCommit({ sessions: [sessionId] });
    this.publishRevoked([sessionId]);
  }

  /** Revokes every session of a user except (optionally) one, e.g. after a password change. */
  async revokeAllOf(userId: string, exceptSessionId?: string): Promise<string[]> {
    // TypeORM answers UPDATE ... RETURNING with [rows, affectedCount].
    const [rows]: [{ id: string }[], number] = await this.txHost.tx.query(
      `UPDATE user_session SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid) RETURNING id`,
      [userId, exceptSessionId ?? null],
    );
    const ids = rows.map((r) => r.id);
    // The user too: a password or second-factor change alters what the remaining session says.
    this.invalidateAfterCommit({ sessions: ids, refresh: [userId] });
    this.publishRevoked(ids);
    return ids;
  }

  private publishRevoked(sessionIds: string[]): void {
    if (sessionIds.length) this.txHost.afterCommit(() => this.events.emit(SessionsRevoked.event, new SessionsRevoked(sessionIds)));
  }
}
