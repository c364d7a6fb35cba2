import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { AuthUser } from './auth-user.js';
import { SESSION_COOKIE } from './session-token.js';
import { SessionsService } from './sessions.service.js';

/** The token a request presents: `Authorization: Bearer …` (scripts, partner systems) or the session cookie (browsers). */
export function presentedToken(headers: { authorization?: string; cookie?: string }, cookies?: Record<string, string>): string | undefined {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  if (cookies?.[SESSION_COOKIE]) return cookies[SESSION_COOKIE];
  const raw = headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!raw) return undefined;
  // A malformed cookie (`ev_session=%E0%A4%A`) is no token at all, not an error.
  try {
    return decodeURIComponent(raw.slice(SESSION_COOKIE.length + 1));
  } catch {
    return undefined;
  }
}

/** Passport strategy "session": opaque tokens looked up (hashed) in PostgreSQL on every request. */
@Injectable()
export class SessionStrategy extends PassportStrategy(Strategy, 'session') {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AuthUser | false> {
    const token = presentedToken(request.headers, request.cookies as Record<string, string> | undefined);
    if (!token) return false;
    return (await this.sessions.resolve(token)) ?? false;
  }
}
