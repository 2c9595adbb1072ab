import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog } from '@hvs/geography';
import { AppError, AuditLog, commonError, isUniqueViolation, type AuditEntry, type Caller } from '@hvs/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { completionRuleProblem } from '../completion/completion-rule';
import { CompletionErrors } from '../completion/completion-errors';
import { CompletionRepository } from '../completion/completion.repository';
import { LearningErrors } from '../learning-errors';
import { CourseAccess, type VersionInContext } from './course-access';
import { CourseCatalogService } from './course-catalog.service';
import type { QuestionEntity } from './question.entity';
import type { QuizEntity } from './quiz.entity';
import { FrameworkRepository } from './framework.repository';
import { CourseRepository } from './course.repository';
import { CourseVersionRepository } from './course-version.repository';
import { LessonRepository } from './lesson.repository';
import { QuestionRepository } from './question.repository';
import { QuizRepository } from './quiz.repository';
import { mayAuthorCourse } from './course-visibility';
import { lessonView, orderQuizzes, questionAuthorView, quizView } from './course-views';
import type {
  CreateCourseBody,
  CreatedCourseView,
  CreateLessonBody,
  CreateQuestionBody,
  CreateQuizBody,
  LessonView,
  QuestionAuthorView,
  QuizView,
  UpdateLessonBody,
  UpdateQuestionBody,
  UpdateQuizBody,
  UpdateVersionBody,
  VersionView,
} from './courses.dto';
import { publishProblems } from './publish-rules';
import { questionProblem } from './question-rules';

/** The fields of a body that were sent (for the audit trail: names only, never values). */
const sentFields = (body: object) => Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);

/**
 * Authoring: courses, drafts and their content (lessons, question bank, quizzes), publishing. Only a
 * draft changes: every write locks its version row, checks it is still a draft, and commits with its
 * audit entry in one transaction. Administrators author every course, province officers those of
 * their province (mayAuthorCourse).
 */
