import { Injectable } from '@nestjs/common';
import { AppError, commonError, type Caller } from '@hvs/platform';
import { LearningErrors } from '../learning-errors';
import { blockingLesson } from '../progress/lesson-locks';
import { ProgressRepository } from '../progress/progress.repository';
import { CourseAccess, type Viewer } from './course-access';
import type { CourseVersionEntity } from './course-version.entity';
import type { CourseEntity } from './course.entity';
import { FrameworkRepository } from './framework.repository';
import { CourseRepository } from './course.repository';
import { CourseVersionRepository } from './course-version.repository';
import { LessonRepository } from './lesson.repository';
import { QuestionRepository } from './question.repository';
import { QuizRepository } from './quiz.repository';
import { lessonView, questionAuthorView, versionView } from './course-views';
import type { CourseDetailView, CourseListItemView, CourseListView, FrameworkView, LessonView, QuestionBankView, VersionView } from './courses.dto';

/** A lesson read: the view, its ETag and how long it may be cached. */
export interface LessonRead {
  view: LessonView;
  etag: string;
  cacheControl: string;
}

/** Lessons of published (and retired) versions never change: a client keeps them for a day without asking. */
export const IMMUTABLE_LESSON_CACHE = 'private, max-age=86400, immutable';
/** Drafts change: a client asks every time (and gets 304 while the ETag matches). */
export const DRAFT_LESSON_CACHE = 'private, no-cache';

/** The catalogue: the framework, courses, versions and lessons as each caller may see them. */
@Injectable()
export class CourseCatalogService {
  constructor(
    private readonly frameworks: FrameworkRepository,
    private readonly courses: CourseRepository,
    private readonly versions: CourseVersionRepository,
    private readonly lessons: LessonRepository,
    private readonly questions: QuestionRepository,
    private readonly quizzes: QuizRepository,
    private readonly progress: ProgressRepository,
    private readonly access: CourseAccess,
  ) {}

  async framework(): Promise<FrameworkView> {
    const [domains, competencies] = await Promise.all([this.frameworks.domains(), this.frameworks.competencies()]);
    return {
      domains: domains.map((d) => ({
        code: d.code,
        name: d.name,
        description: d.description,
        competencies: competencies.filter((c) => c.domainCode === d.code).map((c) => ({ code: c.code, name: c.name })),
      })),
    };
  }

  /** Courses the caller sees that have a published version; authors also those with only a draft, and their drafts. */
  async list(caller: Caller): Promise<CourseListView> {
    const viewer = await this.access.viewer(caller);
    const rows = await this.courses.listCourses(this.access.reach(viewer));
    const items: CourseListItemView[] = [];
    for (const { course, current, draft } of rows) {
      if (!this.access.sees(viewer, course)) continue;
      const author = this.access.isAuthor(caller, course);
      if (!current && !(author && draft)) continue;
      const shown = (current ?? draft) as CourseVersionEntity;
      items.push({
        id: course.id,
        code: course.code,
        title: shown.title,
        summary: shown.summary,
        offeredByProvince: course.offeredByProvince,
        currentVersion: current
          ? {
              id: current.id,
              number: current.number,
              publishedAt: (current.publishedAt as Date).toISOString(),
              lessonCount: current.lessonCount,
              estimatedMinutes: current.estimatedMinutes,
            }
          : null,
        ...(author ? { draftVersionId: draft?.id ?? null } : {}),
      });
    }
    return { items };
  }

  async course(courseId: string, caller: Caller): Promise<CourseDetailView> {
    const viewer = await this.access.viewer(caller);
    const { course, current, author } = await this.access.visibleCourse(courseId, viewer);
    const draft = author ? await this.versions.findDraft(course.id) : null;
    return this.courseView(course, current ? await this.versionDetail(current) : null, author, draft);
  }

  courseView(course: CourseEntity, version: VersionView | null, author: boolean, draft: CourseVersionEntity | null): CourseDetailView {
    const shown = version ?? draft;
    return {
      id: course.id,
      code: course.code,
      title: shown?.title ?? '',
      summary: shown?.summary ?? '',
      offeredByProvince: course.offeredByProvince,
      version,
      ...(author ? { draftVersionId: draft?.id ?? null } : {}),
    };
  }

  async version(versionId: string, caller: Caller): Promise<VersionView> {
    const { version } = await this.access.readableVersion(versionId, await this.access.viewer(caller));
    return this.versionDetail(version);
  }

  async versionDetail(version: CourseVersionEntity): Promise<VersionView> {
    const [lessons, quizzes] = await Promise.all([this.lessons.lessonOutlinesOfVersion(version.id), this.quizzes.quizzesOfVersion(version.id)]);
    return versionView(version, lessons, quizzes);
  }

  /** The question bank with its answer key: authors of the course only. */
  async questionBank(versionId: string, caller: Caller): Promise<QuestionBankView> {
    const viewer = await this.access.viewer(caller);
    const { version, author } = await this.access.readableVersion(versionId, viewer);
    if (!author) throw commonError(403, 'FORBIDDEN', { reason: 'only the course\'s authors read its answer keys' });
    return { items: (await this.questions.questionsOf(version.id)).map(questionAuthorView) };
  }

  /**
   * One lesson with its content. A resident in a sequential version reads a lesson once the one before
   * it is completed (409 LESSON_LOCKED otherwise); staff read every lesson of a course they see.
   */
  async lesson(lessonId: string, caller: Caller): Promise<LessonRead> {
    const lesson = await this.lessons.findLesson(lessonId);
    if (!lesson) throw LearningErrors.lessonNotFound(lessonId);
    const viewer = await this.access.viewer(caller);
    let version: CourseVersionEntity;
    try {
      ({ version } = await this.access.readableVersion(lesson.versionId, viewer));
    } catch (err) {
      throw err instanceof AppError && err.status === 404 ? LearningErrors.lessonNotFound(lessonId) : err;
    }
    if (this.access.isResident(viewer) && version.sequential && lesson.position > 1) await this.checkOpen(viewer, version, lesson.id);
    return {
      view: lessonView(lesson, await this.lessons.lessonCompetencies(lesson.id)),
      etag: `"${lesson.contentHash}"`,
      cacheControl: version.status === 'draft' ? DRAFT_LESSON_CACHE : IMMUTABLE_LESSON_CACHE,
    };
  }

  private async checkOpen(viewer: Viewer, version: CourseVersionEntity, lessonId: string): Promise<void> {
    const lessons = (await this.lessons.lessonOutlinesOfVersion(version.id)).map((l) => l.lesson);
    const done = viewer.residentId ? await this.progress.lessonProgressOf(viewer.residentId, version.id) : [];
    const status = new Map(done.map((p) => [p.lessonId, p.status]));
    const previous = blockingLesson(lessons, lessonId, (id) => status.get(id) ?? 'not_started', version.sequential);
    if (previous) throw LearningErrors.lessonLocked(previous);
  }
}
