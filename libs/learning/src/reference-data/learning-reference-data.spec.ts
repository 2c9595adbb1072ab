import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonReferences } from '../media/lesson-references';
import { CORE_COURSE_FOLDER, learningDataDir, readCourseMedia } from './learning-data-files';
import { checkLearningReferenceData, LearningDataError, readLearningReferenceData, type LearningReferenceFiles } from './learning-reference-data';

/** The shipped files, parsed, as a fresh copy each time (tests mutate them). */
function shippedFiles(): LearningReferenceFiles {
  const dir = learningDataDir();
  const json = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8')) as unknown;
  const lessonTexts: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'core-course', 'lessons'))) lessonTexts[`lessons/${f}`] = readFileSync(join(dir, 'core-course', 'lessons', f), 'utf8');
  return {
    framework: json('framework.json'),
    course: json('core-course/course.json'),
    questions: json('core-course/questions.json'),
    lessonTexts,
    media: readCourseMedia(dir, CORE_COURSE_FOLDER),
  };
}

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

type Files = { framework: Json; course: Json; questions: Json[]; lessonTexts: Record<string, string | undefined>; media: Record<string, Buffer> };

function problemsOf(mutate: (f: Files) => void): string[] {
  const files = shippedFiles() as unknown as Files;
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

  it('resolves every image and link of every lesson: images are shipped media files with Vietnamese alt text', () => {
    const data = readLearningReferenceData(learningDataDir());
    const media = readCourseMedia(learningDataDir(), CORE_COURSE_FOLDER);
    const images = data.lessons.flatMap((l) => lessonReferences(l.contentMd).filter((r) => r.kind === 'image'));
    expect(images.length).toBeGreaterThanOrEqual(10);
    expect(images.every((r) => /[àáảãạăâđèéêìíòóôơùúưỳý]/i.test(r.text))).toBe(true);
    expect(new Set(images.map((r) => r.target.split('/').pop()))).toEqual(new Set(Object.keys(media)));
  });

  it('refuses a broken image, an image from another site or without alt text, a link that resolves nowhere, and media nobody shows', () => {
    const problems = problemsOf((f) => {
      f.lessonTexts['lessons/02-internet-va-wifi.md'] += [
        '',
        '![Ảnh không có](/api/v1/learning/media/core-course/khong-co.svg)',
        '![Ảnh ngoài](https://example.org/anh.png)',
        '![](/api/v1/learning/media/core-course/wifi-settings.svg)',
        'Xem [bài trước](lessons/01-dien-thoai-thong-minh.md), [trang thật](https://dichvucong.gov.vn) và [nhãn][khong-dinh-nghia].',
        '<img src="/media/core-course/cu.png" alt="Ảnh cũ">',
        '```',
        '![trong mã](khong-kiem-tra.png)',
        '```',
      ].join('\n');
      f.media['thua.svg'] = f.media['wifi-settings.svg'];
      f.media['Anh To.PNG'] = Buffer.alloc(10);
      f.media['nang.png'] = Buffer.alloc(40 * 1024);
      f.media['co-script.svg'] = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><title>x</title><script>alert(1)</script></svg>');
      f.media['khong-title.svg'] = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>');
      f.media['tai-ngoai.svg'] = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><title>x</title><image href="https://example.org/a.png"/></svg>');
    });
    const text = problems.join('\n');
    expect(text).toMatch(/\(internet-va-wifi\): lessons\/02-internet-va-wifi\.md line \d+: image \/api\/v1\/learning\/media\/core-course\/khong-co\.svg is not a file of core-course\/media/);
    expect(text).toMatch(/image https:\/\/example\.org\/anh\.png is on another site/);
    expect(text).toMatch(/image \/api\/v1\/learning\/media\/core-course\/wifi-settings\.svg has no alt text/);
    expect(text).toMatch(/link lessons\/01-dien-thoai-thong-minh\.md does not resolve/);
    expect(text).toMatch(/link \(no target\) does not resolve/);
    expect(text).toMatch(/image \/media\/core-course\/cu\.png does not resolve/);
    expect(text).not.toMatch(/dichvucong|khong-kiem-tra/);
    expect(text).toMatch(/media\/thua\.svg: no lesson shows it/);
    expect(text).toMatch(/media\/Anh To\.PNG: the name must be/);
    expect(text).toMatch(/media\/nang\.png: 40960 bytes, over 32768/);
    expect(text).toMatch(/media\/co-script\.svg: an SVG with scripts/);
    expect(text).toMatch(/media\/khong-title\.svg: an SVG without a <title>/);
    expect(text).toMatch(/media\/tai-ngoai\.svg: an SVG that loads something from outside itself/);
  });
});
