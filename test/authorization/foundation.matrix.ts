import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

export const foundationMatrix: MatrixModule = {
  name: 'foundation',
  setup: async (t) => {
    const organisation = await t.factories.organisation('youth_protection');
    const inviter = await t.factories.user('coordinator');
    const [invitation] = await t.dataSource.query(
      `INSERT INTO invitation (token_hash, email, display_name, role, invited_by_id, expires_at)
       VALUES (sha256(random()::text::bytea), 'matrix-foreign@example.test', 'Matrix', 'parent', $1, now() + interval '1 day') RETURNING id`,
      [inviter.id],
    );
    return { organisationId: organisation.id, invitationId: invitation.id, invitationToken: 'bWF0cml4LWZvcmVpZ24tdG9rZW4tdGhhdC1kb2VzLW5vdC1leGlzdA' };
  },
  routes: [
    { method: 'GET', path: '/health', access: 'public' },
    { method: 'GET', path: '/metrics', access: 'public' },
    { method: 'POST', path: '/api/auth/login', access: 'public' },
    { method: 'POST', path: '/api/invitations/:token/accept', access: 'public' },
    { method: 'GET', path: '/api/invitations/:token', access: 'public' },
    { method: 'POST', path: '/api/invitations/:token/join', access: Permission.Self, params: (f) => ({ token: f.invitationToken }), body: () => ({}) },
    { method: 'POST', path: '/api/auth/logout', access: Permission.Self },
    { method: 'POST', path: '/api/auth/totp/setup', access: Permission.Self },
    { method: 'POST', path: '/api/auth/totp/enable', access: Permission.Self, body: () => ({ code: '000000' }) },
    { method: 'GET', path: '/api/me', access: Permission.Self },
    { method: 'GET', path: '/api/me/attention', access: Permission.Self },
    { method: 'GET', path: '/api/audit/checkpoints', access: Permission.AuditCheckpointRead },
    { method: 'POST', path: '/api/me/password', access: Permission.Self, body: () => ({ currentPassword: 'not-the-current-one', newPassword: 'a-new-long-password-2026' }) },
    { method: 'POST', path: '/api/organisations', access: Permission.OrganisationCreate, body: () => ({ name: 'Matrix organisatie', kind: 'other' }) },
    { method: 'GET', path: '/api/organisations', access: Permission.OrganisationRead },
    // Organisations are a shared directory, not a private resource: a visible id answers 200.
    { method: 'GET', path: '/api/organisations/:id', access: Permission.OrganisationRead, params: (f) => ({ id: f.organisationId }), shared: true },
    { method: 'PATCH', path: '/api/organisations/:id', access: Permission.OrganisationUpdate, params: (f) => ({ id: f.organisationId }), body: () => ({ name: 'Matrix organisatie' }), shared: true },
    { method: 'GET', path: '/api/invitations', access: Permission.InvitationCreate },
    { method: 'POST', path: '/api/invitations/:id/resend', access: Permission.InvitationCreate, params: (f) => ({ id: f.invitationId }) },
    { method: 'POST', path: '/api/invitations', access: Permission.InvitationCreate, // An admin invites only admins and first coordinators; the team invites families.
      body: (_f, role) => ({ email: `matrix-${Math.random().toString(36).slice(2)}@example.test`, displayName: 'Matrix', role: role === 'admin' ? 'admin' : 'parent' }) },
  ],
};
