import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Reads which residents completed a course (any version), for statistics (reporting's projection and its recount). */
@Injectable()
export class CompletionFacts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The residents among `ids` who completed at least one course. */
  async completedAmong(ids: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT DISTINCT resident_id AS id FROM learning_course_completions WHERE resident_id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Set(rows.map((r) => r.id));
  }
}
