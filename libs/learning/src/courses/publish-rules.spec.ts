import { publishProblems, type PublishCheckInput } from './publish-rules';

const quiz = (over: Partial<PublishCheckInput['quizzes'][number]>): PublishCheckInput['quizzes'][number] => ({
  id: 'final',
  kind: 'final',
  lessonId: null,
  title: 'Cuối khóa',
  questionCount: 2,
  perCompetency: null,
  ...over,
});
const questions = [
  { lessonId: 'l1', competencyCode: '4.1' },
  { lessonId: 'l1', competencyCode: '4.3' },
  { lessonId: 'l2', competencyCode: '4.3' },
];

describe('publish rules', () => {
  it('accepts lessons, a final and drawable quizzes', () => {
    expect(
      publishProblems({
        lessons: [{ id: 'l1' }, { id: 'l2' }],
        questions,
        quizzes: [quiz({ questionCount: 3, perCompetency: { '4.1': 1, '4.3': 2 } }), quiz({ id: 'c1', kind: 'lesson_check', lessonId: 'l1', questionCount: 2 })],
      }),
    ).toEqual([]);
  });

  it('lists every problem: no lessons, no final, a check with too few questions in its lesson, a competency short', () => {
    expect(publishProblems({ lessons: [], questions: [], quizzes: [] }).map((p) => p.code)).toEqual(['NO_LESSONS', 'NO_FINAL_QUIZ']);
    const problems = publishProblems({
      lessons: [{ id: 'l1' }, { id: 'l2' }],
      questions,
      quizzes: [
        quiz({ questionCount: 3, perCompetency: { '4.1': 2, '4.3': 1 } }),
        quiz({ id: 'c2', kind: 'lesson_check', lessonId: 'l2', questionCount: 2 }),
      ],
    });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'NOT_ENOUGH_QUESTIONS_FOR_COMPETENCY', quizId: 'final', competency: '4.1', needed: 2, available: 1 }),
      expect.objectContaining({ code: 'NOT_ENOUGH_QUESTIONS', quizId: 'c2', needed: 2, available: 1 }),
    ]);
    expect(problems[1].message).toMatch(/cần 2 câu hỏi/);
  });
});
