import type { AttemptQuestion, AttemptQuestionResult } from './attempt.entity';

/** The score of an attempt, computed on the server from the stored answers and the answer key. */
export interface Score {
  results: AttemptQuestionResult[];
  correctCount: number;
  questionCount: number;
  scorePercent: number;
  passed: boolean;
}

/** A question is right only when the chosen set is exactly the set of correct keys (partial = wrong). */
export function isCorrect(chosen: readonly string[] | undefined, correctKeys: readonly string[]): boolean {
  if (!chosen || chosen.length !== correctKeys.length) return false;
  const correct = new Set(correctKeys);
  return new Set(chosen).size === chosen.length && chosen.every((k) => correct.has(k));
}

/** round(100 * correct / count, 2) */
export function scorePercent(correct: number, count: number): number {
  return count === 0 ? 0 : Math.round((10_000 * correct) / count) / 100;
}

/**
 * Scores an attempt: per question (in the attempt's order), the number right, the percentage and
 * whether it reaches the pass mark. `correctKeysOf` gives a question's answer key.
 */
export function scoreAttempt(
  questions: readonly AttemptQuestion[],
  answers: Readonly<Record<string, readonly string[]>>,
  correctKeysOf: (questionId: string) => readonly string[],
  passPercent: number,
): Score {
  const results = questions.map((q) => ({ id: q.id, correct: isCorrect(answers[q.id], correctKeysOf(q.id)) }));
  const correctCount = results.filter((r) => r.correct).length;
  const percent = scorePercent(correctCount, questions.length);
  return { results, correctCount, questionCount: questions.length, scorePercent: percent, passed: percent >= passPercent };
}
