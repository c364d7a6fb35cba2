import { Permission } from '../../src/auth/permission.js';
import { CredentialsService } from '../../src/verification/credentials.service.js';
import type { MatrixModule } from './route-spec.js';

/**
 * Verified counsellor identity. The foreign world is ANOTHER support team with a coordinator and a
 * counsellor who holds a credential: no matrix caller belongs to it, so every role holding a
 * permission gets the same 404 for its counsellor or its key as for an unknown id.
 */
export const verificationMatrix: MatrixModule = {
  name: 'verification',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Ander verificatieteam');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    await t.app.get(CredentialsService).issueCredential(coordinator, counsellor.id, new Date(Date.now() + 90 * 86400_000));
    return { verificationTeamId: team.id, verificationCounsellorId: counsellor.id };
  },
  routes: [
    { method: 'GET', path: '/api/organisations/:id/key', access: 'public' },
    { method: 'POST', path: '/api/organisations/:id/key/rotate', access: Permission.OrganisationKeyRotate, params: (f) => ({ id: f.verificationTeamId }) },
    {
      method: 'POST', path: '/api/organisations/:id/key/revoke', access: Permission.OrganisationKeyRotate,
      params: (f) => ({ id: f.verificationTeamId }), body: () => ({ reason: 'compromised', note: 'matrix' }),
    },
    { method: 'GET', path: '/.well-known/openpgpkey/policy', access: 'public' },
    { method: 'GET', path: '/.well-known/openpgpkey/hu/:hash', access: 'public' },
    { method: 'GET', path: '/.well-known/openpgpkey/:domain/policy', access: 'public' },
    { method: 'GET', path: '/.well-known/openpgpkey/:domain/hu/:hash', access: 'public' },
    {
      method: 'PUT', path: '/api/counsellors/:userId/credential', access: Permission.CredentialManage,
      params: (f) => ({ userId: f.verificationCounsellorId }),
      body: () => ({ validUntil: new Date(Date.now() + 30 * 86400_000).toISOString() }),
    },
    { method: 'GET', path: '/api/counsellors/:userId/credential', access: Permission.CredentialRead, params: (f) => ({ userId: f.verificationCounsellorId }) },
    { method: 'DELETE', path: '/api/counsellors/:userId/credential', access: Permission.CredentialManage, params: (f) => ({ userId: f.verificationCounsellorId }) },
    // The matrix counsellor has no credential: allowed through the guard, then 422 no_valid_credential.
    { method: 'POST', path: '/api/verification/codes', access: Permission.VerificationCodeCreate },
    { method: 'GET', path: '/api/verify/:code', access: 'public' },
    { method: 'GET', path: '/api/me/verifications', access: Permission.VerificationHistoryRead },
    { method: 'GET', path: '/api/verification/log', access: Permission.VerificationLogRead },
  ],
};
