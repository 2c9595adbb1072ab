import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '@hvs/platform';
import { ATTENDED_STATUSES_SQL } from './attendance-rate';
import { reachOf } from './class-access';
import type { ClassEntity } from './class.entity';
import { ClassRepository } from './class.repository';

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

/** A class as other capabilities list it (reporting's drill-down). */
export interface ClassListing {
  id: string;
  name: string;
  communeCode: string;
  villageCode: string | null;
  path: string;
  status: string;
}

/** Most classes listed under one unit (a village has a few; a commune some dozens). */
const MAX_CLASSES = 2000;

/**
 * The classes a caller reaches (their scope; instructors only those they are staff of), for other
 * capabilities: those held in a unit, or one by id.
 */
@Injectable()
export class ClassDirectory {
  constructor(private readonly classes: ClassRepository) {}

  async under(path: string, caller: Caller): Promise<ClassListing[]> {
    const rows = await this.classes.page({ underPath: path, limit: MAX_CLASSES }, reachOf(caller));
    return rows.map(listing);
  }

  /** The classes a caller reaches that are held at the unit itself (a commune's own, for no one village). */
  async at(path: string, caller: Caller): Promise<ClassListing[]> {
    const rows = await this.classes.page({ atPath: path, limit: MAX_CLASSES }, reachOf(caller));
    return rows.map(listing);
  }

  async one(id: string, caller: Caller): Promise<ClassListing | null> {
    const row = await this.classes.findInReach(id, reachOf(caller));
    return row ? listing(row) : null;
  }
}

function listing(c: ClassEntity): ClassListing {
  return { id: c.id, name: c.name, communeCode: c.communeCode, villageCode: c.villageCode, path: c.path, status: c.status };
}

/** What other capabilities read of classes, without its routes. */
@Module({ providers: [ParticipationFacts, ClassDirectory, ClassRepository], exports: [ParticipationFacts, ClassDirectory] })
export class ClassesReadersModule {}
