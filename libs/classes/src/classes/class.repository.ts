import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ResidentEntity } from '@hvs/identity';
import { AccessScope, subtreeRangesCondition, whereInScopeRanges } from '@hvs/platform';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ClassStaffEntity, type StaffKind } from './class-staff.entity';
import { ClassEntity, type ClassStatus } from './class.entity';
import { EnrolmentEntity } from './enrolment.entity';
import { SessionEntity } from './session.entity';

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

export interface StaffRow {
  classId: string;
  accountId: string;
  kind: StaffKind;
  displayName: string;
  addedAt: Date;
}

/** A resident as enrolment needs it: where they live (no personal data). */
export interface ResidentPlaceRow {
  id: string;
  communeCode: string;
  path: string;
}

/**
 * All data access of the class aggregate: classes, their staff, enrolments and sessions. Reads of a
 * class take the caller's reach (scope, and staff membership for instructors), so a class outside it
 * answers like an unknown one. Pass a transaction's manager to read inside it.
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

  // ---- classes ----

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
      `SELECT c.id, co.id AS "courseId", co.code AS "courseCode", v.number AS "versionNumber", v.title AS "courseTitle",
              gv.name AS "villageName",
              (SELECT count(*)::int FROM classes_enrolments e WHERE e.class_id = c.id AND e.withdrawn_at IS NULL) AS enrolled,
              (SELECT count(*)::int FROM classes_sessions s WHERE s.class_id = c.id) AS sessions
         FROM classes_classes c
         JOIN learning_course_versions v ON v.id = c.course_version_id
         JOIN learning_courses co ON co.id = v.course_id
         LEFT JOIN geo_villages gv ON gv.code = c.village_code
        WHERE c.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  // ---- staff ----

  async staffOf(classId: string, manager?: EntityManager): Promise<StaffRow[]> {
    return this.m(manager).query(
      `SELECT st.class_id AS "classId", st.account_id AS "accountId", st.kind, a.display_name AS "displayName", st.added_at AS "addedAt"
         FROM classes_staff st JOIN identity_accounts a ON a.id = st.account_id
        WHERE st.class_id = $1
        ORDER BY st.kind, st.added_at, a.display_name`,
      [classId],
    );
  }

  /** Makes the staff exactly these accounts (those kept keep when they were added). */
  async setStaff(tx: EntityManager, classId: string, staff: ReadonlyArray<{ accountId: string; kind: StaffKind }>, by: string | null): Promise<void> {
    const ids = staff.map((s) => s.accountId);
    await tx.query(`DELETE FROM classes_staff WHERE class_id = $1 AND NOT (account_id = ANY($2::uuid[]))`, [classId, ids]);
    await tx.query(
      `INSERT INTO classes_staff (class_id, account_id, kind, added_by)
       SELECT $1, x.account_id, x.kind, $4 FROM unnest($2::uuid[], $3::text[]) AS x(account_id, kind)
       ON CONFLICT (class_id, account_id) DO UPDATE SET kind = EXCLUDED.kind`,
      [classId, ids, staff.map((s) => s.kind), by],
    );
  }

  async isStaff(classId: string, accountId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.m(manager).count(ClassStaffEntity, { where: { classId, accountId } })) > 0;
  }

  // ---- enrolments ----

  /** Everybody ever enrolled in the class (withdrawn people included). */
  async everEnrolled(classId: string, manager?: EntityManager): Promise<string[]> {
    const rows: Array<{ residentId: string }> = await this.m(manager).query(
      `SELECT DISTINCT resident_id AS "residentId" FROM classes_enrolments WHERE class_id = $1`,
      [classId],
    );
    return rows.map((r) => r.residentId);
  }

  async countEnrolled(classId: string, manager?: EntityManager): Promise<number> {
    const [row] = await this.m(manager).query(`SELECT count(*)::int AS n FROM classes_enrolments WHERE class_id = $1 AND withdrawn_at IS NULL`, [classId]);
    return row.n as number;
  }

  /** The residents among `residentIds` enrolled in the class now. */
  async currentlyEnrolled(classId: string, residentIds: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    if (residentIds.length === 0) return new Set();
    const rows: Array<{ residentId: string }> = await this.m(manager).query(
      `SELECT resident_id AS "residentId" FROM classes_enrolments WHERE class_id = $1 AND withdrawn_at IS NULL AND resident_id = ANY($2::uuid[])`,
      [classId, [...residentIds]],
    );
    return new Set(rows.map((r) => r.residentId));
  }

  findCurrentEnrolment(classId: string, residentId: string, manager?: EntityManager): Promise<EnrolmentEntity | null> {
    return this.m(manager)
      .getRepository(EnrolmentEntity)
      .createQueryBuilder('e')
      .where('e.class_id = :classId AND e.resident_id = :residentId AND e.withdrawn_at IS NULL', { classId, residentId })
      .getOne();
  }

  async insertEnrolments(tx: EntityManager, rows: ReadonlyArray<Pick<EnrolmentEntity, 'id' | 'classId' | 'residentId' | 'fromElsewhere' | 'enrolledBy'>>): Promise<void> {
    if (rows.length) await tx.insert(EnrolmentEntity, rows.map((r) => ({ ...r })));
  }

  async withdraw(tx: EntityManager, enrolmentId: string, by: string | null, reason: string | null): Promise<EnrolmentEntity> {
    await tx.update(EnrolmentEntity, { id: enrolmentId }, { withdrawnAt: () => 'now()', withdrawnBy: by, withdrawReason: reason });
    return tx.findOneOrFail(EnrolmentEntity, { where: { id: enrolmentId } });
  }

  // ---- residents, as enrolment needs them (read only; personal data never leaves identity here) ----

  /** Active residents among `ids` that lie in the scope. */
  async residentsInScope(ids: readonly string[], scope: AccessScope, manager?: EntityManager): Promise<ResidentPlaceRow[]> {
    if (ids.length === 0) return [];
    const qb = this.m(manager)
      .getRepository(ResidentEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.communeCode', 'r.path'])
      .where('r.id IN (:...ids)', { ids: [...ids] })
      .andWhere("r.status = 'active'");
    whereInScopeRanges(qb, 'r.path', scope);
    return (await qb.getMany()).map((r) => ({ id: r.id, communeCode: r.communeCode, path: r.path }));
  }

  /** Active residents with these CCCD keyed hashes, wherever they are registered. */
  async residentsByCccdIndex(indexes: readonly Buffer[], manager?: EntityManager): Promise<Array<ResidentPlaceRow & { cccdIndex: Buffer }>> {
    if (indexes.length === 0) return [];
    return this.m(manager).query(
      `SELECT id, commune_code AS "communeCode", path::text AS path, cccd_index AS "cccdIndex"
         FROM identity_residents WHERE cccd_index = ANY($1::bytea[]) AND status = 'active'`,
      [[...indexes]],
    );
  }

  // ---- sessions ----

  /** The next number of a class's sessions on a day; call with the class row locked (findInReach with lock). */
  async nextSessionNumber(tx: EntityManager, classId: string, date: string): Promise<number> {
    const [row] = await tx.query(`SELECT coalesce(max(number), 0) + 1 AS n FROM classes_sessions WHERE class_id = $1 AND date = $2::date`, [classId, date]);
    return Number(row.n);
  }

  async insertSession(tx: EntityManager, s: Omit<SessionEntity, 'createdAt' | 'closedAt' | 'closedBy' | 'status'>): Promise<void> {
    await tx.insert(SessionEntity, { ...s, status: 'open' });
  }

  async updateSession(tx: EntityManager, id: string, fields: Partial<Pick<SessionEntity, 'startsAt' | 'endsAt' | 'lessonIds' | 'place' | 'note'>>): Promise<void> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await tx.update(SessionEntity, { id }, set);
  }

  /** A session of the class (lock it inside a transaction with `lock`). */
  findSession(classId: string, sessionId: string, manager?: EntityManager, lock = false): Promise<SessionEntity | null> {
    const qb = this.m(manager)
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.id = :sessionId AND s.class_id = :classId', { sessionId, classId });
    if (lock) qb.setLock('for_no_key_update');
    return qb.getOne();
  }

  sessionsOf(classId: string, manager?: EntityManager): Promise<SessionEntity[]> {
    return this.m(manager).find(SessionEntity, { where: { classId }, order: { date: 'ASC', number: 'ASC' } });
  }
}
