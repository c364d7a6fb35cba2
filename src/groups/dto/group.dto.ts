import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsRegionCode, REGION_CODES } from '../../cases/regions.js';
import type { GroupMemberRole, GroupMemberStatus } from '../../access/groups.rules.js';
import type { SendGroupMessagePayload } from '../../shared/realtime-events.js';

const NO_NUL = /^[^\u0000]*$/;
const NOT_BLANK = /\S/;
const CLIENT_ID = /^[A-Za-z0-9._:-]+$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateGroupDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @Transform(trim) @IsString() @Length(1, 120) @Matches(NO_NUL, { message: 'name must not contain NUL characters' })
  name: string;

  @ApiProperty({ minLength: 1, maxLength: 200, description: 'Plain text, e.g. "Uithuisplaatsing van jonge kinderen".' })
  @Transform(trim) @IsString() @Length(1, 200) @Matches(NO_NUL, { message: 'theme must not contain NUL characters' })
  theme: string;

  @ApiPropertyOptional({ enum: REGION_CODES, description: 'A youth-care region code (GET /api/regions).' })
  @IsOptional() @IsRegionCode()
  regionCode?: string;

  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @Transform(trim) @IsString() @Length(1, 4000) @Matches(NO_NUL, { message: 'description must not contain NUL characters' })
  description: string;

  @ApiProperty({ minLength: 1, maxLength: 8000, description: 'Plain text, shown to a parent before they ask to join.' })
  @Transform(trim) @IsString() @Length(1, 8000) @Matches(NO_NUL, { message: 'rules must not contain NUL characters' })
  rules: string;

  @ApiPropertyOptional({ default: true, description: 'Extension: a closed group is seen only by its members and the team\'s coordinators, and takes no requests.' })
  @IsOptional() @IsBoolean()
  open?: boolean;
}

export class JoinGroupDto {
  @ApiProperty({ minLength: 2, maxLength: 40, description: 'The name the parent goes by in this group; never their real name.' })
  @Transform(trim) @IsString() @Length(2, 40) @Matches(NO_NUL, { message: 'pseudonym must not contain NUL characters' })
  pseudonym: string;
}

export class AddGroupMemberDto {
  @ApiProperty({ format: 'uuid', description: 'A pending request\'s member handle (moderators and coordinators), or an account id (coordinators).' })
  @IsUUID('all')
  userId: string;

  @ApiProperty({ minLength: 2, maxLength: 40 })
  @Transform(trim) @IsString() @Length(2, 40) @Matches(NO_NUL, { message: 'pseudonym must not contain NUL characters' })
  pseudonym: string;

  @ApiProperty({ enum: ['member', 'moderator'] })
  @IsIn(['member', 'moderator'])
  role: GroupMemberRole;
}

export class MuteMemberDto {
  @ApiProperty({ description: 'ISO 8601: until when the member may not write (in the future, at most 90 days ahead).' })
  @IsISO8601({ strict: true })
  until: string;
}

export class GroupReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @Transform(trim) @IsString() @Length(1, 1000) @Matches(NO_NUL, { message: 'reason must not contain NUL characters' })
  reason: string;
}

export class ReportGroupMessageDto extends GroupReasonDto {
  @ApiPropertyOptional({ default: false, description: 'Urgent: the team\'s coordinators see it at once, not only after 24 hours unanswered.' })
  @IsOptional() @IsBoolean()
  urgent?: boolean;
}

export class ResolveReportDto {
  @ApiProperty({ enum: ['message_hidden', 'no_action'] })
  @IsIn(['message_hidden', 'no_action'])
  outcome: 'message_hidden' | 'no_action';
}

export class SendGroupMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 5000, description: 'Plain text; never rendered as HTML.' })
  @IsString() @Length(1, 5000) @Matches(NO_NUL, { message: 'body must not contain NUL characters' })
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body: string;

  @ApiProperty({ maxLength: 100, description: 'Chosen by the client (e.g. a UUID); sending it again returns the first message.' })
  @IsString() @Length(1, 100) @Matches(CLIENT_ID, { message: 'clientMessageId may contain letters, digits and . _ : - only' })
  clientMessageId: string;
}

