import type { QuizKind } from './quiz.entity';

/** One reason a draft cannot be published (VERSION_NOT_PUBLISHABLE lists them all). */
export interface PublishProblem {
  code: 'NO_LESSONS' | 'NO_FINAL_QUIZ' | 'NOT_ENOUGH_QUESTIONS' | 'NOT_ENOUGH_QUESTIONS_FOR_COMPETENCY' | 'PER_COMPETENCY_SUM_MISMATCH';
  message: string;
  quizId?: string;
  competency?: string;
  needed?: number;
  available?: number;
}

export interface PublishCheckInput {
  lessons: readonly { id: string }[];
  questions: readonly { lessonId: string; competencyCode: string }[];
  quizzes: readonly {
    id: string;
    kind: QuizKind;
    lessonId: string | null;
    title: string;
    questionCount: number;
    perCompetency: Record<string, number> | null;
  }[];
}

/**
 * What a version needs before it is published: at least one lesson, a final assessment, and every quiz
 * drawable: enough questions in its pool (the final draws from the whole bank, a lesson check from its
 * lesson's questions), and enough of each competency when the quiz fixes how many per competency.
 */
export function publishProblems(v: PublishCheckInput): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (v.lessons.length === 0) problems.push({ code: 'NO_LESSONS', message: 'Phiên bản chưa có bài học nào.' });
  if (!v.quizzes.some((q) => q.kind === 'final')) {
    problems.push({ code: 'NO_FINAL_QUIZ', message: 'Phiên bản chưa có bài kiểm tra cuối khóa.' });
  }
  for (const quiz of v.quizzes) {
    const pool = quiz.kind === 'final' ? v.questions : v.questions.filter((q) => q.lessonId === quiz.lessonId);
    if (pool.length < quiz.questionCount) {
      problems.push({
        code: 'NOT_ENOUGH_QUESTIONS',
        message: `Bài kiểm tra "${quiz.title}" cần ${quiz.questionCount} câu hỏi nhưng ngân hàng chỉ có ${pool.length} câu.`,
        quizId: quiz.id,
        needed: quiz.questionCount,
        available: pool.length,
      });
    }
    if (!quiz.perCompetency) continue;
    const sum = Object.values(quiz.perCompetency).reduce((a, b) => a + b, 0);
    if (sum !== quiz.questionCount) {
      problems.push({
        code: 'PER_COMPETENCY_SUM_MISMATCH',
        message: `Tổng số câu theo năng lực của bài kiểm tra "${quiz.title}" (${sum}) khác số câu hỏi (${quiz.questionCount}).`,
        quizId: quiz.id,
        needed: quiz.questionCount,
        available: sum,
      });
    }
    for (const [competency, needed] of Object.entries(quiz.perCompetency)) {
      const available = pool.filter((q) => q.competencyCode === competency).length;
      if (available < needed) {
        problems.push({
          code: 'NOT_ENOUGH_QUESTIONS_FOR_COMPETENCY',
          message: `Bài kiểm tra "${quiz.title}" cần ${needed} câu hỏi về năng lực ${competency} nhưng chỉ có ${available} câu.`,
          quizId: quiz.id,
          competency,
          needed,
          available,
        });
      }
    }
  }
  return problems;
}
