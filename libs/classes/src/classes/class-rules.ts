import type { ClassStatus } from './class.entity';

/**
 * The rules of classes that need no database: status changes, Vietnam's calendar day, times of day.
 */

/** Where a class may go from each status (the same status is no change). */
export const STATUS_CHANGES: Readonly<Record<ClassStatus, readonly ClassStatus[]>> = {
  planned: ['open', 'cancelled'],
  open: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function mayChangeStatus(from: ClassStatus, to: ClassStatus): boolean {
  return from === to || STATUS_CHANGES[from].includes(to);
}

/** Classes that take enrolments and new sessions. */
export function acceptsWork(status: ClassStatus): boolean {
  return status === 'planned' || status === 'open';
}

export const DATE_FORMAT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
export const TIME_FORMAT = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** "07:30:00" (PostgreSQL time) -> "07:30"; null stays null. */
export function shortTime(time: string | null): string | null {
  return time === null ? null : time.slice(0, 5);
}

/** The times of a session are in order (either may be missing). */
export function timesInOrder(startsAt: string | null, endsAt: string | null): boolean {
  return startsAt === null || endsAt === null || endsAt > startsAt;
}

/** The dates of a class are in order (either may be missing). */
export function datesInOrder(startsOn: string | null, endsOn: string | null): boolean {
  return startsOn === null || endsOn === null || endsOn >= startsOn;
}

/** Where a class is held when no place is given: the cultural house of its village, or of its commune. */
export function defaultPlace(unitName: string): string {
  return `Nhà văn hóa ${unitName}`;
}

/** "2026-03-05", 2 -> "05/03 (2)": the register's column for a session. */
export function sessionColumn(date: string, number: number): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)} (${number})`;
}

/** Share of sessions attended (present or late count as attended); null when none was held. */
export function attendanceRate(attended: number, held: number): number | null {
  return held > 0 ? Math.round((attended / held) * 10_000) / 10_000 : null;
}
