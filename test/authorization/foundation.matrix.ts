import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

export const foundationMatrix: MatrixModule = {
  name: 'foundation',
  setup: async (t) => {
    const organisation = await t.factories.organisation('youth_protection');
    return { organisationId: organisation.id };
  },
  routes: [
    { method: 'GET', path: '/health', access: 'public' },
    { method: 'GET', path: '/metrics', access: 'public' },
    { method: 'POST', path: '/api/auth/login', access: 'public' },
    { method: 'POST', path: '/api/invitations/:token/accept', access: 'public' },
    { method: 'POST', path: '/api/auth/logout', access: Permission.Self },
    { method: 'POST', path: '/api/auth/totp/setup', access: Permission.Self },
    { method: 'POST', path: '/api/auth/totp/enable', access: Permission.Self, body: () => ({ code: '000000' }) },
    { method: 'GET', path: '/api/me', access: Permission.Self },
    { method: 'GET', path: '/api/audit/checkpoints', access: Permission.AuditCheckpointRead },
    { method: 'POST', path: '/api/me/password', access: Permission.Self, body: () => ({ currentPassword: 'not-the-current-one', newPassword: 'a-new-long-password-2026' }) },
    { method: 'POST', path: '/api/organisations', access: Permission.OrganisationCreate, body: () => ({ name: 'Matrix organisatie', kind: 'other' }) },
    { method: 'GET', path: '/api/organisations', access: Permission.OrganisationRead },
    // Organisations are a shared directory, not a private resource: a visible id answers 200.
    { method: 'GET', path: '/api/organisations/:id', access: Permission.OrganisationRead, params: (f) => ({ id: f.organisationId }), shared: true },
    { method: 'POST', path: '/api/invitations', access: Permission.InvitationCreate, body: () => ({ email: `matrix-${Math.random().toString(36).slice(2)}@example.test`, displayName: 'Matrix', role: 'parent' }) },
  ],
};
