import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors } from '../common/domain-error.js';
import { ARMORED_TYPE, AttachmentsService, BINARY_TYPE, type IncomingBody } from './attachments.service.js';
import { AttachmentErrors } from './attachments.errors.js';
import { AccessRequestCreatedResponse, ThreadAttachmentsResponse } from './dto/attachments.dto.js';
import {
  AttachmentResponse, FingerprintResponse, ListKeysQuery, OwnKeyResponse, PublishedKeyResponse, PutKeyDto, RecipientsResponse,
} from './dto/keys.dto.js';
import { UserKeysService } from './keys/user-keys.service.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

/** Reads past a refused body so the client receives our answer; gives up (closes) on an endless one. */
function discardBody(req: IncomingMessage, limit: number): void {
  if (req.readableEnded || req.destroyed) return;
  // The packet reader pulled with an async iterator ('readable' listener), which would keep the stream paused.
  req.removeAllListeners('readable');
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limit) req.socket.destroy();
  });
  req.resume();
}

/** The request's body, unread: raw uploads are streamed to the store, never buffered (body-parsers.ts leaves them alone). */
function incoming(req: FastifyRequest): IncomingBody {
  const length = req.headers['content-length'];
  return { stream: req.raw, contentType: req.headers['content-type'], contentLength: length === undefined ? undefined : Number(length) };
}

const RAW_BODY = {
  schema: { type: 'string', format: 'binary' },
  description: 'An OpenPGP message: binary (application/octet-stream) or ASCII-armoured (application/pgp-encrypted).',
};

@ApiTags('keys')
@Controller('api')
export class KeysController {
  constructor(private readonly keys: UserKeysService) {}

  @RequirePermission(Permission.Self)
  @Put('me/keys')
  @ApiOkResponse({ type: FingerprintResponse })
  putKey(@CurrentUser() user: AuthUser, @Body() dto: PutKeyDto): Promise<FingerprintResponse> {
    return this.keys.putKey(user, dto);
  }

  /** The caller's current key and their passphrase-protected backup (to restore it on a new device). */
  @RequirePermission(Permission.Self)
  @Get('me/keys')
  @ApiOkResponse({ type: OwnKeyResponse })
  async ownKey(@CurrentUser() user: AuthUser): Promise<OwnKeyResponse> {
    const [key] = await this.keys.listKeys(user, user.id, false);
    const backup = await this.keys.ownBackup(user);
    if (!key || !backup) throw CommonErrors.notFound('key');
    return { fingerprint: key.fingerprint, publicKey: key.publicKey, encryptedPrivateKey: backup.encryptedPrivateKey };
  }

  @RequirePermission(Permission.UserKeyRead)
  @Get('users/:id/keys')
  @ApiOkResponse({ type: [PublishedKeyResponse] })
  async listKeys(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: ListKeysQuery): Promise<PublishedKeyResponse[]> {
    const keys = await this.keys.listKeys(user, id, query.includeRetired ?? false);
    return keys.map((k) => ({
      fingerprint: k.fingerprint,
      publicKey: k.publicKey,
      ...(k.certifiedBy ? { certifiedBy: k.certifiedBy } : {}),
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt ? k.retiredAt.toISOString() : null,
    }));
  }
}

