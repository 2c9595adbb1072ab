// Vietnam's calendar (Asia/Ho_Chi_Minh, UTC+7 all year): the days attendance, figures and serials are counted in,
// whatever the server's own time zone.

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const YEAR = new Intl.DateTimeFormat('en', { timeZone: VIETNAM_TZ, year: 'numeric' });

/** A moment as Vietnam's calendar day, `YYYY-MM-DD`. */
export function vietnamDay(at: Date): string {
  return DAY.format(at);
}

/** Today's date in Vietnam (`YYYY-MM-DD`). */
export function vietnamToday(now: Date = new Date()): string {
  return vietnamDay(now);
}

/** The Vietnam day `offset` days from today (negative: in the past). */
export function vietnamDayFromToday(offset: number, now: Date = new Date()): string {
  const day = new Date(`${vietnamToday(now)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

/** The calendar year of a moment in Vietnam. */
export function vietnamYear(at: Date = new Date()): number {
  return Number(YEAR.format(at));
}

