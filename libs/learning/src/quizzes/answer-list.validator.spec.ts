import { answerListProblem } from './answer-list.validator';

const Q = '01a202f1-939c-771c-b2e8-b9e7abf0d215';

describe('answerListProblem', () => {
  it('accepts well-formed lists, empty choices included', () => {
    expect(answerListProblem([{ questionId: Q, choices: ['a'] }, { questionId: Q, choices: [] }], 1, 100)).toBeNull();
    expect(answerListProblem([], 0, 100)).toBeNull();
  });

  it.each([
    ['not a list', { questionId: Q }, 'danh sách'],
    ['too few', [], 'từ 1 đến 100'],
    ['an item that is not an object', ['a'], 'đối tượng'],
    ['an unknown field', [{ questionId: Q, choices: [], correct: true }], '"correct" không được phép'],
    ['a bad question id', [{ questionId: 'q1', choices: [] }], 'UUID'],
    ['choices not a list', [{ questionId: Q, choices: 'a' }], 'choices phải là danh sách'],
    ['a choice that is not a string', [{ questionId: Q, choices: [1] }], 'chuỗi ký tự'],
    ['duplicate choices', [{ questionId: Q, choices: ['a', 'a'] }], 'trùng lặp'],
    ['too many choices', [{ questionId: Q, choices: Array.from({ length: 21 }, (_, i) => `k${i}`) }], 'quá dài'],
  ])('refuses %s', (_name, value, message) => {
    expect(answerListProblem(value, 1, 100)).toContain(message);
  });

  it('names the item at fault', () => {
    expect(answerListProblem([{ questionId: Q, choices: ['a'] }, { questionId: Q, choices: ['a'], x: 1 }], 1, 100)).toMatch(/^câu trả lời 1/);
  });
});
