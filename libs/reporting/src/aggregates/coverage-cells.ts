/**
 * What one resident adds to the coverage counters (docs/reporting.md, "Aggregates"): pure functions,
 * shared by the consumer that keeps the counters and the recount that checks them.
 */

export type AgeBand = 'minor' | '18-35' | '36-59' | '60+';
export type Level = 'class' | 'village' | 'commune' | 'province' | 'country';

/** Reporting's projection of one resident (a row of reporting_residents). */
export interface ProjectionRow {
  residentId: string;
  communeCode: string;
  villageCode: string | null;
  provinceCode: string;
  birthYear: number;
  ageBand: AgeBand;
  /** The next day the age band changes (null: never again, 60+). */
  bandChangesOn: string | null;
  sex: 'male' | 'female';
  ethnicMinority: boolean;
  disability: boolean;
  poverty: 'none' | 'near_poor' | 'poor';
  noSmartphone: boolean;
  enrolled: boolean;
  attended: boolean;
  completed: boolean;
  /** The classes they were enrolled in or attended (sorted), and those they attended (the class level). */
  classIds: readonly string[];
  attendedClassIds: readonly string[];
  recognised: number;
  pending: number;
  rejected: number;
  failed: number;
  revoked: number;
  /** The day the age band was computed for. */
  asOf: string;
}

