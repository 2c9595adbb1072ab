import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** How a course version is named outside learning: the course's code and the version's number and title. */
export interface CourseVersionLabel {
  versionId: string;
  courseCode: string;
  number: number;
  title: string;
}

/** Reads course versions' labels for other capabilities (certificates name the exact version taken). */
@Injectable()
export class CourseVersionLabels {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(versionIds: readonly string[], manager?: EntityManager): Promise<Map<string, CourseVersionLabel>> {
    if (versionIds.length === 0) return new Map();
    const rows: Array<{ id: string; code: string; number: number; title: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT v.id, c.code, v.number, v.title FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id
        WHERE v.id = ANY($1::uuid[])`,
      [versionIds],
    );
    return new Map(rows.map((r) => [r.id, { versionId: r.id, courseCode: r.code, number: r.number, title: r.title }]));
  }
}

/** What other capabilities (and the worker) read of learning, without its routes. */
@Module({ providers: [CourseVersionLabels], exports: [CourseVersionLabels] })
export class LearningReadersModule {}
