/**
 * The SQL learning publishes for other capabilities' joins. Learning owns the learning_* tables: others
 * read them through its services or through the relations below (docs/architecture.md, "Rules"), plain
 * subqueries that PostgreSQL pulls up into the join. Classes' attendance reaches learning the other way,
 * through the AttendanceShareSource port.
 */

/** Course versions with their course's code: what a class shows of the version it teaches, and its completion rule. */
export const COURSE_VERSIONS_SQL = `(SELECT v.id, v.course_id, c.code AS course_code, v.number, v.title, v.status, v.completion_rule
   FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id)`;

/** A resident's standing in a course version: lessons completed, when the final was passed. */
export const COURSE_PROGRESS_SQL = '(SELECT resident_id, version_id, lessons_completed, final_passed_at FROM learning_course_progress)';

/** Course completions, with the class that counted (null for a self-paced one). */
export const COURSE_COMPLETIONS_SQL = '(SELECT resident_id, version_id, class_id, via, completed_at FROM learning_course_completions)';
