import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CourseProgressEntity } from './course-progress.entity';
import { ProgressEntity } from './progress.entity';

/** The result of a submitted final-assessment attempt, for the resident's standing in the course version. */
export interface FinalAttemptRecord {
  residentId: string;
  versionId: string;
  path: string;
  scorePercent: number;
  passed: boolean;
  at: Date;
}

/** What a learner reports on a lesson: its status and the seconds to add. */
export interface LessonProgressReport {
  residentId: string;
  lessonId: string;
  versionId: string;
  path: string;
  status: 'in_progress' | 'completed';
  addSeconds: number;
}

/**
 * The course-standing upsert for the rows a SELECT gives as (resident_id, version_id, path, at,
 * score_percent, passed): attempts + 1, best score, first pass time kept once set. Used by
 * recordFinalAttempt and by the attempt submission that folds it into one statement (AttemptRepository).
 */
export function finalAttemptUpsertFrom(select: string): string {
  return `INSERT INTO learning_course_progress AS p (resident_id, version_id, path, updated_at, best_score_percent, final_passed_at, started_at, final_attempts)
    SELECT s.resident_id, s.version_id, s.path, s.at, s.score_percent, CASE WHEN s.passed THEN s.at END, s.at, 1
      FROM (${select}) AS s(resident_id, version_id, path, at, score_percent, passed)
    ON CONFLICT (resident_id, version_id) DO UPDATE SET
      final_attempts = p.final_attempts + 1,
      best_score_percent = GREATEST(p.best_score_percent, EXCLUDED.best_score_percent),
      final_passed_at = COALESCE(p.final_passed_at, EXCLUDED.final_passed_at),
      updated_at = EXCLUDED.updated_at`;
}

/** All data access of progress: per lesson (learning_progress) and per course version (learning_course_progress). */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  lessonProgressOf(residentId: string, versionId: string, manager?: EntityManager): Promise<ProgressEntity[]> {
    return this.m(manager).find(ProgressEntity, { where: { residentId, versionId } });
  }

  courseProgressOf(residentId: string, versionId: string, manager?: EntityManager): Promise<CourseProgressEntity | null> {
    return this.m(manager).findOne(CourseProgressEntity, { where: { residentId, versionId } });
  }

  /**
   * Counts a submitted final-assessment attempt in the resident's standing (in the submission's
   * transaction): attempts + 1, best score, and the first pass time (kept once set).
   */
  async recordFinalAttempt(manager: EntityManager, r: FinalAttemptRecord): Promise<void> {
    await manager.query(finalAttemptUpsertFrom('SELECT $1::uuid, $2::uuid, $3::ltree, $4::timestamptz, $5::numeric, $6::boolean'), [
      r.residentId,
      r.versionId,
      r.path,
      r.at,
      r.scorePercent,
      r.passed,
    ]);
  }
  /** The resident's progress in one lesson (none: not started). */
  lessonProgress(residentId: string, lessonId: string, manager?: EntityManager): Promise<ProgressEntity | null> {
    return this.m(manager).findOne(ProgressEntity, { where: { residentId, lessonId } });
  }

  /**
   * The resident's standing in a version, created when missing (started now) and locked for the rest of
   * the transaction: every progress write of one resident in one version goes through this lock, so
   * concurrent reports of the same lesson are applied one after the other.
   */
  async startAndLockCourseProgress(tx: EntityManager, residentId: string, versionId: string, path: string): Promise<CourseProgressEntity> {
    await tx.query(
      `INSERT INTO learning_course_progress (resident_id, version_id, path) VALUES ($1, $2, $3::ltree)
       ON CONFLICT (resident_id, version_id) DO NOTHING`,
      [residentId, versionId, path],
    );
    return tx
      .getRepository(CourseProgressEntity)
      .createQueryBuilder('p')
      .where('p.resident_id = :residentId AND p.version_id = :versionId', { residentId, versionId })
      .setLock('pessimistic_write')
      .getOneOrFail();
  }

  /**
   * Records a lesson report (under the course-progress lock): the first one starts the lesson; time
   * adds up; "completed" is final (a later "in_progress" keeps it completed and only adds time). Then
   * the version's count of completed lessons is recomputed from the rows, so it cannot drift.
   */
  async recordLessonProgress(tx: EntityManager, r: LessonProgressReport): Promise<ProgressEntity> {
    await tx.query(
      `INSERT INTO learning_progress AS p (resident_id, lesson_id, version_id, path, status, time_spent_s, completed_at)
       VALUES ($1, $2, $3, $4::ltree, $5, $6, CASE WHEN $5 = 'completed' THEN now() END)
       ON CONFLICT (resident_id, lesson_id) DO UPDATE SET
         status = CASE WHEN p.status = 'completed' THEN 'completed' ELSE EXCLUDED.status END,
         completed_at = coalesce(p.completed_at, EXCLUDED.completed_at),
         time_spent_s = least(p.time_spent_s::bigint + EXCLUDED.time_spent_s, 2147483647)::int,
         path = EXCLUDED.path,
         updated_at = now()`,
      [r.residentId, r.lessonId, r.versionId, r.path, r.status, r.addSeconds],
    );
    await tx.query(
      `UPDATE learning_course_progress SET path = $3::ltree, updated_at = now(),
         lessons_completed = (SELECT count(*)::int FROM learning_progress
                               WHERE resident_id = $1 AND version_id = $2 AND status = 'completed')
        WHERE resident_id = $1 AND version_id = $2`,
      [r.residentId, r.versionId, r.path],
    );
    return tx.findOneOrFail(ProgressEntity, { where: { residentId: r.residentId, lessonId: r.lessonId } });
  }

  /** The resident's standing in the most recent version of a course they started (highest version number). */
  async latestCourseProgress(residentId: string, courseId: string, manager?: EntityManager): Promise<CourseProgressEntity | null> {
    return this.m(manager)
      .getRepository(CourseProgressEntity)
      .createQueryBuilder('p')
      .innerJoin('learning_course_versions', 'v', 'v.id = p.version_id')
      .where('p.resident_id = :residentId AND v.course_id = :courseId', { residentId, courseId })
      .orderBy('v.number', 'DESC')
      .limit(1)
      .getOne();
  }
}
