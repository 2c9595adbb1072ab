import { CLASS_STATUSES, type ClassStatus } from './class.entity';
import { acceptsWork, attendanceRate, datesInOrder, mayChangeStatus, sessionColumn, shortTime, timesInOrder } from './class-rules';

describe('class rules', () => {
  it('status changes: planned -> open -> completed, planned/open -> cancelled, the same status is no change, nothing else', () => {
    const allowed = new Set(['planned>open', 'planned>cancelled', 'open>completed', 'open>cancelled']);
    for (const from of CLASS_STATUSES) {
      for (const to of CLASS_STATUSES) {
        expect([from, to, mayChangeStatus(from, to)]).toEqual([from, to, from === to || allowed.has(`${from}>${to}`)]);
      }
    }
  });

  it('only planned and open classes take enrolments and sessions', () => {
    expect(CLASS_STATUSES.filter((s: ClassStatus) => acceptsWork(s))).toEqual(['planned', 'open']);
  });

  it('times and dates in order, either may be missing', () => {
    expect(timesInOrder('07:30', '09:00')).toBe(true);
    expect(timesInOrder('09:00', '09:00')).toBe(false);
    expect(timesInOrder('09:00', '08:59')).toBe(false);
    expect(timesInOrder(null, '08:00')).toBe(true);
    expect(datesInOrder('2026-03-01', '2026-03-01')).toBe(true);
    expect(datesInOrder('2026-03-02', '2026-03-01')).toBe(false);
    expect(datesInOrder('2026-03-02', null)).toBe(true);
    expect(shortTime('07:30:00')).toBe('07:30');
    expect(shortTime(null)).toBeNull();
  });

  it('register columns and attendance rates', () => {
    expect(sessionColumn('2026-03-05', 2)).toBe('05/03 (2)');
    expect(attendanceRate(0, 0)).toBeNull();
    expect(attendanceRate(2, 3)).toBe(0.6667);
    expect(attendanceRate(3, 3)).toBe(1);
  });
});
