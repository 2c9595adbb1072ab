import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CourseVersionEntity } from './course-version.entity';
import { LessonRepository } from './lesson.repository';
import { QuestionRepository } from './question.repository';
import { QuizRepository } from './quiz.repository';

/**
 * The only data access of course versions (learning_course_versions): finding, locking, drafting,
 * publishing. A new draft's content is copied through the lesson, question and quiz repositories.
 */
@Injectable()
export class CourseVersionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lessons: LessonRepository,
    private readonly questions: QuestionRepository,
    private readonly quizzes: QuizRepository,
  ) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findVersion(id: string, manager?: EntityManager): Promise<CourseVersionEntity | null> {
    return this.m(manager).findOne(CourseVersionEntity, { where: { id } });
  }

  /** The course's current published version, if any. */
  findCurrentVersion(courseId: string, manager?: EntityManager): Promise<CourseVersionEntity | null> {
    return this.m(manager).findOne(CourseVersionEntity, { where: { courseId, status: 'published' } });
  }

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
    const lessonIds = await this.lessons.copyLessons(tx, fromVersionId, toVersionId, newId);
    const mapLesson = (id: string) => lessonIds.get(id) as string;
    await this.questions.copyQuestions(tx, fromVersionId, toVersionId, newId, mapLesson);
    await this.quizzes.copyQuizzes(tx, fromVersionId, toVersionId, newId, mapLesson);
  }
}
