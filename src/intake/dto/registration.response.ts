import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  REGISTRANT_TYPES, REGISTRATION_CHANNELS, REGISTRATION_ROUTES, REGISTRATION_STATUSES,
  type RegistrantType, type RegistrationChannel, type RegistrationRoute, type RegistrationStatus,
} from '../intake-vocabulary.js';

/** A registration as the team's coordinators see it in the list (without the message itself). */
export class RegistrationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AM-7KQ2-MXD9' }) reference: string;
  @ApiProperty({ enum: REGISTRATION_ROUTES }) route: RegistrationRoute;
  @ApiProperty({ enum: REGISTRANT_TYPES }) registrantType: RegistrantType;
  @ApiProperty({ enum: REGISTRATION_CHANNELS }) channel: RegistrationChannel;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) municipality: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'receivedAt + INTAKE_CONTACT_DAYS calendar days' }) contactDueAt: string;
  @ApiProperty({ format: 'date-time', description: 'receivedAt + INTAKE_WELCOME_DAYS calendar days' }) welcomeDueAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstContactAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) welcomeTalkPlannedAt: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) welcomeTalkDate: string | null;
  @ApiProperty({ description: 'Open, no first contact yet, and contactDueAt has passed.' }) contactOverdue: boolean;
  @ApiProperty({ description: 'Open, no welcome talk planned yet, and welcomeDueAt has passed.' }) welcomeOverdue: boolean;
  @ApiProperty({ description: 'contactOverdue or welcomeOverdue.' }) overdue: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The next target still to meet (the list is sorted by it).' }) nextDueAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assignedCounsellorId: string | null;
  @ApiProperty({ nullable: true, type: String }) outOfScopeReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RegistrationStatusChangeResponse {
  @ApiProperty({ enum: REGISTRATION_STATUSES, nullable: true }) from: RegistrationStatus | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) to: RegistrationStatus;
  @ApiProperty({ format: 'date-time', description: 'When the change took effect.' }) changedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded.' }) recordedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who recorded it (null: the public form).' }) changedById: string | null;
}

export class RegistrationResponse extends RegistrationSummary {
  @ApiProperty({ description: 'Plain text, exactly as sent; never interpreted as markup.' }) message: string;
  @ApiProperty({ format: 'date-time' }) consentToContactAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The coordinator who entered it; null for the public form.' }) enteredById: string | null;
  @ApiProperty({ type: [RegistrationStatusChangeResponse] }) history: RegistrationStatusChangeResponse[];
}

export class RegistrationPage {
  @ApiProperty({ type: [RegistrationSummary] }) items: RegistrationSummary[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) nextCursor: string | null;
}
