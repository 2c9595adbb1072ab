/** Today's date in Vietnam (YYYY-MM-DD): the reference date of live figures and the day of the daily series. */
const VIETNAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

export function vietnamToday(now: Date = new Date()): string {
  return VIETNAM_DATE.format(now);
}
