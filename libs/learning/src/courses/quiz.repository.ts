import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CourseVersionEntity } from './course-version.entity';
import { CourseEntity } from './course.entity';
import { QuizEntity } from './quiz.entity';

/** A quiz with the version and course it belongs to. */
export interface QuizInContext {
  quiz: QuizEntity;
  version: CourseVersionEntity;
  course: CourseEntity;
}

/** The only data access of quiz definitions (learning_quizzes). */
@Injectable()
export class QuizRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findQuiz(id: string, manager?: EntityManager): Promise<QuizEntity | null> {
    return this.m(manager).findOne(QuizEntity, { where: { id } });
  }

  /** A quiz with its version and course (the version and course rows read as their entities). */
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

  /** Copies a version's quizzes into another version, each with a new id and its lesson remapped. */
  async copyQuizzes(tx: EntityManager, fromVersionId: string, toVersionId: string, newId: () => string, mapLesson: (id: string) => string): Promise<void> {
    const quizzes = await this.quizzesOfVersion(fromVersionId, tx);
    if (quizzes.length) {
      await tx.insert(
        QuizEntity,
        quizzes.map((q) => ({ ...q, id: newId(), versionId: toVersionId, lessonId: q.lessonId ? mapLesson(q.lessonId) : null })),
      );
    }
  }
}
