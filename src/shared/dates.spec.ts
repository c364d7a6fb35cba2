import { calendarDayInNetherlands, todayInNetherlands } from './dates.js';

describe('calendar days in the Netherlands', () => {
  it('counts the day from Amsterdam midnight, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(calendarDayInNetherlands(new Date('2026-01-14T22:59:59Z'))).toBe('2026-01-14');
    expect(calendarDayInNetherlands(new Date('2026-01-14T23:00:00Z'))).toBe('2026-01-15');
    expect(calendarDayInNetherlands(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(calendarDayInNetherlands(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('follows the clock change (last Sunday of March and of October)', () => {
    expect(calendarDayInNetherlands(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(calendarDayInNetherlands(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    expect(calendarDayInNetherlands(new Date('2026-10-25T22:30:00Z'))).toBe('2026-10-25');
  });

  it('is the YYYY-MM-DD a date input and the API use, and "today" is the day of now', () => {
    const now = new Date('2026-12-31T23:15:00Z');
    expect(todayInNetherlands(now)).toBe('2027-01-01');
    expect(todayInNetherlands()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
