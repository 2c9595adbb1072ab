import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LessonCompetencyEntity } from './lesson-competency.entity';
import { lessonContentHash } from './lesson-content-hash';
import { LessonEntity } from './lesson.entity';

/** A lesson without its content. */
export type LessonOutline = Omit<LessonEntity, 'contentMd'>;

/** A lesson outline with its competency codes. */
export interface LessonOutlineWithCompetencies {
  lesson: LessonOutline;
  competencies: string[];
}

/** A lesson with its competency codes. */
export interface LessonWithCompetencies {
  lesson: LessonEntity;
  competencies: string[];
}

/** The only data access of lessons and their competencies (learning_lessons, learning_lesson_competencies). */
@Injectable()
export class LessonRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findLesson(id: string, manager?: EntityManager): Promise<LessonEntity | null> {
    return this.m(manager).findOne(LessonEntity, { where: { id } });
  }

  /** The version's lessons in order, with their competency codes. */
  async lessonsOfVersion(versionId: string, manager?: EntityManager): Promise<LessonWithCompetencies[]> {
    const lessons = await this.m(manager).find(LessonEntity, { where: { versionId }, order: { position: 'ASC' } });
    return this.withCompetencies(lessons, manager);
  }

  /** The version's lessons in order with their competency codes, without their content (outlines, lock checks). */
  async lessonOutlinesOfVersion(versionId: string, manager?: EntityManager): Promise<LessonOutlineWithCompetencies[]> {
    const lessons = await this.m(manager).find(LessonEntity, {
      select: { id: true, versionId: true, position: true, slug: true, title: true, estimatedMinutes: true, contentHash: true },
      where: { versionId },
      order: { position: 'ASC' },
    });
    return this.withCompetencies(lessons as LessonOutline[], manager);
  }

  private async withCompetencies<L extends LessonOutline>(lessons: L[], manager?: EntityManager): Promise<Array<{ lesson: L; competencies: string[] }>> {
    if (lessons.length === 0) return [];
    const links = await this.m(manager)
      .createQueryBuilder(LessonCompetencyEntity, 'lc')
      .where('lc.lesson_id IN (:...ids)', { ids: lessons.map((l) => l.id) })
      .orderBy('lc.competency_code')
      .getMany();
    return lessons.map((lesson) => ({ lesson, competencies: links.filter((l) => l.lessonId === lesson.id).map((l) => l.competencyCode) }));
  }

  async lessonCompetencies(lessonId: string, manager?: EntityManager): Promise<string[]> {
    const links = await this.m(manager).find(LessonCompetencyEntity, { where: { lessonId }, order: { competencyCode: 'ASC' } });
    return links.map((l) => l.competencyCode);
  }

  async countLessons(versionId: string, manager?: EntityManager): Promise<number> {
    return this.m(manager).count(LessonEntity, { where: { versionId } });
  }

  /** True when another lesson of the version has this slug. */
  async lessonSlugTaken(versionId: string, slug: string, exceptId: string | null, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      'SELECT 1 FROM learning_lessons WHERE version_id = $1 AND slug = $2 AND id IS DISTINCT FROM $3::uuid',
      [versionId, slug, exceptId],
    );
    return rows.length > 0;
  }

  async insertLesson(tx: EntityManager, lesson: Omit<LessonEntity, 'contentHash'>, competencies: readonly string[]): Promise<void> {
    await tx.insert(LessonEntity, { ...lesson, contentHash: '' });
    await this.setLessonCompetencies(tx, lesson.id, competencies);
  }

  async updateLesson(
    tx: EntityManager,
    id: string,
    fields: Partial<Pick<LessonEntity, 'slug' | 'title' | 'contentMd' | 'estimatedMinutes' | 'position'>>,
  ): Promise<void> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await tx.update(LessonEntity, { id }, set);
  }

  async setLessonCompetencies(tx: EntityManager, lessonId: string, codes: readonly string[]): Promise<void> {
    await tx.delete(LessonCompetencyEntity, { lessonId });
    if (codes.length) await tx.insert(LessonCompetencyEntity, codes.map((competencyCode) => ({ lessonId, competencyCode })));
  }

  /** Deletes a lesson; its competencies, questions and lesson check go with it (foreign keys cascade). */
  async deleteLesson(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(LessonEntity, { id });
  }

  /** Moves the lessons at positions from..to (inclusive) by `delta` (the position constraint is checked at commit). */
  async shiftLessons(tx: EntityManager, versionId: string, from: number, to: number, delta: number): Promise<void> {
    if (from > to) return;
    await tx.query('UPDATE learning_lessons SET position = position + $4 WHERE version_id = $1 AND position BETWEEN $2 AND $3', [versionId, from, to, delta]);
  }

  /** Recomputes the content hash (ETag) of every lesson of a version whose content or position changed. */
  async refreshContentHashes(tx: EntityManager, versionId: string): Promise<void> {
    for (const { lesson, competencies } of await this.lessonsOfVersion(versionId, tx)) {
      const hash = lessonContentHash({ ...lesson, competencies });
      if (hash !== lesson.contentHash) await tx.update(LessonEntity, { id: lesson.id }, { contentHash: hash });
    }
  }

  /** Copies a version's lessons with their competencies into another version, each with a new id. Returns old id → new id. */
  async copyLessons(tx: EntityManager, fromVersionId: string, toVersionId: string, newId: () => string): Promise<Map<string, string>> {
    const lessons = await this.lessonsOfVersion(fromVersionId, tx);
    const lessonIds = new Map(lessons.map(({ lesson }) => [lesson.id, newId()]));
    const mapLesson = (id: string) => lessonIds.get(id) as string;
    if (lessons.length) {
      await tx.insert(
        LessonEntity,
        lessons.map(({ lesson }) => ({ ...lesson, id: mapLesson(lesson.id), versionId: toVersionId })),
      );
      const links = lessons.flatMap(({ lesson, competencies }) => competencies.map((competencyCode) => ({ lessonId: mapLesson(lesson.id), competencyCode })));
      if (links.length) await tx.insert(LessonCompetencyEntity, links);
    }
    return lessonIds;
  }
}