/** The socket's `group:send`: the same fields plus the group. */
export class SocketSendGroupMessageDto extends SendGroupMessageDto implements SendGroupMessagePayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  groupId: string;
}

/** `?after=&before=&limit=` over a group's messages: the same cursor as a case thread's messages. */
export { ListMessagesQuery as ListGroupMessagesQuery } from '../../messaging/dto/message.dto.js';

// ---- Responses: a member is a handle and a pseudonym, never an account id, name or e-mail.

export class GroupMembershipResponse {
  @ApiProperty({ format: 'uuid', description: 'The caller\'s opaque handle in this group (not their account id).' }) handle: string;
  @ApiProperty() pseudonym: string;
  @ApiProperty({ enum: ['member', 'moderator'] }) role: GroupMemberRole;
  @ApiProperty({ enum: ['requested', 'active', 'left', 'removed'] }) status: GroupMemberStatus;
  @ApiProperty({ type: String, nullable: true }) mutedUntil: string | null;
}

export class GroupResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() theme: string;
  @ApiProperty({ type: String, nullable: true }) regionCode: string | null;
  @ApiProperty() description: string;
  @ApiProperty() rules: string;
  @ApiProperty() open: boolean;
  @ApiProperty({ description: 'Active members and moderators.' }) memberCount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: GroupMembershipResponse, nullable: true, description: 'The caller\'s own place in the group.' }) membership: GroupMembershipResponse | null;
  @ApiProperty({ description: 'The caller may accept, remove and mute members and hide messages here.' }) canModerate: boolean;
}

export class GroupPageResponse {
  @ApiProperty({ type: [GroupResponse], description: 'Newest first.' }) items: GroupResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class GroupMemberResponse {
  @ApiProperty({ format: 'uuid', description: 'Opaque handle, per group; not an account id.' }) handle: string;
  @ApiProperty() pseudonym: string;
  @ApiProperty({ enum: ['member', 'moderator'] }) role: GroupMemberRole;
  @ApiProperty({ enum: ['requested', 'active', 'left', 'removed'] }) status: GroupMemberStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Moderators and coordinators only; null for others.' }) mutedUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) since: string | null;
}

export class GroupAuthorResponse {
  @ApiProperty({ format: 'uuid', description: 'The author\'s opaque handle in this group.' }) handle: string;
  @ApiProperty() pseudonym: string;
  @ApiProperty({ enum: ['member', 'moderator'] }) role: GroupMemberRole;
  @ApiProperty({ description: 'The author left or was removed: shown as "oud-lid".' }) former: boolean;
}

export class GroupHiddenResponse {
  @ApiProperty() reason: string;
  @ApiProperty() hiddenAt: string;
}

export class GroupMessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ type: GroupAuthorResponse }) author: GroupAuthorResponse;
  @ApiProperty() body: string;
  @ApiProperty() clientMessageId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: GroupHiddenResponse, nullable: true, description: 'Moderators only: the message is hidden for members, with the reason.' })
  hidden: GroupHiddenResponse | null;
}

export class GroupMessagePageResponse {
  @ApiProperty({ type: [GroupMessageResponse], description: 'Oldest first.' }) items: GroupMessageResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class GroupReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ type: GroupMessageResponse }) message: GroupMessageResponse;
  @ApiProperty({ type: GroupAuthorResponse, description: 'Who reported it, by handle and pseudonym.' }) reporter: GroupAuthorResponse;
  @ApiProperty() reason: string;
  @ApiProperty() urgent: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'Urgent, or 24 hours unanswered: the team\'s coordinators see it too.' }) escalated: boolean;
  @ApiProperty({ type: String, nullable: true }) resolvedAt: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['message_hidden', 'no_action'] }) outcome: 'message_hidden' | 'no_action' | null;
}

export class GroupReportPageResponse {
  @ApiProperty({ type: [GroupReportResponse] }) items: GroupReportResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class GroupReportCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() urgent: boolean;
  @ApiProperty() createdAt: string;
}