export const COUNTERS = ['registered', 'enrolled', 'attended', 'completed', 'certified', 'recognised', 'pending', 'rejected', 'failed', 'revoked'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

export const GROUPS = [
  'all',
  'age:minor',
  'age:18-35',
  'age:36-59',
  'age:60+',
  'sex:male',
  'sex:female',
  'ethnic_minority',
  'disability',
  'poverty:poor',
  'poverty:near_poor',
  'no_smartphone',
] as const;
export type Group = (typeof GROUPS)[number];

/** One counter row's key, without the shard. */
export interface CellKey {
  level: Level;
  unitCode: string;
  group: Group;
  adult: boolean;
}

/** The first age of each band after `minor` (the first is the adult age, a setting). */
function bandStarts(adultAge: number): Array<[number, AgeBand]> {
  return [
    [adultAge, '18-35'],
    [36, '36-59'],
    [60, '60+'],
  ];
}

/** The day someone born on `birthDate` turns `age` (29 February: 1 March in other years). */
export function birthday(birthDate: string, age: number): string {
  const [y, m, d] = birthDate.split('-').map(Number);
  return new Date(Date.UTC(y + age, m - 1, d)).toISOString().slice(0, 10);
}

/** The age band of someone born on `birthDate`, on day `on` (YYYY-MM-DD), and the next day it changes. */
export function ageBandOn(birthDate: string, on: string, adultAge: number): { band: AgeBand; changesOn: string | null } {
  let band: AgeBand = 'minor';
  for (const [age, next] of bandStarts(adultAge)) {
    const day = birthday(birthDate, age);
    if (day > on) return { band, changesOn: day };
    band = next;
  }
  return { band, changesOn: null };
}

export function isAdult(band: AgeBand): boolean {
  return band !== 'minor';
}

/** The groups a resident belongs to. */
export function groupsOf(r: ProjectionRow): Group[] {
  const groups: Group[] = ['all', `age:${r.ageBand}`, `sex:${r.sex}`];
  if (r.ethnicMinority) groups.push('ethnic_minority');
  if (r.disability) groups.push('disability');
  if (r.poverty !== 'none') groups.push(`poverty:${r.poverty}`);
  if (r.noSmartphone) groups.push('no_smartphone');
  return groups;
}

/** The units a resident counts in, from the village up. */
export function unitsOf(r: Pick<ProjectionRow, 'villageCode' | 'communeCode' | 'provinceCode'>): Array<{ level: Exclude<Level, 'class'>; unitCode: string }> {
  return [
    ...(r.villageCode ? [{ level: 'village' as const, unitCode: r.villageCode }] : []),
    { level: 'commune', unitCode: r.communeCode },
    { level: 'province', unitCode: r.provinceCode },
    { level: 'country', unitCode: 'VN' },
  ];
}

/** What a resident adds to each counter of every cell they count in. */
export function countersOf(r: ProjectionRow): Counters {
  return {
    registered: 1,
    enrolled: r.enrolled ? 1 : 0,
    attended: r.attended ? 1 : 0,
    completed: r.completed ? 1 : 0,
    certified: r.recognised > 0 ? 1 : 0,
    recognised: r.recognised,
    pending: r.pending,
    rejected: r.rejected,
    failed: r.failed,
    revoked: r.revoked,
  };
}

export const cellId = (k: CellKey): string => `${k.level}|${k.unitCode}|${k.group}|${k.adult ? 1 : 0}`;

/**
 * Adds `sign` × the resident's counters to every cell of theirs in `into`: every group of each unit they
 * live in, and the group `all` of each class they were in (there `registered` and `enrolled` count the
 * class's people, `attended` whether they attended that class).
 */
export function addResident(into: Map<string, { key: CellKey; counters: Counters }>, r: ProjectionRow, sign: 1 | -1): void {
  const values = countersOf(r);
  const adult = isAdult(r.ageBand);
  const add = (key: CellKey, counters: Counters) => {
    const id = cellId(key);
    let cell = into.get(id);
    if (!cell) {
      cell = { key, counters: zeroCounters() };
      into.set(id, cell);
    }
    for (const c of COUNTERS) cell.counters[c] += sign * counters[c];
  };
  for (const unit of unitsOf(r)) {
    for (const group of groupsOf(r)) add({ ...unit, group, adult }, values);
  }
  for (const classId of r.classIds) {
    add({ level: 'class', unitCode: classId, group: 'all', adult }, { ...values, enrolled: 1, attended: r.attendedClassIds.includes(classId) ? 1 : 0 });
  }
}

export function zeroCounters(): Counters {
  // a literal, not built from COUNTERS: the figures make thousands per request
  return { registered: 0, enrolled: 0, attended: 0, completed: 0, certified: 0, recognised: 0, pending: 0, rejected: 0, failed: 0, revoked: 0 };
}

/** The counters of a row that has a column for each (e.g. a summed cell), and nothing else of it. */
export function copyCounters(row: Counters): Counters {
  return {
    registered: row.registered,
    enrolled: row.enrolled,
    attended: row.attended,
    completed: row.completed,
    certified: row.certified,
    recognised: row.recognised,
    pending: row.pending,
    rejected: row.rejected,
    failed: row.failed,
    revoked: row.revoked,
  };
}

/** The change of every cell from `before` to `after` (either absent: a new or an erased resident); zero cells dropped. */
export function cellChanges(pairs: ReadonlyArray<{ before: ProjectionRow | null; after: ProjectionRow | null }>): Array<{ key: CellKey; counters: Counters }> {
  const cells = new Map<string, { key: CellKey; counters: Counters }>();
  for (const { before, after } of pairs) {
    if (before) addResident(cells, before, -1);
    if (after) addResident(cells, after, 1);
  }
  return [...cells.values()].filter((c) => COUNTERS.some((k) => c.counters[k] !== 0));
}

export interface DailyChange {
  level: Exclude<Level, 'village' | 'class'>;
  unitCode: string;
  recognitions: number;
  certifiedAdults: number;
}

/**
 * What changes add to their units' day (commune, province, country): recognitions (new recognised
 * certificates, where the resident now lives) and certified adults gained or lost (a move counts as a
 * loss where they were and a gain where they are); zero entries dropped.
 */
export function dailyChanges(pairs: ReadonlyArray<{ before: ProjectionRow | null; after: ProjectionRow | null }>): DailyChange[] {
  const out = new Map<string, DailyChange>();
  const add = (r: ProjectionRow, field: 'recognitions' | 'certifiedAdults', n: number) => {
    if (n === 0) return;
    for (const u of unitsOf(r)) {
      if (u.level === 'village') continue;
      const id = `${u.level}|${u.unitCode}`;
      const entry = out.get(id) ?? { level: u.level, unitCode: u.unitCode, recognitions: 0, certifiedAdults: 0 };
      entry[field] += n;
      out.set(id, entry);
    }
  };
  const certifiedAdult = (r: ProjectionRow) => (r.recognised > 0 && isAdult(r.ageBand) ? 1 : 0);
  for (const { before, after } of pairs) {
    if (before) add(before, 'certifiedAdults', -certifiedAdult(before));
    if (after) {
      add(after, 'certifiedAdults', certifiedAdult(after));
      add(after, 'recognitions', Math.max(0, after.recognised - (before?.recognised ?? 0)));
    }
  }
  return [...out.values()].filter((d) => d.recognitions !== 0 || d.certifiedAdults !== 0);
}

/** Whether two projections of a resident are the same (the class lists compared by value). */
export function sameProjection(a: ProjectionRow | null, b: ProjectionRow | null): boolean {
  return projectionDifference(a, b).length === 0;
}

/** The fields in which two projections of a resident differ (all of them when one is missing). */
export function projectionDifference(a: ProjectionRow | null, b: ProjectionRow | null): Array<keyof ProjectionRow> {
  if (a === null || b === null) return a === b ? [] : ['residentId'];
  return (Object.keys(a) as Array<keyof ProjectionRow>).filter((k) => {
    const x = a[k];
    const y = b[k];
    return Array.isArray(x) && Array.isArray(y) ? x.join(',') !== y.join(',') : x !== y;
  });
}
