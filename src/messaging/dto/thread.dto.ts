import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export class CreateThreadDto {
  @ApiProperty({ example: 'Bezoeksregeling', minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200) @Matches(NO_CONTROL, { message: 'title must not contain control characters' })
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Case participants to add; the creator always joins.' })
  @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true })
  memberIds: string[];
}

export class AddThreadMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  userId: string;

  @ApiPropertyOptional({ default: false, description: 'Let the new member read the messages written before they joined. Without it they read from the moment they joined.' })
  @IsOptional() @IsBoolean()
  shareHistory?: boolean;
}

export class ThreadMemberResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'The member\'s role in the case.' }) caseRole: string;
}

export class ThreadResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) createdById: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) lastMessageAt: string | null;
  @ApiProperty({ type: [ThreadMemberResponse] }) members: ThreadMemberResponse[];
  @ApiProperty({ description: 'Messages of others after the caller\'s read marker.' }) unreadCount: number;
}
