import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CompetencyEntity,
  CourseEntity,
  CourseVersionEntity,
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
}
