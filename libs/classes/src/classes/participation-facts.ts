import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ATTENDED_STATUSES_SQL } from './attendance-rate';

/**
 * A resident's part in classes, for the coverage figures: ever enrolled in a class; attended (present
 * or late) at least one session; and which classes (enrolled in or attended, sorted) and which of them
 * they attended, for the class level of the figures.
 */
export interface Participation {
  enrolled: boolean;
  attended: boolean;
  classIds: string[];
  attendedClassIds: string[];
}

/** Reads residents' participation in classes for statistics (reporting's projection and its recount). */
@Injectable()
export class ParticipationFacts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The residents among `ids` who were ever enrolled or attended (the others: neither). */
  async of(ids: readonly string[], manager?: EntityManager): Promise<Map<string, Participation>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; enrolled: string[] | null; attended: string[] | null }> = await (manager ?? this.dataSource.manager).query(
      `SELECT r.id,
              (SELECT array_agg(DISTINCT e.class_id::text) FROM classes_enrolments e WHERE e.resident_id = r.id) AS enrolled,
              (SELECT array_agg(DISTINCT s.class_id::text) FROM classes_attendance a JOIN classes_sessions s ON s.id = a.session_id
                WHERE a.resident_id = r.id AND a.status IN ${ATTENDED_STATUSES_SQL}) AS attended
         FROM unnest($1::uuid[]) AS r(id)`,
      [[...ids]],
    );
    const out = new Map<string, Participation>();
    for (const r of rows) {
      if (!r.enrolled && !r.attended) continue;
      const attendedClassIds = [...(r.attended ?? [])].sort();
      out.set(r.id, {
        enrolled: r.enrolled !== null,
        attended: r.attended !== null,
        classIds: [...new Set([...(r.enrolled ?? []), ...attendedClassIds])].sort(),
        attendedClassIds,
      });
    }
    return out;
  }
}

/** What other capabilities read of classes, without its routes. */
@Module({ providers: [ParticipationFacts], exports: [ParticipationFacts] })
export class ClassesReadersModule {}
