/**
 * Dates as the people using Eenverhaal mean them: calendar days in the Netherlands, whatever time
 * zone the server or the browser runs in. Shared by the server (validation: "not in the future",
 * "not before receipt") and the web client (the `max` of a date field), so both draw the line at
 * the same midnight.
 */
export const NETHERLANDS_TIME_ZONE = 'Europe/Amsterdam';

/** The calendar day of an instant in the Netherlands, as YYYY-MM-DD. */
export function calendarDayInNetherlands(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: NETHERLANDS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Today in the Netherlands, as YYYY-MM-DD: what "in the future" means for a date someone enters. */
export function todayInNetherlands(now: Date = new Date()): string {
  return calendarDayInNetherlands(now);
}
