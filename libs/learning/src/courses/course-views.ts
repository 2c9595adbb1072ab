import type { CourseVersionEntity } from './course-version.entity';
import type { LessonEntity } from './lesson.entity';
import type { QuestionEntity } from './question.entity';
import type { QuizEntity } from './quiz.entity';
import type { LessonOutlineWithCompetencies } from './lesson.repository';
import type { LessonSummaryView, LessonView, QuestionAuthorView, QuizView, VersionView } from './courses.dto';

/** Entity -> response shapes of courses/ (no answer keys except in questionAuthorView, for authors). */
export function lessonSummaryView({ lesson, competencies }: LessonOutlineWithCompetencies): LessonSummaryView {
  return {
    id: lesson.id,
    position: lesson.position,
    slug: lesson.slug,
    title: lesson.title,
    estimatedMinutes: lesson.estimatedMinutes,
    competencies,
  };
}

export function lessonView(lesson: LessonEntity, competencies: string[]): LessonView {
  return { ...lessonSummaryView({ lesson, competencies }), versionId: lesson.versionId, contentMd: lesson.contentMd };
}

export function quizView(q: QuizEntity): QuizView {
  return {
    id: q.id,
    kind: q.kind,
    lessonId: q.lessonId,
    title: q.title,
    questionCount: q.questionCount,
    perCompetency: q.perCompetency,
    timeLimitS: q.timeLimitS,
    maxAttempts: q.maxAttempts,
    cooldownS: q.cooldownS,
    passPercent: q.passPercent,
    onDeadline: q.onDeadline,
  };
}

/** Lesson checks in lesson order, then the final. */
export function orderQuizzes(quizzes: QuizEntity[], lessons: LessonOutlineWithCompetencies[]): QuizEntity[] {
  const position = new Map(lessons.map(({ lesson }) => [lesson.id, lesson.position]));
  const rank = (q: QuizEntity) => (q.lessonId ? (position.get(q.lessonId) ?? 0) : Number.MAX_SAFE_INTEGER);
  return [...quizzes].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title));
}

export function versionView(v: CourseVersionEntity, lessons: LessonOutlineWithCompetencies[], quizzes: QuizEntity[]): VersionView {
  return {
    id: v.id,
    courseId: v.courseId,
    number: v.number,
    status: v.status,
    title: v.title,
    summary: v.summary,
    sequential: v.sequential,
    publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
    completionRule: {
      minAttendanceShare: v.completionRule.minAttendanceShare ?? null,
      requireFinalPassed: v.completionRule.requireFinalPassed === true,
      selfPaced: v.completionRule.selfPaced === true,
    },
    lessons: lessons.map(lessonSummaryView),
    quizzes: orderQuizzes(quizzes, lessons).map(quizView),
  };
}

export function questionAuthorView(q: QuestionEntity): QuestionAuthorView {
  return {
    id: q.id,
    versionId: q.versionId,
    key: q.key,
    lessonId: q.lessonId,
    competency: q.competencyCode,
    type: q.type,
    prompt: q.prompt,
    options: q.options.map((o) => ({ key: o.key, text: o.text })),
    correctKeys: [...q.correctKeys],
    explanation: q.explanation,
  };
}
