import { vietnamDay, vietnamDayFromToday, vietnamToday, vietnamYear } from './vietnam-calendar';

describe('Vietnam calendar', () => {
  it('today is Vietnam\'s calendar day (UTC+7), whatever the server\'s zone', () => {
    expect(vietnamToday(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(vietnamToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(vietnamDay(new Date('2025-12-31T17:30:00Z'))).toBe('2026-01-01');
  });

  it('the year turns at midnight in Vietnam, not in UTC', () => {
    expect(vietnamYear(new Date('2025-12-31T16:59:59Z'))).toBe(2025);
    expect(vietnamYear(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
  });

  it('days from today cross months and years', () => {
    const now = new Date('2026-01-01T02:00:00Z'); // 09:00 on 1 January in Vietnam
    expect(vietnamDayFromToday(0, now)).toBe('2026-01-01');
    expect(vietnamDayFromToday(-1, now)).toBe('2025-12-31');
    expect(vietnamDayFromToday(59, now)).toBe('2026-03-01');
  });
});