@Injectable()
export class CourseAuthoringService {
  constructor(
    private readonly framework: FrameworkRepository,
    private readonly courses: CourseRepository,
    private readonly versions: CourseVersionRepository,
    private readonly lessons: LessonRepository,
    private readonly questions: QuestionRepository,
    private readonly quizzes: QuizRepository,
    private readonly access: CourseAccess,
    private readonly catalog: CourseCatalogService,
    private readonly completion: CompletionRepository,
    private readonly geo: GeoCatalog,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ---------------------------------------------------------------- courses and versions

  async createCourse(body: CreateCourseBody, caller: Caller): Promise<CreatedCourseView> {
    const offeredByProvince = body.offeredByProvince ?? null;
    if (offeredByProvince) {
      if (!this.geo.province(offeredByProvince)) throw LearningErrors.unknownProvince(offeredByProvince);
      this.geo.provinceInScope(offeredByProvince, caller.scope); // another province: 403 OUTSIDE_SCOPE (the rule of units in scope)
    }
    if (!mayAuthorCourse(caller.account.role, offeredByProvince, caller.scope)) {
      throw commonError(403, 'FORBIDDEN', { reason: 'only administrators create national courses' });
    }
    const courseId = uuidv7();
    const versionId = uuidv7();
    try {
      await this.dataSource.transaction(async (tx) => {
        if (await this.courses.findCourseByCode(body.code, tx)) throw LearningErrors.courseCodeTaken(body.code);
        await this.courses.insertCourse(tx, { id: courseId, code: body.code, offeredByProvince, createdBy: caller.account.id });
        await this.versions.insertDraft(tx, { id: versionId, courseId, number: 1, title: body.title, summary: body.summary ?? '', sequential: true });
        await this.audit.record(
          caller,
          { action: 'course.create', targetType: 'course', targetId: courseId, unitPath: offeredByProvince, details: { code: body.code, versionId } },
          tx,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw LearningErrors.courseCodeTaken(body.code); // a concurrent creation with the same code
      throw err;
    }
    const course = await this.courses.findCourse(courseId);
    const draft = await this.versions.findVersion(versionId);
    if (!course || !draft) throw new Error('created course vanished');
    return { ...this.catalog.courseView(course, null, true, draft), draft: await this.catalog.versionDetail(draft) };
  }

  /** A new draft copied from the current published version (new ids throughout); one draft per course. */
  async createDraft(courseId: string, caller: Caller): Promise<VersionView> {
    const draftId = uuidv7();
    await this.dataSource.transaction(async (tx) => {
      const course = await this.access.authorableCourse(courseId, caller, tx);
      const existing = await this.versions.findDraft(course.id, tx);
      if (existing) throw LearningErrors.draftExists(existing.id);
      const current = await this.versions.findCurrentVersion(course.id, tx);
      if (!current) throw LearningErrors.courseNotFound(courseId);
      const number = await this.versions.nextVersionNumber(tx, course.id);
      await this.versions.insertDraft(tx, { id: draftId, courseId: course.id, number, title: current.title, summary: current.summary, sequential: current.sequential });
      await this.versions.copyContent(tx, current.id, draftId, uuidv7);
      await this.completion.copyRule(tx, current.id, draftId);
      await this.audit.record(
        caller,
        {
          action: 'course_version.create_draft',
          targetType: 'course_version',
          targetId: draftId,
          unitPath: this.access.unitPath(course),
          details: { courseId: course.id, number, copiedFrom: current.id },
        },
        tx,
      );
    });
    return this.versionAfterWrite(draftId);
  }

  /** Title, summary, sequential lessons and the completion rule of a draft (published versions never change). */
  async updateVersion(versionId: string, body: UpdateVersionBody, caller: Caller): Promise<VersionView> {
    const rule = body.completionRule;
    const problem = rule ? completionRuleProblem(rule) : null;
    if (problem) throw CompletionErrors.invalidRule(problem);
    await this.inDraft(versionId, caller, 'versionNotFound', async (tx, { version, course }) => {
      await this.versions.updateVersion(tx, version.id, body);
      if (rule) await this.completion.setRule(tx, version.id, rule);
      return { action: 'course_version.update', targetType: 'course_version', targetId: version.id, unitPath: this.access.unitPath(course), details: { fields: sentFields(body) } };
    });
    return this.versionAfterWrite(versionId);
  }

  /**
   * Publishes a draft: it must have lessons, a final assessment and drawable quizzes (422
   * VERSION_NOT_PUBLISHABLE lists every problem). In one transaction the current version is retired and
   * this one becomes the course's current version, with its audit entry.
   */
  async publish(versionId: string, caller: Caller): Promise<VersionView> {
    await this.dataSource.transaction(async (tx) => {
      const { version, course } = await this.access.draftForWrite(versionId, caller, tx);
      await this.courses.lockCourse(tx, course.id); // one publication of a course at a time
      // one connection: one query at a time
      const lessons = await this.lessons.lessonOutlinesOfVersion(version.id, tx);
      const questions = await this.questions.questionsOf(version.id, undefined, tx);
      const quizzes = await this.quizzes.quizzesOfVersion(version.id, tx);
      const problems = publishProblems({ lessons: lessons.map((l) => l.lesson), questions, quizzes: orderQuizzes(quizzes, lessons) });
      if (problems.length) throw LearningErrors.versionNotPublishable(problems);
      const retired = await this.versions.publish(tx, version.id, course.id, caller.account.id);
      await this.audit.record(
        caller,
        {
          action: 'course_version.publish',
          targetType: 'course_version',
          targetId: version.id,
          unitPath: this.access.unitPath(course),
          details: { courseId: course.id, number: version.number, retiredVersionId: retired, lessons: lessons.length, questions: questions.length },
        },
        tx,
      );
    });
    return this.versionAfterWrite(versionId);
  }

  // ---------------------------------------------------------------- lessons

  async createLesson(versionId: string, body: CreateLessonBody, caller: Caller): Promise<LessonView> {
    const id = uuidv7();
    await this.inDraft(versionId, caller, 'versionNotFound', async (tx, { version, course }) => {
      await this.checkCompetencies(body.competencies, 'competencies', tx);
      const count = await this.lessons.countLessons(version.id, tx);
      const position = body.position ?? count + 1;
      if (position > count + 1) throw LearningErrors.lessonPositionOutOfRange(count + 1);
      if (await this.lessons.lessonSlugTaken(version.id, body.slug, null, tx)) throw LearningErrors.lessonSlugTaken(body.slug);
      await this.lessons.shiftLessons(tx, version.id, position, count, 1);
      await this.lessons.insertLesson(
        tx,
        { id, versionId: version.id, position, slug: body.slug, title: body.title, contentMd: body.contentMd, estimatedMinutes: body.estimatedMinutes },
        body.competencies,
      );
      await this.lessons.refreshContentHashes(tx, version.id);
      return { action: 'lesson.create', targetType: 'lesson', targetId: id, unitPath: this.access.unitPath(course), details: { versionId: version.id, position } };
    });
    return this.lessonAfterWrite(id);
  }

  async updateLesson(lessonId: string, body: UpdateLessonBody, caller: Caller): Promise<LessonView> {
    const found = await this.lessons.findLesson(lessonId);
    if (!found) throw LearningErrors.lessonNotFound(lessonId);
    await this.inDraft(found.versionId, caller, 'lessonNotFound', async (tx, { version, course }) => {
      const lesson = await this.lessons.findLesson(lessonId, tx);
      if (!lesson) throw LearningErrors.lessonNotFound(lessonId);
      if (body.competencies) {
        await this.checkCompetencies(body.competencies, 'competencies', tx);
        const orphans = await this.questions.questionsOutsideCompetencies(lesson.id, body.competencies, tx);
        if (orphans.length) {
          const current = await this.lessons.lessonCompetencies(lesson.id, tx);
          throw LearningErrors.lessonCompetencyInUse(current.filter((c) => !body.competencies?.includes(c)), orphans);
        }
        await this.lessons.setLessonCompetencies(tx, lesson.id, body.competencies);
      }
      if (body.slug !== undefined && (await this.lessons.lessonSlugTaken(version.id, body.slug, lesson.id, tx))) throw LearningErrors.lessonSlugTaken(body.slug);
      if (body.position !== undefined && body.position !== lesson.position) {
        const count = await this.lessons.countLessons(version.id, tx);
        if (body.position > count) throw LearningErrors.lessonPositionOutOfRange(count);
        if (body.position < lesson.position) await this.lessons.shiftLessons(tx, version.id, body.position, lesson.position - 1, 1);
        else await this.lessons.shiftLessons(tx, version.id, lesson.position + 1, body.position, -1);
      }
      await this.lessons.updateLesson(tx, lesson.id, {
        slug: body.slug,
        title: body.title,
        contentMd: body.contentMd,
        estimatedMinutes: body.estimatedMinutes,
        position: body.position,
      });
      await this.lessons.refreshContentHashes(tx, version.id);
      return { action: 'lesson.update', targetType: 'lesson', targetId: lesson.id, unitPath: this.access.unitPath(course), details: { versionId: version.id, fields: sentFields(body) } };
    });
    return this.lessonAfterWrite(lessonId);
  }

  /** Deletes a lesson with its questions and its lesson check; later lessons move up (positions stay contiguous). */
  async deleteLesson(lessonId: string, caller: Caller): Promise<void> {
    const found = await this.lessons.findLesson(lessonId);
    if (!found) throw LearningErrors.lessonNotFound(lessonId);
    await this.inDraft(found.versionId, caller, 'lessonNotFound', async (tx, { version, course }) => {
      const lesson = await this.lessons.findLesson(lessonId, tx);
      if (!lesson) throw LearningErrors.lessonNotFound(lessonId);
      const count = await this.lessons.countLessons(version.id, tx);
      await this.lessons.deleteLesson(tx, lesson.id);
      await this.lessons.shiftLessons(tx, version.id, lesson.position + 1, count, -1);
      await this.lessons.refreshContentHashes(tx, version.id);
      return { action: 'lesson.delete', targetType: 'lesson', targetId: lesson.id, unitPath: this.access.unitPath(course), details: { versionId: version.id, slug: lesson.slug } };
    });
  }

  // ---------------------------------------------------------------- question bank

  async createQuestion(versionId: string, body: CreateQuestionBody, caller: Caller): Promise<QuestionAuthorView> {
    const id = uuidv7();
    await this.inDraft(versionId, caller, 'versionNotFound', async (tx, { version, course }) => {
      const question: QuestionEntity = {
        id,
        versionId: version.id,
        key: body.key,
        lessonId: body.lessonId,
        competencyCode: body.competency,
        type: body.type,
        prompt: body.prompt,
        options: body.options.map((o) => ({ key: o.key, text: o.text })),
        correctKeys: body.correctKeys,
        explanation: body.explanation,
      };
      await this.checkQuestion(question, tx);
      await this.questions.insertQuestion(tx, question);
      return { action: 'question.create', targetType: 'question', targetId: id, unitPath: this.access.unitPath(course), details: { versionId: version.id, key: body.key } };
    });
    return questionAuthorView((await this.questions.findQuestion(id)) as QuestionEntity);
  }

  async updateQuestion(questionId: string, body: UpdateQuestionBody, caller: Caller): Promise<QuestionAuthorView> {
    const found = await this.questions.findQuestion(questionId);
    if (!found) throw LearningErrors.questionNotFound(questionId);
    await this.inDraft(found.versionId, caller, 'questionNotFound', async (tx, { version, course }) => {
      const current = await this.questions.findQuestion(questionId, tx);
      if (!current) throw LearningErrors.questionNotFound(questionId);
      const next: QuestionEntity = {
        ...current,
        key: body.key ?? current.key,
        lessonId: body.lessonId ?? current.lessonId,
        competencyCode: body.competency ?? current.competencyCode,
        type: body.type ?? current.type,
        prompt: body.prompt ?? current.prompt,
        options: body.options ? body.options.map((o) => ({ key: o.key, text: o.text })) : current.options,
        correctKeys: body.correctKeys ?? current.correctKeys,
        explanation: body.explanation ?? current.explanation,
      };
      await this.checkQuestion(next, tx);
      const { id: _id, versionId: _v, ...fields } = next;
      await this.questions.updateQuestion(tx, current.id, fields);
      return { action: 'question.update', targetType: 'question', targetId: current.id, unitPath: this.access.unitPath(course), details: { versionId: version.id, fields: sentFields(body) } };
    });
    return questionAuthorView((await this.questions.findQuestion(questionId)) as QuestionEntity);
  }

  async deleteQuestion(questionId: string, caller: Caller): Promise<void> {
    const found = await this.questions.findQuestion(questionId);
    if (!found) throw LearningErrors.questionNotFound(questionId);
    await this.inDraft(found.versionId, caller, 'questionNotFound', async (tx, { version, course }) => {
      await this.questions.deleteQuestion(tx, questionId);
      return { action: 'question.delete', targetType: 'question', targetId: questionId, unitPath: this.access.unitPath(course), details: { versionId: version.id, key: found.key } };
    });
  }

  // ---------------------------------------------------------------- quizzes

  async createQuiz(versionId: string, body: CreateQuizBody, caller: Caller): Promise<QuizView> {
    const id = uuidv7();
    await this.inDraft(versionId, caller, 'versionNotFound', async (tx, { version, course }) => {
      if (body.kind === 'final' && body.lessonId !== undefined) throw LearningErrors.quizLessonNotAllowed();
      if (body.kind === 'lesson_check' && body.lessonId === undefined) throw LearningErrors.quizLessonRequired();
      if (body.lessonId !== undefined) {
        const lesson = await this.lessons.findLesson(body.lessonId, tx);
        if (!lesson || lesson.versionId !== version.id) throw LearningErrors.lessonNotInVersion(body.lessonId);
      }
      await this.checkPerCompetency(body.perCompetency ?? null, body.questionCount, tx);
      const existing = await this.quizzes.quizzesOfVersion(version.id, tx);
      if (body.kind === 'final' && existing.some((q) => q.kind === 'final')) throw LearningErrors.finalQuizExists();
      if (body.kind === 'lesson_check' && existing.some((q) => q.lessonId === body.lessonId)) throw LearningErrors.lessonCheckExists(body.lessonId as string);
      const quiz: QuizEntity = {
        id,
        versionId: version.id,
        kind: body.kind,
        lessonId: body.lessonId ?? null,
        title: body.title,
        questionCount: body.questionCount,
        perCompetency: body.perCompetency ?? null,
        timeLimitS: body.timeLimitS ?? null,
        maxAttempts: body.maxAttempts ?? null,
        cooldownS: body.cooldownS ?? 0,
        passPercent: body.passPercent,
        onDeadline: body.onDeadline ?? 'auto_submit',
      };
      await this.quizzes.insertQuiz(tx, quiz);
      return { action: 'quiz.create', targetType: 'quiz', targetId: id, unitPath: this.access.unitPath(course), details: { versionId: version.id, kind: body.kind } };
    });
    return quizView((await this.quizzes.findQuiz(id)) as QuizEntity);
  }

  async updateQuiz(quizId: string, body: UpdateQuizBody, caller: Caller): Promise<QuizView> {
    const found = await this.quizzes.findQuiz(quizId);
    if (!found) throw LearningErrors.quizNotFound(quizId);
    await this.inDraft(found.versionId, caller, 'quizNotFound', async (tx, { version, course }) => {
      const current = await this.quizzes.findQuiz(quizId, tx);
      if (!current) throw LearningErrors.quizNotFound(quizId);
      const questionCount = body.questionCount ?? current.questionCount;
      const perCompetency = body.perCompetency === undefined ? current.perCompetency : body.perCompetency;
      await this.checkPerCompetency(perCompetency, questionCount, tx);
      await this.quizzes.updateQuiz(tx, current.id, {
        title: body.title,
        questionCount: body.questionCount,
        perCompetency: body.perCompetency,
        timeLimitS: body.timeLimitS,
        maxAttempts: body.maxAttempts,
        cooldownS: body.cooldownS,
        passPercent: body.passPercent,
        onDeadline: body.onDeadline,
      });
      return { action: 'quiz.update', targetType: 'quiz', targetId: current.id, unitPath: this.access.unitPath(course), details: { versionId: version.id, fields: sentFields(body) } };
    });
    return quizView((await this.quizzes.findQuiz(quizId)) as QuizEntity);
  }

  async deleteQuiz(quizId: string, caller: Caller): Promise<void> {
    const found = await this.quizzes.findQuiz(quizId);
    if (!found) throw LearningErrors.quizNotFound(quizId);
    await this.inDraft(found.versionId, caller, 'quizNotFound', async (tx, { version, course }) => {
      await this.quizzes.deleteQuiz(tx, quizId);
      return { action: 'quiz.delete', targetType: 'quiz', targetId: quizId, unitPath: this.access.unitPath(course), details: { versionId: version.id, kind: found.kind } };
    });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Runs a change of a draft in one transaction: locks the version (CourseAccess.draftForWrite), runs
   * the change, marks the version updated and writes the change's audit entry. A version the caller
   * does not see answers the 404 of the thing addressed (`notFound`).
   */
  private async inDraft(
    versionId: string,
    caller: Caller,
    notFound: 'versionNotFound' | 'lessonNotFound' | 'questionNotFound' | 'quizNotFound',
    change: (tx: EntityManager, target: VersionInContext) => Promise<AuditEntry>,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      let target: VersionInContext;
      try {
        target = await this.access.draftForWrite(versionId, caller, tx);
      } catch (err) {
        if (err instanceof AppError && err.code === 'COURSE_VERSION_NOT_FOUND' && notFound !== 'versionNotFound') throw LearningErrors[notFound]();
        throw err;
      }
      const entry = await change(tx, target);
      await this.versions.touchVersion(tx, target.version.id);
      await this.audit.record(caller, entry, tx);
    });
  }

  private async checkCompetencies(codes: readonly string[], field: string, tx: EntityManager): Promise<void> {
    const unknown = await this.framework.unknownCompetencies(codes, tx);
    if (unknown.length) throw LearningErrors.unknownCompetency(unknown, field);
  }

  /** A question's lesson is in its version, its competency one of the lesson's, its options and key valid, its key unique. */
  private async checkQuestion(q: QuestionEntity, tx: EntityManager): Promise<void> {
    await this.checkCompetencies([q.competencyCode], 'competency', tx);
    const lesson = await this.lessons.findLesson(q.lessonId, tx);
    if (!lesson || lesson.versionId !== q.versionId) throw LearningErrors.lessonNotInVersion(q.lessonId);
    const lessonCompetencies = await this.lessons.lessonCompetencies(lesson.id, tx);
    if (!lessonCompetencies.includes(q.competencyCode)) throw LearningErrors.competencyNotInLesson(q.competencyCode, lessonCompetencies);
    const problem = questionProblem(q);
    if (problem) throw LearningErrors.invalidQuestion(problem);
    if (await this.questions.questionKeyTaken(q.versionId, q.key, q.id, tx)) throw LearningErrors.questionKeyTaken(q.key);
  }

  /** Per-competency counts: known competencies, whole numbers of at least 1, summing to the question count. */
  private async checkPerCompetency(perCompetency: Record<string, number> | null, questionCount: number, tx: EntityManager): Promise<void> {
    if (perCompetency === null) return;
    const entries = Object.entries(perCompetency);
    if (entries.length === 0) throw LearningErrors.invalidPerCompetency('at least one competency, or null for any');
    await this.checkCompetencies(Object.keys(perCompetency), 'perCompetency', tx);
    const bad = entries.filter(([, n]) => !Number.isInteger(n) || n < 1 || n > 100).map(([c]) => c);
    if (bad.length) throw LearningErrors.invalidPerCompetency(`counts must be whole numbers from 1 to 100 (${bad.join(', ')})`);
    const sum = entries.reduce((a, [, n]) => a + n, 0);
    if (sum !== questionCount) throw LearningErrors.invalidPerCompetency(`the counts add up to ${sum}, the quiz has ${questionCount} questions`);
  }

  private async versionAfterWrite(versionId: string): Promise<VersionView> {
    const version = await this.versions.findVersion(versionId);
    if (!version) throw LearningErrors.versionNotFound(versionId);
    return this.catalog.versionDetail(version);
  }

  private async lessonAfterWrite(lessonId: string): Promise<LessonView> {
    const lesson = await this.lessons.findLesson(lessonId);
    if (!lesson) throw LearningErrors.lessonNotFound(lessonId);
    return lessonView(lesson, await this.lessons.lessonCompetencies(lesson.id));
  }
}
