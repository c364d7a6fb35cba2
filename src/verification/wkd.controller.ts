import { Controller, Get, Header, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators.js';
import { CommonErrors } from '../common/domain-error.js';
import { OrganisationKeysService } from './organisation-keys.service.js';
import { WKD_HASH_PATTERN } from './wkd.js';

/**
 * Web Key Directory (draft-koch-openpgp-webkey-service): GnuPG and mail clients find a team's key
 * from its address alone. Direct method: this host serves `/.well-known/openpgpkey/hu/<hash>`;
 * advanced method: `openpgpkey.<domain>` serves `/.well-known/openpgpkey/<domain>/hu/<hash>`.
 * Keys are binary; the empty `policy` file says this host takes part. Clients need HTTPS (PUBLIC_URL).
 */
@ApiExcludeController()
@Controller('.well-known/openpgpkey')
export class WkdController {
  constructor(private readonly organisationKeys: OrganisationKeysService) {}

  @Public()
  @Get('policy')
  @Header('Access-Control-Allow-Origin', '*')
  directPolicy(@Res({ passthrough: true }) response: FastifyReply): string {
    return this.emptyPolicy(response);
  }

  @Public()
  @Get('hu/:hash')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  directKey(@Param('hash') hash: string): Promise<StreamableFile> {
    return this.keyFor(this.organisationKeys.emailDomain, hash);
  }

  @Public()
  @Get(':domain/policy')
  @Header('Access-Control-Allow-Origin', '*')
  advancedPolicy(@Param('domain') domain: string, @Res({ passthrough: true }) response: FastifyReply): string {
    if (domain.toLowerCase() !== this.organisationKeys.emailDomain) throw CommonErrors.notFound('domain');
    return this.emptyPolicy(response);
  }

  @Public()
  @Get(':domain/hu/:hash')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  advancedKey(@Param('domain') domain: string, @Param('hash') hash: string): Promise<StreamableFile> {
    if (domain.toLowerCase() !== this.organisationKeys.emailDomain) throw CommonErrors.notFound('domain');
    return this.keyFor(domain.toLowerCase(), hash);
  }

  /** An empty policy file: this host takes part in WKD, with no options. */
  private emptyPolicy(response: FastifyReply): string {
    response.type('text/plain');
    return '';
  }

  private async keyFor(domain: string, hash: string): Promise<StreamableFile> {
    if (!WKD_HASH_PATTERN.test(hash)) throw CommonErrors.notFound('key');
    const keys = await this.organisationKeys.wkdKeyRing(domain, hash);
    if (!keys) throw CommonErrors.notFound('key');
    return new StreamableFile(keys, { type: 'application/octet-stream', length: keys.length });
  }
}
