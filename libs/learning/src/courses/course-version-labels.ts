import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CourseVersionStatus } from './course-version.entity';
import { CourseVersionRepository } from './course-version.repository';
import { CourseRepository } from './course.repository';
import { LessonRepository } from './lesson.repository';
import { QuestionRepository } from './question.repository';
import { QuizRepository } from './quiz.repository';
import { CompletionFacts } from '../completion/completion-facts';

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

  /** The competencies a version's lessons teach, in framework order (what a certificate attests). */
  async competenciesOf(versionId: string, manager?: EntityManager): Promise<Array<{ code: string; name: string }>> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT c.code, c.name FROM learning_competencies c
        WHERE c.code IN (SELECT lc.competency_code FROM learning_lessons l JOIN learning_lesson_competencies lc ON lc.lesson_id = l.id WHERE l.version_id = $1)
        ORDER BY c.position, c.code`,
      [versionId],
    );
  }
}

/** A course version as another capability checks it (classes: may a class in this province teach it?). */
export interface CourseVersionOffer {
  versionId: string;
  courseId: string;
  status: CourseVersionStatus;
  /** The province offering the course; null: national. */
  offeredByProvince: string | null;
}

/** Reads course versions and their lessons for other capabilities (classes' checks and session views). */
@Injectable()
export class CourseVersionReader {
  constructor(
    private readonly versions: CourseVersionRepository,
    private readonly courses: CourseRepository,
    private readonly lessons: LessonRepository,
  ) {}

  /** A version with the province offering its course (null when the version is unknown). */
  async offer(versionId: string, manager?: EntityManager): Promise<CourseVersionOffer | null> {
    const version = await this.versions.findVersion(versionId, manager);
    const course = version ? await this.courses.findCourse(version.courseId, manager) : null;
    if (!version || !course) return null;
    return { versionId: version.id, courseId: course.id, status: version.status, offeredByProvince: course.offeredByProvince };
  }

  /** The titles of a version's lessons by id, in lesson order. */
  async lessonTitles(versionId: string, manager?: EntityManager): Promise<Map<string, string>> {
    const outlines = await this.lessons.lessonOutlinesOfVersion(versionId, manager);
    return new Map(outlines.map(({ lesson }) => [lesson.id, lesson.title]));
  }
}

const READERS = [CourseVersionLabels, CourseVersionReader, CourseVersionRepository, CourseRepository, LessonRepository, QuestionRepository, QuizRepository];

/** What other capabilities (and the worker) read of learning, without its routes. */
@Module({ providers: [...READERS, CompletionFacts], exports: [CourseVersionLabels, CourseVersionReader, CompletionFacts] })
export class LearningReadersModule {}
