import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ACCOUNTS_SQL } from '@hvs/identity';
import { ClassStaffEntity, type StaffKind } from './class-staff.entity';

export interface StaffRow {
  classId: string;
  accountId: string;
  kind: StaffKind;
  displayName: string;
  addedAt: Date;
}

/** The only data access of class staff (classes_staff). */
@Injectable()
export class ClassStaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async staffOf(classId: string, manager?: EntityManager): Promise<StaffRow[]> {
    return this.m(manager).query(
      `SELECT st.class_id AS "classId", st.account_id AS "accountId", st.kind, a.display_name AS "displayName", st.added_at AS "addedAt"
         FROM classes_staff st JOIN ${ACCOUNTS_SQL} a ON a.id = st.account_id
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
}
