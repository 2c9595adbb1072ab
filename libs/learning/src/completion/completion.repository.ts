import { Injectable } from '@nestjs/common';
import { outboxInsertFrom, preparedIn } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { RESIDENTS_SQL } from '@hvs/identity';
import type { CompletionRule, CompletionVia } from './completion-rule';

/** A resident and a course version whose completion is in question. */
export interface CompletionPair {
  residentId: string;
  versionId: string;
}

/** A completion just recorded (and announced). */
export interface CompletionRecord extends CompletionPair {
  courseId: string;
  via: CompletionVia;
  classId: string | null;
  completedAt: Date;
}

/**
 * SQL: the transaction-scoped advisory lock key of (resident, version). Every transaction that can make
 * a resident's completion rule true takes this lock before it evaluates the rule (CourseCompletion).
 */
export function completionLockKey(residentSql: string, versionSql: string): string {
  return `hashtextextended(${residentSql}::text || ':' || ${versionSql}::text, 0)`;
}

/** SQL: takes the completion locks of the rows a SELECT gives as (resident_id, version_id), in key order (no deadlock between two lockers). */
export function completionLocksFrom(select: string): string {
  return `SELECT count(pg_advisory_xact_lock(k.key))::int AS locked
            FROM (SELECT DISTINCT ${completionLockKey('p.resident_id', 'p.version_id')} AS key
                    FROM (${select}) AS p(resident_id, version_id) ORDER BY 1) AS k`;
}


/**
 * Data access of course completion: the rule column of versions, the completion locks, and the one
 * statement that evaluates the rule and records completions (learning_course_completions) with their
 * outbox events.
 */
@Injectable()
export class CompletionRepository {
  /** The evaluation statement per attendance-shares SQL (one per process in practice: the registered source's). */
  private readonly evaluateStatements = new Map<string, { name: string; text: string }>();

  async lock(tx: EntityManager, pairs: readonly CompletionPair[]): Promise<void> {
    await preparedIn(tx, 'learning_completion_lock', LOCK_SQL, [pairs.map((p) => p.residentId), pairs.map((p) => p.versionId)]);
  }

  /**
   * Evaluates the rule for every pair not completed yet and records those who meet it, in ONE
   * statement (so one snapshot, taken after the caller's locks): the facts (rule, final passed,
   * lessons), the attendance shares of the resident's classes teaching the version (`sharesFrom`, the
   * classes capability's SQL, asked only for pairs whose rule can be met through a class), the
   * decision (a class first: the best share, then the class id; else self-paced), the completion row
   * (ON CONFLICT DO NOTHING) and, only for a row inserted, the `learning.course_completed` event.
   */
  async evaluate(tx: EntityManager, pairs: readonly CompletionPair[], sharesFrom: (pairs: string) => string): Promise<CompletionRecord[]> {
    const sharesSql = sharesFrom('SELECT resident_id, version_id FROM through_class');
    let statement = this.evaluateStatements.get(sharesSql);
    if (!statement) {
      statement = { name: `learning_completion_evaluate_${this.evaluateStatements.size + 1}`, text: evaluateSql(sharesSql) };
      this.evaluateStatements.set(sharesSql, statement);
    }
    return preparedIn(tx, statement.name, statement.text, [pairs.map((p) => p.residentId), pairs.map((p) => p.versionId)]);
  }

  // ---- the rule column of versions ----

  async setRule(tx: EntityManager, versionId: string, rule: CompletionRule): Promise<void> {
    await tx.query(`UPDATE learning_course_versions SET completion_rule = $2::jsonb, updated_at = now() WHERE id = $1`, [
      versionId,
      JSON.stringify({ minAttendanceShare: rule.minAttendanceShare, requireFinalPassed: rule.requireFinalPassed, selfPaced: rule.selfPaced }),
    ]);
  }

  /** A new draft keeps the rule of the version it was copied from. */
  async copyRule(tx: EntityManager, fromVersionId: string, toVersionId: string): Promise<void> {
    await tx.query(
      `UPDATE learning_course_versions t SET completion_rule = f.completion_rule FROM learning_course_versions f WHERE f.id = $1 AND t.id = $2`,
      [fromVersionId, toVersionId],
    );
  }
}

