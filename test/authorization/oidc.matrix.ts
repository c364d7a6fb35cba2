import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/** Login with an organisation's own identity provider (issue 22). */
export const oidcMatrix: MatrixModule = {
  name: 'oidc',
  setup: async (t) => {
    const organisation = await t.factories.organisation('youth_protection', 'Matrix IdP-organisatie', ['matrix-idp.example']);
    // A configured provider, so GET answers it (the secret is never read by these routes).
    await t.dataSource.query(
      `INSERT INTO organisation_identity_provider (organisation_id, issuer, client_id, client_secret_encrypted) VALUES ($1, 'https://idp.matrix-idp.example', 'portal', 'not read here')`,
      [organisation.id],
    );
    return { idpOrganisationId: organisation.id };
  },
  routes: [
    // Organisations are a shared directory (see foundation): an admin configures any one's provider.
    { method: 'PUT', path: '/api/organisations/:id/identity-provider', access: Permission.OrganisationUpdate, params: (f) => ({ id: f.idpOrganisationId }),
      body: () => ({ issuer: 'https://idp.matrix-idp.example', clientId: 'portal' }), shared: true },
    { method: 'GET', path: '/api/organisations/:id/identity-provider', access: Permission.OrganisationUpdate, params: (f) => ({ id: f.idpOrganisationId }), shared: true },
    { method: 'GET', path: '/api/auth/oidc/providers', access: 'public' },
    { method: 'GET', path: '/api/auth/oidc/:organisationId/start', access: 'public' },
    { method: 'GET', path: '/api/auth/oidc/callback', access: 'public' },
    { method: 'GET', path: '/api/auth/oidc/:organisationId/logout', access: 'public' },
    { method: 'POST', path: '/api/auth/totp/verify', access: Permission.Self, body: () => ({ code: '000000' }) },
  ],
};
