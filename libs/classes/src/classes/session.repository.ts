import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SessionEntity } from './session.entity';

/** The only data access of sessions and home visits (classes_sessions). */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

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
