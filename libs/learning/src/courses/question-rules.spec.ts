import { questionProblem, type QuestionShape } from './question-rules';

const opts = (...keys: string[]) => keys.map((key) => ({ key, text: `Lựa chọn ${key}` }));
const q = (over: Partial<QuestionShape>): QuestionShape => ({ type: 'single', options: opts('a', 'b', 'c'), correctKeys: ['a'], ...over });

describe('question rules', () => {
  it('accepts well-formed questions of every type', () => {
    expect(questionProblem(q({}))).toBeNull();
    expect(questionProblem(q({ type: 'multiple', options: opts('a', 'b', 'c', 'd'), correctKeys: ['a', 'c'] }))).toBeNull();
    expect(questionProblem(q({ type: 'true_false', options: opts('true', 'false'), correctKeys: ['false'] }))).toBeNull();
  });

  it.each([
    ['one option', q({ options: opts('a') }), 'INVALID_QUESTION_OPTIONS'],
    ['seven options', q({ options: opts('a', 'b', 'c', 'd', 'e', 'f', 'g') }), 'INVALID_QUESTION_OPTIONS'],
    ['repeated option keys', q({ options: opts('a', 'a', 'b') }), 'INVALID_QUESTION_OPTIONS'],
    ['an empty option text', q({ options: [{ key: 'a', text: ' ' }, { key: 'b', text: 'B' }] }), 'INVALID_QUESTION_OPTIONS'],
    ['true_false with other keys', q({ type: 'true_false', options: opts('a', 'b'), correctKeys: ['a'] }), 'INVALID_QUESTION_OPTIONS'],
    ['true_false with a third option', q({ type: 'true_false', options: opts('true', 'false', 'maybe'), correctKeys: ['true'] }), 'INVALID_QUESTION_OPTIONS'],
    ['single with two correct', q({ correctKeys: ['a', 'b'] }), 'INVALID_CORRECT_KEYS'],
    ['a correct key that is no option', q({ correctKeys: ['z'] }), 'INVALID_CORRECT_KEYS'],
    ['multiple with one correct', q({ type: 'multiple', correctKeys: ['a'] }), 'INVALID_CORRECT_KEYS'],
    ['multiple with every option correct', q({ type: 'multiple', correctKeys: ['a', 'b', 'c'] }), 'INVALID_CORRECT_KEYS'],
    ['a repeated correct key', q({ type: 'multiple', correctKeys: ['a', 'a'] }), 'INVALID_CORRECT_KEYS'],
  ])('refuses %s', (_name, question, code) => {
    expect(questionProblem(question)?.code).toBe(code);
  });
});
