import type { RegistrationStatus } from './intake-vocabulary.js';
import { isOpen } from './registration-status.js';

const DAY_MS = 86_400_000;

export interface TargetSettings {
  contactDays: number;
  welcomeDays: number;
}

/**
 * The response-time targets count CALENDAR days from `receivedAt` (24-hour periods, so weekends and
 * public holidays count too): the source report speaks of "within two days" and "within a week".
 */
export function dueDates(receivedAt: Date, settings: TargetSettings): { contactDueAt: Date; welcomeDueAt: Date } {
  return {
    contactDueAt: new Date(receivedAt.getTime() + settings.contactDays * DAY_MS),
    welcomeDueAt: new Date(receivedAt.getTime() + settings.welcomeDays * DAY_MS),
  };
}

export interface TargetState {
  status: RegistrationStatus;
  contactDueAt: Date;
  welcomeDueAt: Date;
  firstContactAt: Date | null;
  welcomeTalkPlannedAt: Date | null;
}

/** Overdue: still open, the target moment has passed and what it asks for has not happened. */
export function overdueFlags(state: TargetState, now: Date): { contactOverdue: boolean; welcomeOverdue: boolean; overdue: boolean } {
  const open = isOpen(state.status);
  const contactOverdue = open && state.firstContactAt === null && now.getTime() > state.contactDueAt.getTime();
  const welcomeOverdue = open && state.welcomeTalkPlannedAt === null && now.getTime() > state.welcomeDueAt.getTime();
  return { contactOverdue, welcomeOverdue, overdue: contactOverdue || welcomeOverdue };
}

/** The next target still to meet, or null when both are met or the registration is no longer open. */
export function nextDueAt(state: TargetState): Date | null {
  if (!isOpen(state.status)) return null;
  if (state.firstContactAt === null) return state.contactDueAt;
  if (state.welcomeTalkPlannedAt === null) return state.welcomeDueAt;
  return null;
}