const LOCK_SQL = completionLocksFrom('SELECT * FROM unnest($1::uuid[], $2::uuid[])');

/** The evaluation statement (see CompletionRepository.evaluate), around the attendance shares' SQL. */
function evaluateSql(sharesSql: string): string {
  return `WITH pairs AS (
           SELECT DISTINCT p.resident_id, p.version_id FROM unnest($1::uuid[], $2::uuid[]) AS p(resident_id, version_id)
         ), facts AS (
           SELECT p.resident_id, p.version_id, v.course_id, r.path,
                  (v.completion_rule->>'minAttendanceShare')::numeric AS min_share,
                  coalesce((v.completion_rule->>'requireFinalPassed')::boolean, false) AS require_final,
                  coalesce((v.completion_rule->>'selfPaced')::boolean, false) AS self_paced,
                  cp.final_passed_at IS NOT NULL AS final_passed
             FROM pairs p
             JOIN learning_course_versions v ON v.id = p.version_id
             JOIN ${RESIDENTS_SQL} r ON r.id = p.resident_id
             LEFT JOIN learning_course_progress cp ON cp.resident_id = p.resident_id AND cp.version_id = p.version_id
            WHERE NOT EXISTS (SELECT 1 FROM learning_course_completions c WHERE c.resident_id = p.resident_id AND c.version_id = p.version_id)
         ), through_class AS (
           SELECT resident_id, version_id FROM facts
            WHERE (min_share IS NOT NULL OR require_final) AND (final_passed OR NOT require_final)
         ), shares AS (
           ${sharesSql}
         ), best_class AS (
           SELECT DISTINCT ON (s.resident_id, s.version_id) s.resident_id, s.version_id, s.class_id
             FROM shares s JOIN facts f ON f.resident_id = s.resident_id AND f.version_id = s.version_id
            WHERE f.min_share IS NULL OR (s.total > 0 AND s.attended >= f.min_share * s.total)
            ORDER BY s.resident_id, s.version_id, s.attended::numeric / nullif(s.total, 0) DESC NULLS LAST, s.class_id
         ), self_paced AS (
           SELECT f.resident_id, f.version_id FROM facts f
            WHERE f.self_paced AND f.final_passed
              AND EXISTS (SELECT 1 FROM learning_lessons l WHERE l.version_id = f.version_id)
              AND NOT EXISTS (
                SELECT 1 FROM learning_lessons l
                 WHERE l.version_id = f.version_id
                   AND NOT EXISTS (SELECT 1 FROM learning_progress lp
                                    WHERE lp.resident_id = f.resident_id AND lp.lesson_id = l.id AND lp.status = 'completed'))
         ), decided AS (
           SELECT f.resident_id, f.version_id, f.course_id, f.path,
                  CASE WHEN b.class_id IS NOT NULL THEN 'class' ELSE 'self_paced' END AS via, b.class_id
             FROM facts f
             LEFT JOIN best_class b ON b.resident_id = f.resident_id AND b.version_id = f.version_id
            WHERE b.class_id IS NOT NULL
               OR EXISTS (SELECT 1 FROM self_paced sp WHERE sp.resident_id = f.resident_id AND sp.version_id = f.version_id)
         ), done AS (
           INSERT INTO learning_course_completions (resident_id, version_id, path, via, class_id)
           SELECT resident_id, version_id, path, via, class_id FROM decided
           ON CONFLICT DO NOTHING
           RETURNING resident_id, version_id, via, class_id, completed_at
         ), events AS (
           ${outboxInsertFrom(`
             SELECT 'learning.course_completed', 'learning.course_completed:' || d.resident_id || ':' || d.version_id,
                    jsonb_build_object('residentId', d.resident_id, 'courseId', x.course_id, 'courseVersionId', d.version_id,
                                       'via', d.via, 'classId', d.class_id,
                                       'completedAt', to_char(d.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
               FROM done d JOIN decided x ON x.resident_id = d.resident_id AND x.version_id = d.version_id`)}
         )
         SELECT d.resident_id AS "residentId", d.version_id AS "versionId", x.course_id AS "courseId", d.via,
                d.class_id AS "classId", d.completed_at AS "completedAt"
           FROM done d JOIN decided x ON x.resident_id = d.resident_id AND x.version_id = d.version_id`;
}
