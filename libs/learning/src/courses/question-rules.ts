import type { QuestionOption, QuestionType } from './question.entity';

/** A question's key in its version's bank (also its key in the content files). */
export const QUESTION_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** An option's key ("a", "b"… or "true"/"false"). */
export const OPTION_KEY = /^[a-z0-9_]{1,20}$/;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;

export interface QuestionShape {
  type: QuestionType;
  options: readonly QuestionOption[];
  correctKeys: readonly string[];
}

/** What is wrong with a question's options or answer key. */
export interface QuestionProblem {
  code: 'INVALID_QUESTION_OPTIONS' | 'INVALID_CORRECT_KEYS';
  reason: string;
}

/**
 * The rules every question of a bank follows, for the authoring API and the content files alike:
 * 2 to 6 options with unique keys (a true/false question exactly "true" and "false"); the correct keys
 * are options, without repeats; single and true/false have exactly one, multiple at least two and not
 * all of them (otherwise ticking everything would be right).
 */
export function questionProblem(q: QuestionShape): QuestionProblem | null {
  const keys = q.options.map((o) => o.key);
  const options = (reason: string): QuestionProblem => ({ code: 'INVALID_QUESTION_OPTIONS', reason });
  const correct = (reason: string): QuestionProblem => ({ code: 'INVALID_CORRECT_KEYS', reason });
  if (keys.length < MIN_OPTIONS || keys.length > MAX_OPTIONS) return options(`a question has ${MIN_OPTIONS} to ${MAX_OPTIONS} options, not ${keys.length}`);
  if (new Set(keys).size !== keys.length) return options('option keys must be unique');
  const badKey = keys.find((k) => !OPTION_KEY.test(k));
  if (badKey !== undefined) return options(`option key "${badKey}" must be 1-20 lower-case letters, digits or _`);
  if (q.options.some((o) => typeof o.text !== 'string' || o.text.trim() === '')) return options('every option needs a text');
  if (q.type === 'true_false' && (keys.length !== 2 || !keys.includes('true') || !keys.includes('false'))) {
    return options('a true_false question has exactly the options "true" and "false"');
  }
  if (new Set(q.correctKeys).size !== q.correctKeys.length) return correct('correct keys must not repeat');
  const unknown = q.correctKeys.filter((k) => !keys.includes(k));
  if (unknown.length) return correct(`correct keys ${unknown.join(', ')} are not options`);
  if (q.type === 'multiple') {
    if (q.correctKeys.length < 2) return correct('a multiple-choice question has at least 2 correct options');
    if (q.correctKeys.length >= keys.length) return correct('a multiple-choice question cannot have every option correct');
  } else if (q.correctKeys.length !== 1) {
    return correct(`a ${q.type} question has exactly 1 correct option`);
  }
  return null;
}
