import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ResidentErrors, ResidentRepository } from '@hvs/identity';
import { AuditLog, transactionWithRetry, type Caller } from '@hvs/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CourseCompletion } from '../completion/course-completion.service';
import { CourseRepository } from '../courses/course.repository';
import { CourseVersionRepository } from '../courses/course-version.repository';
import { LessonRepository } from '../courses/lesson.repository';
import { QuizRepository } from '../courses/quiz.repository';
import { courseVisibleToResident } from '../courses/course-visibility';
import { Learners, type Learner } from '../learners/learners';
import { LearningErrors } from '../learning-errors';
import { blockingLesson, lessonStates } from './lesson-locks';
import type { ProgressEntity } from './progress.entity';
import type { CourseProgressView, LessonProgressBody, LessonProgressView } from './progress.dto';
import { ProgressRepository } from './progress.repository';

function progressView(p: ProgressEntity): LessonProgressView {
  return {
    lessonId: p.lessonId,
    status: p.status,
    timeSpentS: p.timeSpentS,
    startedAt: p.startedAt.toISOString(),
    completedAt: p.completedAt ? p.completedAt.toISOString() : null,
  };
}

/**
 * Lesson progress: residents (or the staff helping them) report a lesson started or completed and the
 * time spent; the resident's standing in the course version is kept with it. Reads of a resident's
 * standing for the resident and for staff in scope.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly courses: CourseRepository,
    private readonly versions: CourseVersionRepository,
    private readonly lessons: LessonRepository,
    private readonly quizzes: QuizRepository,
    private readonly progress: ProgressRepository,
    private readonly learners: Learners,
    private readonly residents: ResidentRepository,
    private readonly completion: CourseCompletion,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Records a lesson report. The lesson must be of a published version of a course the resident may
   * take (or of a retired one they already started), and open (sequential: the previous lesson
   * completed, else 409 LESSON_LOCKED). Reports of one resident in one version are serialised on their
   * course-progress row, so duplicates sent at once count a completion once. A completed lesson may
   * complete the course (self-paced): the rule is evaluated in the same transaction (CourseCompletion).
   */
  async report(lessonId: string, body: LessonProgressBody, caller: Caller): Promise<LessonProgressView> {
    const learner = await this.learners.resolve(caller, body.residentId);
    const lesson = await this.lessons.findLesson(lessonId);
    const version = lesson ? await this.versions.findVersion(lesson.versionId) : null;
    const course = version ? await this.courses.findCourse(version.courseId) : null;
    if (!lesson || !version || !course || version.status === 'draft' || !courseVisibleToResident(course.offeredByProvince, learner.provinceCode)) {
      throw LearningErrors.lessonNotFound(lessonId);
    }
    if (version.status === 'retired' && !(await this.progress.courseProgressOf(learner.residentId, version.id))) {
      throw LearningErrors.versionRetired(version.id);
    }
    // the standing row, then the completion lock (CourseCompletion): the order of every writer of completion facts
    const saved = await transactionWithRetry(this.dataSource, async (tx) => {
      await this.progress.startAndLockCourseProgress(tx, learner.residentId, version.id, learner.path);
      if (version.sequential) {
        const lessons = (await this.lessons.lessonOutlinesOfVersion(version.id, tx)).map((l) => l.lesson);
        const done = new Map((await this.progress.lessonProgressOf(learner.residentId, version.id, tx)).map((p) => [p.lessonId, p.status]));
        const previous = blockingLesson(lessons, lesson.id, (id) => done.get(id) ?? 'not_started', true);
        if (previous) throw LearningErrors.lessonLocked(previous);
      }
      const row = await this.progress.recordLessonProgress(tx, {
        residentId: learner.residentId,
        lessonId: lesson.id,
        versionId: version.id,
        path: learner.path,
        status: body.status,
        addSeconds: body.timeSpentS ?? 0,
      });
      if (learner.assistedBy) await this.auditAssisted(caller, learner, lesson.id, body, tx);
      // a completed lesson can complete the course (self-paced rule): evaluated under its lock, in this transaction
      if (row.status === 'completed') await this.completion.evaluate(tx, [{ residentId: learner.residentId, versionId: version.id }]);
      return row;
    }, { name: 'lesson progress' });
    return progressView(saved);
  }

  /** The caller's own standing in a course (residents). */
  async own(courseId: string, caller: Caller): Promise<CourseProgressView> {
    const learner = await this.learners.resolve(caller);
    return this.standing(learner.residentId, learner.provinceCode, courseId);
  }

  /** A resident's standing in a course, for staff whose scope holds the resident (404 RESIDENT_NOT_FOUND otherwise). */
  async ofResident(residentId: string, courseId: string, caller: Caller): Promise<CourseProgressView> {
    const resident = await this.residents.findInScope(residentId, caller.scope);
    if (!resident) throw ResidentErrors.notFound(residentId);
    return this.standing(resident.id, resident.path.split('.')[0], courseId);
  }

  /** The version followed (the latest one started, else the current one) with each lesson's state and the final's. */
  private async standing(residentId: string, provinceCode: string, courseId: string): Promise<CourseProgressView> {
    const course = await this.courses.findCourse(courseId);
    if (!course || !courseVisibleToResident(course.offeredByProvince, provinceCode)) throw LearningErrors.courseNotFound(courseId);
    const started = await this.progress.latestCourseProgress(residentId, course.id);
    const version = started ? await this.versions.findVersion(started.versionId) : await this.versions.findCurrentVersion(course.id);
    if (!version) throw LearningErrors.courseNotFound(courseId);
    const [lessons, quizzes, rows] = await Promise.all([
      this.lessons.lessonOutlinesOfVersion(version.id),
      this.quizzes.quizzesOfVersion(version.id),
      this.progress.lessonProgressOf(residentId, version.id),
    ]);
    const byLesson = new Map(rows.map((p) => [p.lessonId, p]));
    const states = lessonStates(
      lessons.map((l) => l.lesson),
      (id) => byLesson.get(id)?.status ?? 'not_started',
      version.sequential,
    );
    const final = quizzes.find((q) => q.kind === 'final');
    return {
      courseId: course.id,
      versionId: version.id,
      lessons: lessons.map(({ lesson }, i) => {
        const p = byLesson.get(lesson.id);
        return {
          lessonId: lesson.id,
          position: lesson.position,
          title: lesson.title,
          status: states[i],
          timeSpentS: p?.timeSpentS ?? 0,
          completedAt: p?.completedAt ? p.completedAt.toISOString() : null,
        };
      }),
      completedLessons: states.filter((s) => s === 'completed').length,
      totalLessons: lessons.length,
      final: final
        ? {
            quizId: final.id,
            attemptsUsed: started?.finalAttempts ?? 0,
            maxAttempts: final.maxAttempts,
            bestScorePercent: started?.bestScorePercent == null ? null : Number(started.bestScorePercent),
            passed: !!started?.finalPassedAt,
            passedAt: started?.finalPassedAt ? started.finalPassedAt.toISOString() : null,
          }
        : null,
    };
  }

  private async auditAssisted(
    caller: Caller,
    learner: Learner,
    lessonId: string,
    body: LessonProgressBody,
    tx: EntityManager,
  ): Promise<void> {
    await this.audit.record(
      caller,
      {
        action: 'learning.progress_record',
        targetType: 'resident',
        targetId: learner.residentId,
        unitPath: learner.path,
        details: { lessonId, status: body.status, timeSpentS: body.timeSpentS ?? 0 },
      },
      tx,
    );
  }
}
