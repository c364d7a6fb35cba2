import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHILD_VOICE_READERS, type ChildVoiceReader } from '../../access/children.rules.js';
import { CHECKLIST_LANGUAGES, type ChecklistLanguage } from '../checklist.js';

export const MAX_VOICE_LENGTH = 5000;

/** What the child writes, and whom the child lets read it; the counsellor always reads it. */
export class PutChildVoiceDto {
  @ApiProperty({ maxLength: MAX_VOICE_LENGTH, description: 'What the child wants their counsellor to know (may be empty).' })
  @IsString() @MaxLength(MAX_VOICE_LENGTH)
  text: string;

  @ApiProperty({ enum: CHILD_VOICE_READERS, isArray: true, description: 'Who reads it besides the child. `counsellor` is always included, also when left out.' })
  @IsArray() @ArrayUnique() @ArrayMaxSize(CHILD_VOICE_READERS.length) @IsIn(CHILD_VOICE_READERS, { each: true })
  visibleTo: ChildVoiceReader[];
}

export class ChildVoiceResponse {
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: CHILD_VOICE_READERS, isArray: true }) visibleTo: ChildVoiceReader[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: the child has not written anything yet (only the child sees this).' }) updatedAt: string | null;
}

/** One child record linked to the caller's own (child) account, with their voice. */
export class MyChildRecordResponse {
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'EV-2026-0042' }) caseReference: string;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ type: ChildVoiceResponse }) voice: ChildVoiceResponse;
}

export class MyChildRecordsResponse {
  @ApiProperty({ type: [MyChildRecordResponse] }) items: MyChildRecordResponse[];
}

export class ChecklistQuery {
  @ApiPropertyOptional({ enum: CHECKLIST_LANGUAGES, default: 'nl' })
  @IsOptional() @IsIn(CHECKLIST_LANGUAGES)
  lang?: ChecklistLanguage;
}

export class ChecklistSectionResponse {
  @ApiProperty({ enum: ['now', 'talk', 'rights'] }) key: 'now' | 'talk' | 'rights';
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) items: string[];
}

export class HelplineResponse {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() about: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() url: string;
  @ApiProperty() when: string;
}

export class ChecklistResponse {
  @ApiProperty({ enum: CHECKLIST_LANGUAGES }) language: ChecklistLanguage;
  @ApiProperty() title: string;
  @ApiProperty() intro: string;
  @ApiProperty({ type: [ChecklistSectionResponse] }) sections: ChecklistSectionResponse[];
  @ApiProperty({ type: [HelplineResponse] }) helplines: HelplineResponse[];
  @ApiProperty() emergency: string;
}
