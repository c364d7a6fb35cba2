import type { OrganisationKind, Role } from '../accounts/roles.js';

/** The authenticated caller, as the session look-up resolves it for each request (`AccessGuard`) or socket. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  sessionId: string;
  /** Whether this session passed the second factor (or its role needs none). */
  secondFactor: boolean;
  totpEnabled: boolean;
  /** The organisation whose identity provider opened this session (OpenID Connect), if one did. */
  oidcOrganisationId?: string | null;
  /** The caller's organisation, read with the session (HTTP requests), so `GET /api/me` needs no second query. */
  organisation?: { id: string; name: string; kind: OrganisationKind } | null;
}
