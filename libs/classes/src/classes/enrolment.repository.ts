import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { EnrolmentEntity } from './enrolment.entity';
import { emitResidentsChanged } from '@hvs/platform';

/** The only data access of enrolments (classes_enrolments); enrolment writes run with their class row locked. */
@Injectable()
export class EnrolmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

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
    if (rows.length === 0) return;
    await tx.insert(EnrolmentEntity, rows.map((r) => ({ ...r })));
    await emitResidentsChanged(
      tx,
      'classes.residents_changed',
      rows.map((r) => r.residentId),
    );
  }

  async withdraw(tx: EntityManager, enrolmentId: string, by: string | null, reason: string | null): Promise<EnrolmentEntity> {
    await tx.update(EnrolmentEntity, { id: enrolmentId }, { withdrawnAt: () => 'now()', withdrawnBy: by, withdrawReason: reason });
    return tx.findOneOrFail(EnrolmentEntity, { where: { id: enrolmentId } });
  }
}
