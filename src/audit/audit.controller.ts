import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { DEFAULT_PAGE, MAX_PAGE, type Page, toPage } from '../common/pagination.js';
import { AuditSealerService } from './audit-sealer.service.js';

export class CheckpointQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'A checkpoint seq: only later checkpoints (the nextCursor of the previous page).' })
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'after must be a checkpoint seq (a whole number)' })
  after?: string;
}

export interface CheckpointResponse {
  seq: string;
  rootHash: string;
  at: string;
  signature: string;
  keyId: string;
  /** The raw Ed25519 public key (base64) that checks `signature` over `eenverhaal-audit-checkpoint/v1\n{seq}\n{rootHash}\n{at}`. */
  publicKey: string;
}

/** The audit log's signed checkpoints (issue 15), oldest first. */
@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly sealer: AuditSealerService) {}

  @RequirePermission(Permission.AuditCheckpointRead)
  @Get('checkpoints')
  @ApiOkResponse({ description: '{ items: [{ seq, rootHash, at, signature, keyId, publicKey }], nextCursor }' })
  async checkpoints(@Query() query: CheckpointQueryDto): Promise<Page<CheckpointResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows: { seq: string; root_hash: string; at: Date; signature: string; key_id: string }[] = await this.dataSource.query(
      `SELECT seq::text AS seq, root_hash, at, signature, key_id FROM audit_checkpoint WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [query.after ?? '0', limit + 1],
    );
    const keys = await this.sealer.keys();
    const items = rows.map((r) => ({
      seq: r.seq, rootHash: r.root_hash, at: r.at.toISOString(), signature: r.signature, keyId: r.key_id,
      publicKey: r.key_id === keys.keyId ? keys.publicKeyBase64 : '',
    }));
    return toPage(items, limit, (c) => c.seq);
  }
}
