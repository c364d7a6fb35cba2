import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { KeyRevocationResponse, KeyRotationResponse } from './dto/organisation-key.response.js';
import { RevokeOrganisationKeyDto } from './dto/revoke-organisation-key.dto.js';
import { OrganisationKeyRevocationService } from './organisation-key-revocation.service.js';
import { OrganisationKeysService } from './organisation-keys.service.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('verification')
@Controller('api/organisations/:id/key')
export class OrganisationKeysController {
  constructor(
    private readonly organisationKeys: OrganisationKeysService,
    private readonly revocation: OrganisationKeyRevocationService,
  ) {}

  /** Public: partners fetch it to check statements with `gpg --verify`. Current key first, then retired ones. */
  @Public()
  @Get()
  @Header('Cache-Control', 'no-cache')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiProduces('application/pgp-keys')
  @ApiOkResponse({ description: 'The support team\'s public keys, ASCII-armoured.', schema: { type: 'string' } })
  async publishedKey(@Param('id', UuidParam) organisationId: string, @Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    const keyRing = await this.organisationKeys.publishedKeyRing(organisationId);
    // Set on success only: an error keeps its JSON content type.
    response.type('application/pgp-keys');
    return keyRing;
  }

  /** A coordinator rotates their own team's key: the new key is certified by the old, which stays published. */
  @RequirePermission(Permission.OrganisationKeyRotate)
  @Post('rotate')
  @HttpCode(201)
  @ApiCreatedResponse({ type: KeyRotationResponse })
  async rotate(@CurrentUser() user: AuthUser, @Param('id', UuidParam) organisationId: string): Promise<KeyRotationResponse> {
    return KeyRotationResponse.of(await this.organisationKeys.rotate(user, organisationId));
  }

  /**
   * A coordinator revokes their own team's key (the same permission as rotating it): the key is published
   * from now on with its revocation signature, a new key replaces it, and after `compromised` every
   * credential the team's keys signed is revoked and the valid ones are re-issued with the new key.
   */
  @RequirePermission(Permission.OrganisationKeyRotate)
  @Post('revoke')
  @HttpCode(201)
  @ApiCreatedResponse({ type: KeyRevocationResponse })
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) organisationId: string,
    @Body() dto: RevokeOrganisationKeyDto,
  ): Promise<KeyRevocationResponse> {
    return KeyRevocationResponse.of(await this.revocation.revokeOrganisationKey(user, organisationId, dto.reason, dto.note ?? null));
  }
}