@ApiTags('attachments')
@Controller('api')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @RequirePermission(Permission.Messaging)
  @Get('threads/:id/recipients')
  @ApiOkResponse({ type: RecipientsResponse })
  recipients(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<RecipientsResponse> {
    return this.attachments.recipients(user, id);
  }

  /** The attachments of the messages the caller can read: who can open each, who asked, and the upload limit. */
  @RequirePermission(Permission.Messaging)
  @Get('threads/:id/attachments')
  @ApiOkResponse({ type: ThreadAttachmentsResponse })
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<ThreadAttachmentsResponse> {
    return this.attachments.listForThread(user, id);
  }

  /** The raw body is the encrypted message; the JSON body parser never touches these media types. */
  @RequirePermission(Permission.Messaging)
  @Post('threads/:id/attachments')
  @ApiConsumes(BINARY_TYPE, ARMORED_TYPE)
  @ApiBody(RAW_BODY)
  @ApiHeader({
    name: 'Attachment-Metadata', required: false,
    description: 'Base64 of ONE OpenPGP encrypted data packet (SEIPD, no PKESK, at most 4 KiB) holding the file\'s name, size and type as JSON, sealed with the same session key as the file. The server checks its shape only.',
  })
  @ApiCreatedResponse({ type: AttachmentResponse })
  async upload(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Headers('attachment-metadata') metadata: string | undefined, @Req() req: FastifyRequest,
  ): Promise<AttachmentResponse> {
    try {
      return await this.attachments.upload(user, id, { ...incoming(req), metadata });
    } catch (error) {
      discardBody(req.raw, 16 * 1024 * 1024);
      throw error;
    }
  }

  @RequirePermission(Permission.Messaging)
  @Get('attachments/:id')
  @ApiProduces(BINARY_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'PKESK packets followed by the encrypted data packet.' })
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range (`bytes=N-`, `bytes=N-M`, `bytes=-N`) to resume a download: 206 with Content-Range; several ranges get the whole file.' })
  @ApiHeader({ name: 'If-Range', required: false, description: 'The ETag of the first part: when the file changed since (recipients were added), the whole file comes back with 200.' })
  @ApiResponse({ status: 206, description: 'The requested byte range (Content-Range).' })
  @ApiResponse({ status: 416, description: 'The range starts past the end (Content-Range: bytes */length).' })
  async download(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string,
    @Headers('range') range: string | undefined, @Headers('if-range') ifRange: string | undefined, @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.download(user, id, { range, ifRange });
    reply.headers({ 'Accept-Ranges': 'bytes', ETag: file.etag, 'Cache-Control': 'private, no-store' });
    if (file.range.kind === 'unsatisfiable') throw AttachmentErrors.rangeNotSatisfiable(file.length);
    if (file.range.kind === 'partial') {
      reply.code(206).headers({
        'Content-Range': `bytes ${file.range.start}-${file.range.end}/${file.length}`,
        'Content-Length': String(file.range.end - file.range.start + 1),
      });
    } else {
      reply.code(200).header('Content-Length', String(file.length));
    }
    reply.headers({ 'Content-Type': BINARY_TYPE, 'Content-Disposition': `attachment; filename="${file.id}.pgp"`, 'X-Content-Type-Options': 'nosniff' });
    // The head (PKESK packets, built per request) and then the stored data packet. When the store
    // fails mid-way Fastify closes the connection: the length no longer adds up, the client sees a broken download.
    const data = file.data;
    reply.send(data ? Readable.from((async function* () {
      yield file.head;
      yield* data;
    })()) : file.head);
  }

  /** The caller's own PKESK packet(s) and the encrypted metadata packet: a small message only they can open. */
  @RequirePermission(Permission.Messaging)
  @Get('attachments/:id/metadata')
  @ApiProduces(BINARY_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'The caller\'s PKESK packet(s) followed by the encrypted metadata packet: JSON `{ name, size, type }` once decrypted.' })
  @ApiResponse({ status: 403, description: '`no_access_yet`: a member the file is not (yet) encrypted to.' })
  @ApiResponse({ status: 404, description: '`metadata_not_found`: sent without metadata (older attachments).' })
  @Header('Cache-Control', 'private, no-store')
  @Header('Content-Type', BINARY_TYPE)
  @Header('X-Content-Type-Options', 'nosniff')
  async metadata(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res() reply: FastifyReply): Promise<void> {
    reply.send(await this.attachments.metadata(user, id));
  }

  /** A member who cannot open the attachment asks the members who can to share it. */
  @RequirePermission(Permission.Messaging)
  @Post('attachments/:id/access-requests')
  @ApiCreatedResponse({ type: AccessRequestCreatedResponse, description: '201 when asked; 200 with the same request when asked before.' })
  @ApiResponse({ status: 409, description: '`already_has_access`.' })
  @ApiResponse({ status: 422, description: '`key_required`: make a key first, so the file can be shared with it.' })
  async requestAccess(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AccessRequestCreatedResponse> {
    const { created, response: body } = await this.attachments.requestAccess(user, id);
    response.status(created ? 201 : 200);
    return body;
  }

  @RequirePermission(Permission.Messaging)
  @Get('attachments/:id/recipients')
  @ApiOkResponse({ type: AttachmentResponse })
  info(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<AttachmentResponse> {
    return this.attachments.info(user, id);
  }

  @RequirePermission(Permission.Messaging)
  @Post('attachments/:id/recipients')
  @HttpCode(200)
  @ApiConsumes(BINARY_TYPE, ARMORED_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'New PKESK packets only (binary, or armoured as a PGP MESSAGE).' })
  @ApiOkResponse({ type: AttachmentResponse })
  async share(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Req() req: FastifyRequest): Promise<AttachmentResponse> {
    try {
      return await this.attachments.share(user, id, incoming(req));
    } catch (error) {
      discardBody(req.raw, 1024 * 1024);
      throw error;
    }
  }
}
