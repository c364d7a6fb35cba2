// Cursor pagination shared by every list that can grow (api.md: ?limit= (default 50, max 200), ?before= / ?after=).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** `?limit=&before=`: newest first; `before` is the last id of the previous page (its `nextCursor`). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The nextCursor of the previous page.' })
  @IsOptional() @IsUUID()
  before?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts the one extra row a page query fetches to know whether more follow. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more && items.length ? cursorOf(items[items.length - 1]) : null };
}
