import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CourseProgressEntity, ProgressEntity } from './progress.entity';

/** The result of a submitted final-assessment attempt, for the resident's standing in the course version. */
export interface FinalAttemptRecord {
  residentId: string;
  versionId: string;
  path: string;
  scorePercent: number;
  passed: boolean;
  at: Date;
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
    await manager.query(
      `INSERT INTO learning_course_progress AS p (resident_id, version_id, path, started_at, final_attempts, best_score_percent, final_passed_at, updated_at)
       VALUES ($1, $2, $3::ltree, $6, 1, $4, CASE WHEN $5 THEN $6::timestamptz END, $6)
       ON CONFLICT (resident_id, version_id) DO UPDATE SET
         final_attempts = p.final_attempts + 1,
         best_score_percent = GREATEST(p.best_score_percent, EXCLUDED.best_score_percent),
         final_passed_at = COALESCE(p.final_passed_at, EXCLUDED.final_passed_at),
         updated_at = EXCLUDED.updated_at`,
      [r.residentId, r.versionId, r.path, r.scorePercent, r.passed, r.at],
    );
  }
}
