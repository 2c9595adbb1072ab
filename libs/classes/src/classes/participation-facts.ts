import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ATTENDED_STATUSES_SQL } from './attendance-rate';

/** A resident's part in classes, for the coverage figures: ever enrolled in a class; attended (present or late) at least one session. */
export interface Participation {
  enrolled: boolean;
  attended: boolean;
}

/** Reads residents' participation in classes for statistics (reporting's projection and its recount). */
@Injectable()
export class ParticipationFacts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The residents among `ids` who were ever enrolled or attended (the others: neither). */
  async of(ids: readonly string[], manager?: EntityManager): Promise<Map<string, Participation>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; enrolled: boolean; attended: boolean }> = await (manager ?? this.dataSource.manager).query(
      `SELECT r.id,
              EXISTS (SELECT 1 FROM classes_enrolments e WHERE e.resident_id = r.id) AS enrolled,
              EXISTS (SELECT 1 FROM classes_attendance a WHERE a.resident_id = r.id AND a.status IN ${ATTENDED_STATUSES_SQL}) AS attended
         FROM unnest($1::uuid[]) AS r(id)`,
      [[...ids]],
    );
    return new Map(rows.filter((r) => r.enrolled || r.attended).map((r) => [r.id, { enrolled: r.enrolled, attended: r.attended }]));
  }
}

/** What other capabilities read of classes, without its routes. */
@Module({ providers: [ParticipationFacts], exports: [ParticipationFacts] })
export class ClassesReadersModule {}
