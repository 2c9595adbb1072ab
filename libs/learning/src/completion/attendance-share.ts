import { Injectable } from '@nestjs/common';

/**
 * The port through which course completion reads class attendance, so learning never imports classes
 * (classes depends on learning, not the other way round). Learning defines it; the classes capability
 * implements it and registers the implementation with AttendanceShareRegistry when its module starts
 * (see docs/architecture.md, "Course completion").
 *
 * It gives SQL rather than rows, like `outboxInsertFrom` and `finalAttemptUpsertFrom`: the completion
 * rule is evaluated in ONE statement right after the (resident, version) lock, so that statement sees
 * every fact committed before the lock was granted (READ COMMITTED: one snapshot per statement).
 */
export const NO_SOURCE =
  'no AttendanceShareSource is registered: a process that evaluates course completion must import ClassAttendanceSharesModule (@hvs/classes)';

export abstract class AttendanceShareSource {
  /**
   * A SELECT giving `(resident_id uuid, version_id uuid, class_id uuid, attended int, total int)`: one row
   * per current (not withdrawn) enrolment of a pair's resident in a class teaching the pair's version,
   * with `total` the class sessions on the resident's roster (home visits not counted) and `attended`
   * those of them marked present or late. `pairs` is a SQL relation (a SELECT or a CTE name) with the
   * columns `resident_id, version_id`.
   */
  abstract sharesFrom(pairs: string): string;
}

/**
 * Where the AttendanceShareSource of this process is registered (once, at module start, by the
 * capability that owns classes: ClassAttendanceSharesModule). Provided and exported by
 * CourseCompletionModule. There is no default: a process evaluating completion without class attendance
 * would answer "not complete" to residents who completed through a class, so CourseCompletion refuses
 * to start without a source, and asking for shares without one is an error.
 */
@Injectable()
export class AttendanceShareRegistry {
  private source: AttendanceShareSource | null = null;

  register(source: AttendanceShareSource): void {
    if (this.source && this.source !== source) throw new Error('an AttendanceShareSource is already registered');
    this.source = source;
  }

  /** The registered source (null before registration). */
  get current(): AttendanceShareSource | null {
    return this.source;
  }

  sharesFrom(pairs: string): string {
    if (!this.source) throw new Error(NO_SOURCE);
    return this.source.sharesFrom(pairs);
  }
}
