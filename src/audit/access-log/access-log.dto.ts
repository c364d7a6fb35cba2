import { ApiProperty } from '@nestjs/swagger';

export class AccessLogActor {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Their role in the case, or else their account role.' }) role: string;
  @ApiProperty({ description: 'The role in plain words, in the reader\'s language.' }) roleLabel: string;
  @ApiProperty({ nullable: true, type: String }) organisationName: string | null;
  @ApiProperty({ description: 'The reader did this themself.' }) isYou: boolean;
}

export class AccessLogEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'case.story.read' }) action: string;
  @ApiProperty({ type: AccessLogActor, nullable: true }) actor: AccessLogActor | null;
  @ApiProperty({ example: 'las uw verhaal' }) what: string;
  @ApiProperty({ example: 'Jeugdbescherming Test — gezinsvoogd Gijs Test — las uw verhaal op 12 mei 2026 om 14:03' }) description: string;
}

export class AccessLogResponse {
  @ApiProperty({ type: [AccessLogEntry] }) items: AccessLogEntry[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
