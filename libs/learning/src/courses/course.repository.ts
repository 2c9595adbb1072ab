import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CourseVersionEntity } from './course-version.entity';
import { CourseEntity } from './course.entity';

/** A course as the catalogue lists it: its current published version (with totals) and its draft, if any. */
export interface CourseListRow {
  course: CourseEntity;
  current: (CourseVersionEntity & { lessonCount: number; estimatedMinutes: number }) | null;
  draft: CourseVersionEntity | null;
}

/** Which courses a list may hold: every one, or the national ones and those of some provinces. */
export type CourseReach = { kind: 'all' } | { kind: 'provinces'; provinces: readonly string[] };

/** The only data access of courses (learning_courses). Pass a transaction's manager to read inside it. */
@Injectable()
export class CourseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findCourse(id: string, manager?: EntityManager): Promise<CourseEntity | null> {
    return this.m(manager).findOne(CourseEntity, { where: { id } });
  }

  findCourseByCode(code: string, manager?: EntityManager): Promise<CourseEntity | null> {
    return this.m(manager).findOne(CourseEntity, { where: { code } });
  }

  /**
   * Courses within reach (national ones and those offered by the given provinces) with their current
   * published version (lesson count and total minutes) and their draft, ordered by code.
   */
  async listCourses(reach: CourseReach, manager?: EntityManager): Promise<CourseListRow[]> {
    const rows: Array<Record<string, unknown>> = await this.m(manager).query(
      `SELECT c.id, c.code, c.offered_by_province, c.created_by, c.created_at,
              row_to_json(p) AS current, row_to_json(d) AS draft,
              (SELECT count(*)::int FROM learning_lessons l WHERE l.version_id = p.id) AS lesson_count,
              (SELECT coalesce(sum(l.estimated_minutes), 0)::int FROM learning_lessons l WHERE l.version_id = p.id) AS estimated_minutes
         FROM learning_courses c
         LEFT JOIN learning_course_versions p ON p.course_id = c.id AND p.status = 'published'
         LEFT JOIN learning_course_versions d ON d.course_id = c.id AND d.status = 'draft'
        WHERE $1::boolean OR c.offered_by_province IS NULL OR c.offered_by_province = ANY($2::text[])
        ORDER BY c.code`,
      [reach.kind === 'all', reach.kind === 'all' ? [] : reach.provinces],
    );
    return rows.map((r) => ({
      course: Object.assign(new CourseEntity(), {
        id: r.id as string,
        code: r.code as string,
        offeredByProvince: r.offered_by_province as string | null,
        createdBy: r.created_by as string | null,
        createdAt: r.created_at as Date,
      }),
      current: r.current
        ? { ...versionFromJson(r.current as Record<string, unknown>), lessonCount: r.lesson_count as number, estimatedMinutes: r.estimated_minutes as number }
        : null,
      draft: r.draft ? versionFromJson(r.draft as Record<string, unknown>) : null,
    }));
  }

  /** The course row, locked for the rest of the transaction (drafts, publishing). */
  lockCourse(tx: EntityManager, id: string): Promise<CourseEntity | null> {
    return tx.getRepository(CourseEntity).createQueryBuilder('c').where('c.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async insertCourse(tx: EntityManager, course: Pick<CourseEntity, 'id' | 'code' | 'offeredByProvince' | 'createdBy'>): Promise<void> {
    await tx.insert(CourseEntity, course);
  }
}

/** A version row as row_to_json gives it (snake_case, timestamps as text). */
function versionFromJson(j: Record<string, unknown>): CourseVersionEntity {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return Object.assign(new CourseVersionEntity(), {
    id: j.id as string,
    courseId: j.course_id as string,
    number: j.number as number,
    status: j.status as CourseVersionEntity['status'],
    title: j.title as string,
    summary: j.summary as string,
    sequential: j.sequential as boolean,
    createdAt: date(j.created_at) as Date,
    updatedAt: date(j.updated_at) as Date,
    publishedAt: date(j.published_at),
    publishedBy: (j.published_by as string | null) ?? null,
  });
}
