import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { AttendanceShareRegistry, AttendanceShareSource, CourseCompletionModule } from '@hvs/learning';
import { ATTENDED_STATUSES_SQL } from '../classes/attendance-rate';
import { ON_ROSTER_SQL } from '../classes/roster';

/**
 * Classes' side of learning's AttendanceShareSource port: the attended share of a resident in each
 * class teaching a course version, for the completion rule. Registered with learning's
 * AttendanceShareRegistry when the module starts, so learning reads attendance without importing
 * classes (classes imports learning).
 *
 * A resident counts in a class while enrolled (withdrawn enrolments do not count; a cancelled class
 * does not either); `total` is the class sessions on their roster (roster.ts: enrolled on the day, not
 * withdrawn before it; home visits are not class sessions), `attended` those marked present or late.
 * Unlike the roster's attendance rate (attendance-rate.ts: sessions held so far), the share counts every
 * session of the class on the resident's roster, scheduled ones included: "70 % of the class's sessions".
 */
@Injectable()
export class ClassAttendanceShares extends AttendanceShareSource implements OnModuleInit {
  constructor(private readonly registry: AttendanceShareRegistry) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  sharesFrom(pairs: string): string {
    return `SELECT e.resident_id, c.course_version_id AS version_id, c.id AS class_id,
                   (count(a.session_id) FILTER (WHERE a.status IN ${ATTENDED_STATUSES_SQL}))::int AS attended,
                   count(s.id)::int AS total
              FROM (${pairs}) AS p(resident_id, version_id)
              JOIN classes_enrolments e ON e.resident_id = p.resident_id AND e.withdrawn_at IS NULL
              JOIN classes_classes c ON c.id = e.class_id AND c.course_version_id = p.version_id AND c.status <> 'cancelled'
              LEFT JOIN classes_sessions s ON ${ON_ROSTER_SQL}
              LEFT JOIN classes_attendance a ON a.session_id = s.id AND a.resident_id = e.resident_id
             GROUP BY e.resident_id, c.course_version_id, c.id`;
  }
}

/**
 * Course completion with class attendance: what every process that evaluates completion imports (the
 * api through ClassesModule, the worker directly). Registers ClassAttendanceShares with the process's
 * one AttendanceShareRegistry when it starts.
 */
@Module({
  imports: [CourseCompletionModule],
  providers: [ClassAttendanceShares],
  exports: [CourseCompletionModule],
})
export class ClassAttendanceSharesModule {}
