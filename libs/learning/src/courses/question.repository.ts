import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { QuestionEntity } from './question.entity';

/** The only data access of a version's question bank (learning_questions). */
@Injectable()
export class QuestionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findQuestion(id: string, manager?: EntityManager): Promise<QuestionEntity | null> {
    return this.m(manager).findOne(QuestionEntity, { where: { id } });
  }

  /** The version's question bank (or one lesson's part of it), ordered by key: the order draws start from. */
  questionsOf(versionId: string, lessonId?: string, manager?: EntityManager): Promise<QuestionEntity[]> {
    return this.m(manager).find(QuestionEntity, { where: lessonId ? { versionId, lessonId } : { versionId }, order: { key: 'ASC' } });
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

  /** Copies a version's question bank into another version, each question with a new id and its lesson remapped. */
  async copyQuestions(tx: EntityManager, fromVersionId: string, toVersionId: string, newId: () => string, mapLesson: (id: string) => string): Promise<void> {
    const questions = await this.questionsOf(fromVersionId, undefined, tx);
    if (questions.length) {
      await tx.insert(
        QuestionEntity,
        questions.map((q) => ({ ...q, id: newId(), versionId: toVersionId, lessonId: mapLesson(q.lessonId) })),
      );
    }
  }
}
