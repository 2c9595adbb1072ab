import { isCorrect, scoreAttempt, scorePercent } from './scoring';

describe('scoring', () => {
  it('counts a question right only for exactly the set of correct keys', () => {
    expect(isCorrect(['b'], ['b'])).toBe(true);
    expect(isCorrect(['c', 'a'], ['a', 'c'])).toBe(true);
    expect(isCorrect(['a'], ['a', 'c'])).toBe(false); // partial
    expect(isCorrect(['a', 'b', 'c'], ['a', 'c'])).toBe(false); // one too many
    expect(isCorrect(['a', 'a'], ['a', 'c'])).toBe(false);
    expect(isCorrect([], ['a'])).toBe(false);
    expect(isCorrect(undefined, ['a'])).toBe(false);
  });

  it('rounds the percentage to 2 decimals', () => {
    expect(scorePercent(2, 3)).toBe(66.67);
    expect(scorePercent(1, 3)).toBe(33.33);
    expect(scorePercent(17, 20)).toBe(85);
    expect(scorePercent(0, 20)).toBe(0);
    expect(scorePercent(7, 7)).toBe(100);
  });

  it('scores an attempt against the pass mark (reaching it passes)', () => {
    const questions = [1, 2, 3, 4].map((n) => ({ id: `q${n}`, options: ['a', 'b', 'c'] }));
    const key: Record<string, string[]> = { q1: ['a'], q2: ['b'], q3: ['a', 'c'], q4: ['c'] };
    const score = scoreAttempt(questions, { q1: ['a'], q2: ['b'], q3: ['a'], q4: ['c'] }, (id) => key[id], 75);
    expect(score).toEqual({
      results: [
        { id: 'q1', correct: true },
        { id: 'q2', correct: true },
        { id: 'q3', correct: false },
        { id: 'q4', correct: true },
      ],
      correctCount: 3,
      questionCount: 4,
      scorePercent: 75,
      passed: true,
    });
    expect(scoreAttempt(questions, { q1: ['a'] }, (id) => key[id], 75)).toMatchObject({ correctCount: 1, scorePercent: 25, passed: false });
  });
});
