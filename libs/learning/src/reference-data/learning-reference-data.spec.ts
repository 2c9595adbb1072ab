import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { learningDataDir } from './learning-data-files';
import { checkLearningReferenceData, LearningDataError, readLearningReferenceData, type LearningReferenceFiles } from './learning-reference-data';

/** The shipped files, parsed, as a fresh copy each time (tests mutate them). */
function shippedFiles(): LearningReferenceFiles {
  const dir = learningDataDir();
  const json = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8')) as unknown;
  const lessonTexts: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'core-course', 'lessons'))) lessonTexts[`lessons/${f}`] = readFileSync(join(dir, 'core-course', 'lessons', f), 'utf8');
  return { framework: json('framework.json'), course: json('core-course/course.json'), questions: json('core-course/questions.json'), lessonTexts };
}

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsOf(mutate: (f: { framework: Json; course: Json; questions: Json[]; lessonTexts: Record<string, string | undefined> }) => void): string[] {
  const files = shippedFiles() as unknown as { framework: Json; course: Json; questions: Json[]; lessonTexts: Record<string, string | undefined> };
  mutate(files);
  try {
    checkLearningReferenceData(files);
  } catch (err) {
    if (err instanceof LearningDataError) return err.problems;
    throw err;
  }
  return [];
}

describe('learning reference data', () => {
  it('accepts the shipped content: 7 domains, 10 lessons with Vietnamese text, 74 questions', () => {
    const data = readLearningReferenceData(learningDataDir());
    expect(data.framework.domains).toHaveLength(7);
    expect(data.course.code).toBe('KNS-CB');
    expect(data.course.title).toBe('Kỹ năng số cơ bản');
    expect(data.lessons).toHaveLength(10);
    expect(data.lessons.every((l) => l.contentMd.length > 1000)).toBe(true);
    expect(data.lessons[0].contentMd).toContain('điện thoại');
    expect(data.questions).toHaveLength(74);
  });

  it('refuses a lesson competency that is not in the framework', () => {
    expect(problemsOf((f) => f.course.lessons[2].competencies.push('9.9'))).toEqual([
      expect.stringMatching(/lessons\[2\] \(vneid\): competency 9\.9 is not in the framework/),
    ]);
  });

  it('refuses a question of an unknown lesson, or with a competency its lesson does not have', () => {
    const problems = problemsOf((f) => {
      f.questions[0].lesson = 'khong-co-bai-nay';
      f.questions[1].competency = '6.1'; // lesson 1 covers 0.1, 0.2, 4.1
      f.questions[2].competency = '7.7';
    });
    expect(problems).toEqual([
      expect.stringMatching(/\(dt-01\): lesson "khong-co-bai-nay" is not a lesson of the course/),
      expect.stringMatching(/\(dt-02\): competency 6\.1 is not one of lesson dien-thoai-thong-minh's/),
      expect.stringMatching(/\(dt-03\): competency "7\.7" is not in the framework/),
    ]);
  });

  it('refuses single and true/false questions without exactly one correct option, and multiple with fewer than two', () => {
    const problems = problemsOf((f) => {
      const single = f.questions.find((q) => q.type === 'single') as Json;
      single.options.forEach((o: Json) => (o.correct = true));
      const tf = f.questions.find((q) => q.type === 'true_false') as Json;
      tf.options.forEach((o: Json) => (o.correct = false));
      const multiple = f.questions.find((q) => q.type === 'multiple') as Json;
      multiple.options.forEach((o: Json, i: number) => (o.correct = i === 0));
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/a single question has exactly 1 correct option/);
    expect(problems.join('\n')).toMatch(/a true_false question has exactly 1 correct option/);
    expect(problems.join('\n')).toMatch(/a multiple-choice question has at least 2 correct options/);
  });

  it('refuses duplicate keys, a missing lesson file, bad option lists and a lesson left without questions', () => {
    const problems = problemsOf((f) => {
      f.questions[5].key = f.questions[4].key;
      f.lessonTexts['lessons/03-vneid.md'] = undefined;
      f.questions[6].options = [{ key: 'a', text: 'Chỉ một lựa chọn', correct: true }];
      f.questions = f.questions.filter((q) => q.lesson !== 'tro-ly-ai');
    });
    const text = problems.join('\n');
    expect(text).toMatch(/duplicate question key/);
    expect(text).toMatch(/\(vneid\): file "lessons\/03-vneid\.md" not found/);
    expect(text).toMatch(/a question has 2 to 6 options, not 1/);
    expect(text).toMatch(/lesson tro-ly-ai has no questions/);
  });

  it('refuses a framework competency filed under the wrong domain, and lists every problem at once', () => {
    const problems = problemsOf((f) => {
      f.framework.domains[0].competencies[0].code = '3.9';
      f.course.lessons[0].estimatedMinutes = 0;
    });
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.join('\n')).toMatch(/competency 3\.9 is not under domain 0/);
    expect(problems.join('\n')).toMatch(/estimatedMinutes must be a whole number/);
    expect(() => checkLearningReferenceData({ ...shippedFiles(), questions: {} })).toThrow(/questions\.json: must be a list/);
  });
});
