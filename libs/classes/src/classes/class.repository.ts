import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessScope, subtreeRangesCondition, whereInScopeRanges } from '@hvs/platform';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { VILLAGES_SQL } from '@hvs/geography';
import { COURSE_VERSIONS_SQL } from '@hvs/learning';
import { ClassEntity, type ClassStatus } from './class.entity';

/**
 * Which classes a caller reaches: those whose unit lies in their scope and, for instructors, only the
 * classes where they are staff (instructor or volunteer).
 */
export interface ClassReach {
  scope: AccessScope;
  /** Set for instructors: the account that must be on the class's staff. */
  staffAccountId: string | null;
}

export interface ClassFilter {
  /** Classes held in this unit or below it (a commune's or a village's path). */
  underPath?: string;
  /** Classes held at this unit itself, not below it (a commune's own, held for no one village). */
  atPath?: string;
  status?: ClassStatus;
  after?: { path: string; id: string };
  limit: number;
}

/** What a class view shows beyond the row: its course, village and counts. */
export interface ClassDetailsRow {
  id: string;
  courseId: string;
  courseCode: string;
  versionNumber: number;
  courseTitle: string;
  villageName: string | null;
  enrolled: number;
  sessions: number;
}

/**
 * The only data access of classes (classes_classes); their staff, enrolments and sessions have their
 * own repositories (class-staff, enrolment, session). Reads of a class take the caller's reach (scope,
 * and staff membership for instructors), so a class outside it answers like an unknown one. Pass a
 * transaction's manager to read inside it.
 */
@Injectable()
export class ClassRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private reached(qb: SelectQueryBuilder<ClassEntity>, reach: ClassReach): SelectQueryBuilder<ClassEntity> {
    whereInScopeRanges(qb, 'c.path', reach.scope);
    if (reach.staffAccountId) {
      qb.andWhere('EXISTS (SELECT 1 FROM classes_staff st WHERE st.class_id = c.id AND st.account_id = :staffAccountId)', {
        staffAccountId: reach.staffAccountId,
      });
    }
    return qb;
  }

  /**
   * One class within reach. With `lock` (inside a transaction) the row is locked FOR NO KEY UPDATE: every
   * write that counts something of the class (enrolments against the capacity, the next session number)
   * takes it first, so two phones writing at once are served one after the other.
   */
  findInReach(id: string, reach: ClassReach, manager?: EntityManager, lock = false): Promise<ClassEntity | null> {
    const qb = this.m(manager).getRepository(ClassEntity).createQueryBuilder('c').where('c.id = :id', { id });
    this.reached(qb, reach);
    if (lock) qb.setLock('for_no_key_update');
    return qb.getOne();
  }

  /** A page of classes within reach, in (path, id) order: village by village, then creation order. */
  page(filter: ClassFilter, reach: ClassReach): Promise<ClassEntity[]> {
    const qb = this.dataSource.getRepository(ClassEntity).createQueryBuilder('c');
    this.reached(qb, reach);
    if (filter.underPath) {
      const params: Record<string, string> = {};
      let n = 0;
      const condition = subtreeRangesCondition('c.path', [filter.underPath], (value) => {
        params[`under${++n}`] = value;
        return `:under${n}`;
      });
      qb.andWhere(condition, params);
    }
    if (filter.atPath) qb.andWhere('c.path = :atPath::ltree', { atPath: filter.atPath });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.after) qb.andWhere('(c.path, c.id) > (:afterPath::ltree, :afterId::uuid)', { afterPath: filter.after.path, afterId: filter.after.id });
    return qb.orderBy('c.path', 'ASC').addOrderBy('c.id', 'ASC').limit(filter.limit).getMany();
  }

  async insert(tx: EntityManager, c: Omit<ClassEntity, 'createdAt' | 'updatedAt'>): Promise<void> {
    await tx.insert(ClassEntity, c);
  }

  async update(tx: EntityManager, id: string, fields: Partial<Pick<ClassEntity, 'name' | 'capacity' | 'schedule' | 'place' | 'startsOn' | 'endsOn' | 'status'>>): Promise<void> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    await tx.update(ClassEntity, { id }, { ...set, updatedAt: () => 'now()' });
  }

  /** Course, village and counts of classes, by id. */
  async details(ids: readonly string[], manager?: EntityManager): Promise<Map<string, ClassDetailsRow>> {
    if (ids.length === 0) return new Map();
    const rows: ClassDetailsRow[] = await this.m(manager).query(
      `SELECT c.id, v.course_id AS "courseId", v.course_code AS "courseCode", v.number AS "versionNumber", v.title AS "courseTitle",
              gv.name AS "villageName",
              (SELECT count(*)::int FROM classes_enrolments e WHERE e.class_id = c.id AND e.withdrawn_at IS NULL) AS enrolled,
              (SELECT count(*)::int FROM classes_sessions s WHERE s.class_id = c.id) AS sessions
         FROM classes_classes c
         JOIN ${COURSE_VERSIONS_SQL} v ON v.id = c.course_version_id
         LEFT JOIN ${VILLAGES_SQL} gv ON gv.code = c.village_code
        WHERE c.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}
