import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { lessonContentHash } from './lesson-content-hash';
import {
  CompetencyEntity,
  CourseEntity,
  CourseVersionEntity,
  DomainEntity,
  LessonCompetencyEntity,
  LessonEntity,
  QuestionEntity,
  QuizEntity,
} from './course.entities';

/** A quiz with the version and course it belongs to. */
export interface QuizInContext {
  quiz: QuizEntity;
  version: CourseVersionEntity;
  course: CourseEntity;
}

/** A course as the catalogue lists it: its current published version (with totals) and its draft, if any. */
export interface CourseListRow {
  course: CourseEntity;
  current: (CourseVersionEntity & { lessonCount: number; estimatedMinutes: number }) | null;
  draft: CourseVersionEntity | null;
}

/** Which courses a list may hold: every one, or the national ones and those of some provinces. */
export type CourseReach = { kind: 'all' } | { kind: 'provinces'; provinces: readonly string[] };

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

/**
 * All data access of the course aggregate (courses, versions, lessons, lesson competencies, question
 * bank, quiz definitions). Pass a transaction's manager to read inside it.
 */
@Injectable()
export class CourseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findCourse(id: string, manager?: EntityManager): Promise<CourseEntity | null> {
    return this.m(manager).findOne(CourseEntity, { where: { id } });
  }

  findVersion(id: string, manager?: EntityManager): Promise<CourseVersionEntity | null> {
    return this.m(manager).findOne(CourseVersionEntity, { where: { id } });
  }

  /** The course's current published version, if any. */
  findCurrentVersion(courseId: string, manager?: EntityManager): Promise<CourseVersionEntity | null> {
    return this.m(manager).findOne(CourseVersionEntity, { where: { courseId, status: 'published' } });
  }

  async findQuizInContext(quizId: string, manager?: EntityManager): Promise<QuizInContext | null> {
    const quiz = await this.m(manager).findOne(QuizEntity, { where: { id: quizId } });
    if (!quiz) return null;
    const version = await this.m(manager).findOneOrFail(CourseVersionEntity, { where: { id: quiz.versionId } });
    const course = await this.m(manager).findOneOrFail(CourseEntity, { where: { id: version.courseId } });
    return { quiz, version, course };
  }

  quizzesOfVersion(versionId: string, manager?: EntityManager): Promise<QuizEntity[]> {
    return this.m(manager).find(QuizEntity, { where: { versionId } });
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

  /** The version's question bank (or one lesson's part of it), ordered by key: the order draws start from. */
  questionsOf(versionId: string, lessonId?: string, manager?: EntityManager): Promise<QuestionEntity[]> {
    return this.m(manager).find(QuestionEntity, { where: lessonId ? { versionId, lessonId } : { versionId }, order: { key: 'ASC' } });
  }

  competencies(manager?: EntityManager): Promise<CompetencyEntity[]> {
    return this.m(manager).find(CompetencyEntity, { order: { domainCode: 'ASC', position: 'ASC' } });
  }
  // ---- framework ----

  domains(manager?: EntityManager): Promise<DomainEntity[]> {
    return this.m(manager).find(DomainEntity, { order: { position: 'ASC' } });
  }

  /** The codes among `codes` that are not competencies of the framework. */
  async unknownCompetencies(codes: readonly string[], manager?: EntityManager): Promise<string[]> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return [];
    const rows: Array<{ code: string }> = await this.m(manager).query('SELECT code FROM learning_competencies WHERE code = ANY($1::text[])', [wanted]);
    const known = new Set(rows.map((r) => r.code));
    return wanted.filter((c) => !known.has(c));
  }

  async provinceExists(code: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query('SELECT 1 FROM geo_provinces WHERE code = $1', [code]);
    return rows.length === 1;
  }

  // ---- courses ----

  /**
   * Courses within reach (national ones and those offered by the given provinces) with their current
   * published version (lesson count and total minutes) and their draft, ordered by code.
   */
  async listCourses(reach: CourseReach, manager?: EntityManager): Promise<CourseListRow[]> {
    const rows: Array<Record<string, unknown>> = await this.m(manager).query(
      `SELECT c.id, c.code, c.offered_by_province, c.created_by, c.created_at,
              row_to_json(p) AS current, row_to_json(d) AS draft,
              (SELECT count(*)::int FROM learning_lessons l WHERE l.version_id = p.id) AS lesson_count,
              (SELECT coalesce(sum(l.estimated_minutes), 0)::int FROM learning_lessons l WHERE l.version_id = p.id) AS estimated_minutes
         FROM learning_courses c
         LEFT JOIN learning_course_versions p ON p.course_id = c.id AND p.status = 'published'
         LEFT JOIN learning_course_versions d ON d.course_id = c.id AND d.status = 'draft'
        WHERE $1::boolean OR c.offered_by_province IS NULL OR c.offered_by_province = ANY($2::text[])
        ORDER BY c.code`,
      [reach.kind === 'all', reach.kind === 'all' ? [] : reach.provinces],
    );
    return rows.map((r) => ({
      course: Object.assign(new CourseEntity(), {
        id: r.id as string,
        code: r.code as string,
        offeredByProvince: r.offered_by_province as string | null,
        createdBy: r.created_by as string | null,
        createdAt: r.created_at as Date,
      }),
      current: r.current
        ? { ...versionFromJson(r.current as Record<string, unknown>), lessonCount: r.lesson_count as number, estimatedMinutes: r.estimated_minutes as number }
        : null,
      draft: r.draft ? versionFromJson(r.draft as Record<string, unknown>) : null,
    }));
  }

  /** The course row, locked for the rest of the transaction (drafts, publishing). */
  lockCourse(tx: EntityManager, id: string): Promise<CourseEntity | null> {
    return tx.getRepository(CourseEntity).createQueryBuilder('c').where('c.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async insertCourse(tx: EntityManager, course: Pick<CourseEntity, 'id' | 'code' | 'offeredByProvince' | 'createdBy'>): Promise<void> {
    await tx.insert(CourseEntity, course);
  }

  // ---- versions ----

  findDraft(courseId: string, manager?: EntityManager): Promise<CourseVersionEntity | null> {
    return this.m(manager).findOne(CourseVersionEntity, { where: { courseId, status: 'draft' } });
  }

  /** The version row, locked for the rest of the transaction: every change of a version's content takes it first. */
  lockVersion(tx: EntityManager, id: string): Promise<CourseVersionEntity | null> {
    return tx.getRepository(CourseVersionEntity).createQueryBuilder('v').where('v.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async nextVersionNumber(tx: EntityManager, courseId: string): Promise<number> {
    const [row] = await tx.query('SELECT coalesce(max(number), 0) + 1 AS n FROM learning_course_versions WHERE course_id = $1', [courseId]);
    return Number(row.n);
  }

  async insertDraft(tx: EntityManager, v: Pick<CourseVersionEntity, 'id' | 'courseId' | 'number' | 'title' | 'summary' | 'sequential'>): Promise<void> {
    await tx.insert(CourseVersionEntity, { ...v, status: 'draft' });
  }

  async updateVersion(tx: EntityManager, id: string, fields: Partial<Pick<CourseVersionEntity, 'title' | 'summary' | 'sequential'>>): Promise<void> {
    await tx.query(
      `UPDATE learning_course_versions SET title = coalesce($2, title), summary = coalesce($3, summary),
         sequential = coalesce($4, sequential), updated_at = now() WHERE id = $1`,
      [id, fields.title ?? null, fields.summary ?? null, fields.sequential ?? null],
    );
  }

  /** Marks the version changed (its content was edited). */
  async touchVersion(tx: EntityManager, id: string): Promise<void> {
    await tx.query('UPDATE learning_course_versions SET updated_at = now() WHERE id = $1', [id]);
  }

  /** Publishing: the course's current version (if any) becomes retired, this one published. Returns the retired version's id. */
  async publish(tx: EntityManager, versionId: string, courseId: string, by: string | null): Promise<string | null> {
    const retired: Array<{ id: string }> = await tx.query(
      `UPDATE learning_course_versions SET status = 'retired', updated_at = now()
        WHERE course_id = $1 AND status = 'published' RETURNING id`,
      [courseId],
    );
    await tx.query(
      `UPDATE learning_course_versions SET status = 'published', published_at = now(), published_by = $2, updated_at = now()
        WHERE id = $1 AND status = 'draft'`,
      [versionId, by],
    );
    return retired[0]?.id ?? null;
  }

  /**
   * Copies a version's content into another (a new draft): lessons with their competencies, the
   * question bank and the quizzes, each with a new id (`newId`), links remapped.
   */
  async copyContent(tx: EntityManager, fromVersionId: string, toVersionId: string, newId: () => string): Promise<void> {
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
    const questions = await this.questionsOf(fromVersionId, undefined, tx);
    if (questions.length) {
      await tx.insert(
        QuestionEntity,
        questions.map((q) => ({ ...q, id: newId(), versionId: toVersionId, lessonId: mapLesson(q.lessonId) })),
      );
    }
    const quizzes = await this.quizzesOfVersion(fromVersionId, tx);
    if (quizzes.length) {
      await tx.insert(
        QuizEntity,
        quizzes.map((q) => ({ ...q, id: newId(), versionId: toVersionId, lessonId: q.lessonId ? mapLesson(q.lessonId) : null })),
      );
    }
  }

  // ---- lessons ----

  findLesson(id: string, manager?: EntityManager): Promise<LessonEntity | null> {
    return this.m(manager).findOne(LessonEntity, { where: { id } });
  }

  async lessonCompetencies(lessonId: string, manager?: EntityManager): Promise<string[]> {
    const links = await this.m(manager).find(LessonCompetencyEntity, { where: { lessonId }, order: { competencyCode: 'ASC' } });
    return links.map((l) => l.competencyCode);
  }

  async countLessons(versionId: string, manager?: EntityManager): Promise<number> {
    return this.m(manager).count(LessonEntity, { where: { versionId } });
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

  /** True when another lesson of the version has this slug. */
  async lessonSlugTaken(versionId: string, slug: string, exceptId: string | null, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      'SELECT 1 FROM learning_lessons WHERE version_id = $1 AND slug = $2 AND id IS DISTINCT FROM $3::uuid',
      [versionId, slug, exceptId],
    );
    return rows.length > 0;
  }

  // ---- questions ----

  findQuestion(id: string, manager?: EntityManager): Promise<QuestionEntity | null> {
    return this.m(manager).findOne(QuestionEntity, { where: { id } });
  }

  /** Keys of the lesson's questions whose competency is not among `codes`. */
  async questionsOutsideCompetencies(lessonId: string, codes: readonly string[], manager?: EntityManager): Promise<string[]> {
    const rows: Array<{ key: string }> = await this.m(manager).query(
      'SELECT key FROM learning_questions WHERE lesson_id = $1 AND NOT (competency_code = ANY($2::text[])) ORDER BY key',
      [lessonId, [...codes]],
    );
    return rows.map((r) => r.key);
  }

  /** True when another question of the version's bank has this key. */
  async questionKeyTaken(versionId: string, key: string, exceptId: string | null, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      'SELECT 1 FROM learning_questions WHERE version_id = $1 AND key = $2 AND id IS DISTINCT FROM $3::uuid',
      [versionId, key, exceptId],
    );
    return rows.length > 0;
  }

  findCourseByCode(code: string, manager?: EntityManager): Promise<CourseEntity | null> {
    return this.m(manager).findOne(CourseEntity, { where: { code } });
  }

  async insertQuestion(tx: EntityManager, q: QuestionEntity): Promise<void> {
    await tx.insert(QuestionEntity, q);
  }

  async updateQuestion(tx: EntityManager, id: string, fields: Partial<Omit<QuestionEntity, 'id' | 'versionId'>>): Promise<void> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await tx.update(QuestionEntity, { id }, set);
  }

  async deleteQuestion(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(QuestionEntity, { id });
  }

  // ---- quizzes ----

  findQuiz(id: string, manager?: EntityManager): Promise<QuizEntity | null> {
    return this.m(manager).findOne(QuizEntity, { where: { id } });
  }

  async insertQuiz(tx: EntityManager, q: QuizEntity): Promise<void> {
    await tx.insert(QuizEntity, q);
  }

  async updateQuiz(tx: EntityManager, id: string, fields: Partial<Omit<QuizEntity, 'id' | 'versionId' | 'kind' | 'lessonId'>>): Promise<void> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await tx.update(QuizEntity, { id }, set);
  }

  async deleteQuiz(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(QuizEntity, { id });
  }
}

/** A version row as row_to_json gives it (snake_case, timestamps as text). */
function versionFromJson(j: Record<string, unknown>): CourseVersionEntity {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return Object.assign(new CourseVersionEntity(), {
    id: j.id as string,
    courseId: j.course_id as string,
    number: j.number as number,
    status: j.status as CourseVersionEntity['status'],
    title: j.title as string,
    summary: j.summary as string,
    sequential: j.sequential as boolean,
    createdAt: date(j.created_at) as Date,
    updatedAt: date(j.updated_at) as Date,
    publishedAt: date(j.published_at),
    publishedBy: (j.published_by as string | null) ?? null,
  });
}
