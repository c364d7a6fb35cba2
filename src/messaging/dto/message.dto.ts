import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import type { SendMessagePayload, TypingPayload } from '../../shared/realtime-events.js';

/** PostgreSQL text cannot hold NUL; every other character is allowed (bodies are plain text, shown as text). */
const NO_NUL = /^[^\u0000]*$/;
const CLIENT_ID = /^[A-Za-z0-9._:-]+$/;

export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 20000, description: 'Plain text; never rendered as HTML.' })
  @IsString() @Length(1, 20000) @Matches(NO_NUL, { message: 'body must not contain NUL characters' })
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @ApiProperty({ description: 'Chosen by the client (e.g. a UUID); sending it again returns the first message.', maxLength: 100 })
  @IsString() @Length(1, 100) @Matches(CLIENT_ID, { message: 'clientMessageId may contain letters, digits and . _ : - only' })
  clientMessageId: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** The socket's `message:send`: the same fields plus the thread. */
export class SocketSendMessageDto extends SendMessageDto implements SendMessagePayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  threadId: string;
}

export class TypingDto implements TypingPayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  threadId: string;
}

export class ListMessagesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Messages after this one (oldest first): catch-up.' })
  @IsOptional() @IsUUID('all')
  after?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Messages before this one: scrolling back.' })
  @IsOptional() @IsUUID('all')
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}

export class MarkReadDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  messageId: string;
}

export class MessageAuthorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class MessageAttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class MessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ description: 'Position in the thread (1, 2, 3, ... in commit order): a client that sees a gap catches up with ?after=.' })
  seq: number;
  @ApiProperty({ type: MessageAuthorResponse }) author: MessageAuthorResponse;
  @ApiProperty() body: string;
  @ApiProperty() clientMessageId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [MessageAttachmentResponse] }) attachments: MessageAttachmentResponse[];
}

export class MessagePageResponse {
  @ApiProperty({ type: [MessageResponse], description: 'Oldest first.' }) items: MessageResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` (when paging with after) or `before` (otherwise) for the next page.' })
  nextCursor: string | null;
}

export class ReadMarkerResponse {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ format: 'uuid' }) lastReadMessageId: string;
  @ApiProperty() unreadCount: number;
}
