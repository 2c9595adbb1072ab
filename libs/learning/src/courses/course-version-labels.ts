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
  /** The competencies the version's lessons teach, by framework order (what a certificate attests). */
  competencies: Array<{ code: string; name: string }>;
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
    const taught: Array<{ version_id: string; code: string; name: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT DISTINCT l.version_id, c.code, c.name, c.position FROM learning_lessons l
         JOIN learning_lesson_competencies lc ON lc.lesson_id = l.id JOIN learning_competencies c ON c.code = lc.competency_code
        WHERE l.version_id = ANY($1::uuid[]) ORDER BY c.position, c.code`,
      [versionIds],
    );
    const competencies = (versionId: string) => taught.filter((t) => t.version_id === versionId).map((t) => ({ code: t.code, name: t.name }));
    return new Map(rows.map((r) => [r.id, { versionId: r.id, courseCode: r.code, number: r.number, title: r.title, competencies: competencies(r.id) }]));
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
