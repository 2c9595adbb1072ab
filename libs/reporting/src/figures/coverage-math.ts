/**
 * The arithmetic of the figures (docs/reporting.md, "The measure"): denominators, rate, gap to the
 * target, the pace of the last four weeks and the date it leads to, the trend's buckets. Pure
 * functions, tested on their own; the figures service feeds them the aggregates.
 */

/** Where a unit's adult population comes from. */
export type DenominatorSource = 'official' | 'estimate' | 'registered' | 'mixed';

/** One commune's adult population for a period: the entered figure if any, else its registered adults. */
export interface CommuneDenominator {
  adults: number;
  source: Exclude<DenominatorSource, 'mixed'>;
}

export function communeDenominator(population: { adults: number; estimate: boolean } | undefined, registeredAdults: number): CommuneDenominator {
  if (!population) return { adults: registeredAdults, source: 'registered' };
  return { adults: population.adults, source: population.estimate ? 'estimate' : 'official' };
}

/** A unit made of communes: the sum of their denominators, and how many of each source. */
export interface SummedDenominator {
  adults: number;
  source: DenominatorSource;
  communes: { official: number; estimate: number; registered: number };
}

export function sumDenominators(parts: readonly CommuneDenominator[]): SummedDenominator {
  const communes = { official: 0, estimate: 0, registered: 0 };
  let adults = 0;
  for (const p of parts) {
    adults += p.adults;
    communes[p.source]++;
  }
  return summed(adults, communes);
}

/** Units made of communes together (a country of its provinces): their sums added up. */
export function mergeDenominators(parts: readonly Pick<SummedDenominator, 'adults' | 'communes'>[]): SummedDenominator {
  const communes = { official: 0, estimate: 0, registered: 0 };
  let adults = 0;
  for (const p of parts) {
    adults += p.adults;
    communes.official += p.communes.official;
    communes.estimate += p.communes.estimate;
    communes.registered += p.communes.registered;
  }
  return summed(adults, communes);
}

function summed(adults: number, communes: SummedDenominator['communes']): SummedDenominator {
  const kinds = (Object.keys(communes) as Array<keyof typeof communes>).filter((k) => communes[k] > 0);
  const source: DenominatorSource = kinds.length === 1 ? kinds[0] : kinds.length === 0 ? 'registered' : 'mixed';
  return { adults, source, communes };
}

/** certified / population, null when there is no population to divide by. */
export function rateOf(certified: number, population: number): number | null {
  return population > 0 ? certified / population : null;
}

/** The people still to certify to reach `targetRate` of `population` (0 once reached). */
export function gapTo(targetRate: number, population: number, certified: number): { needed: number; gap: number } {
  // rates are stored with 4 decimals: round the product first so that 0.8 × 1000 is 800, not 800.0000001
  const needed = Math.ceil(Math.round(targetRate * population * 1e6) / 1e6);
  return { needed, gap: Math.max(0, needed - certified) };
}

const NUMBER = new Intl.NumberFormat('vi-VN');

/** A count in Vietnamese format: 1.234 */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** A date (YYYY-MM-DD) as Vietnamese read it: 05/12/2026 */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** "còn thiếu 312 người" — or that the target is reached. */
export function gapText(gap: number, population: number): string {
  if (population === 0) return 'Chưa có số dân trong độ tuổi để tính tỉ lệ.';
  return gap > 0 ? `còn thiếu ${formatCount(gap)} người` : 'đã đạt mục tiêu';
}

/** Adds `days` to a date (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The pace window: the last four weeks. */
export const PACE_DAYS = 28;

export interface Projection {
  /** Certified adults gained per week over the last four weeks (losses counted). */
  perWeek: number;
  /** The day the target is reached at that pace; null when reached already or never at this pace. */
  reachedOn: string | null;
  /** Whether the target is met already. */
  reached: boolean;
  /** Whether that day is on or before the target's due date. */
  beforeDue: boolean;
  text: string;
}

/**
 * When the gap closes at the pace of the last four weeks (`gained` certified adults over PACE_DAYS up to
 * `today`): never if the pace is not positive.
 */
/** Beyond ten years, a projected date is reported as not reached at this pace. */
export const PROJECTION_HORIZON_DAYS = 3653;

export function projectTarget(gap: number, gained: number, today: string, dueOn: string): Projection {
  const perDay = gained / PACE_DAYS;
  const perWeek = Math.round(perDay * 7 * 10) / 10;
  if (gap === 0) return { perWeek, reachedOn: null, reached: true, beforeDue: true, text: 'Đã đạt mục tiêu.' };
  if (perDay <= 0) {
    return { perWeek, reachedOn: null, reached: false, beforeDue: false, text: 'Với tốc độ 4 tuần gần đây, sẽ không đạt mục tiêu.' };
  }
  const days = Math.ceil(gap / perDay);
  const pace = `Với tốc độ 4 tuần gần đây (${formatCount(perWeek)} người/tuần)`;
  if (days > PROJECTION_HORIZON_DAYS) {
    // a date centuries away says nothing an officer can use: "not at this pace"
    return { perWeek, reachedOn: null, reached: false, beforeDue: false, text: `${pace}, sẽ không đạt mục tiêu trong 10 năm tới.` };
  }
  const reachedOn = addDays(today, days);
  const beforeDue = reachedOn <= dueOn;
  return {
    perWeek,
    reachedOn,
    reached: false,
    beforeDue,
    text: `${pace}, dự kiến đạt mục tiêu vào ${formatDay(reachedOn)}${beforeDue ? '' : ` — sau hạn ${formatDay(dueOn)}`}.`,
  };
}

export interface DayCount {
  day: string;
  recognitions: number;
  certifiedAdults: number;
}

export interface TrendPoint {
  from: string;
  to: string;
  recognitions: number;
  /** Certified adults gained (or lost) in the bucket. */
  gained: number;
  /** Certified adults at the end of the bucket. */
  certified: number;
  rate: number | null;
}

/** The Monday of the week of `day`. */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(day, -((dow + 6) % 7));
}

/**
 * The series of a period from its start to `until` (today, or the period's end): daily buckets for a
 * campaign, weekly (Monday to Sunday, clipped to the period) for a year. `days` is the unit's whole
 * daily series (every day with a change, from the beginning): what came before the period is the
 * starting level. The rate is against the unit's current population.
 */
export function trendSeries(days: readonly DayCount[], period: { startsOn: string; endsOn: string }, until: string, daily: boolean, population: number): TrendPoint[] {
  const end = until < period.endsOn ? until : period.endsOn;
  if (end < period.startsOn) return [];
  let certified = 0;
  const inPeriod = new Map<string, DayCount>();
  for (const d of days) {
    if (d.day < period.startsOn) certified += d.certifiedAdults;
    else if (d.day <= end) inPeriod.set(d.day, d);
  }
  const points: TrendPoint[] = [];
  let from = period.startsOn;
  while (from <= end) {
    const bucketEnd = daily ? from : addDays(weekStart(from), 6);
    const to = bucketEnd < end ? bucketEnd : end;
    let recognitions = 0;
    let gained = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const c = inPeriod.get(d);
      if (c) {
        recognitions += c.recognitions;
        gained += c.certifiedAdults;
      }
    }
    certified += gained;
    points.push({ from, to, recognitions, gained, certified, rate: rateOf(certified, population) });
    from = addDays(to, 1);
  }
  return points;
}
