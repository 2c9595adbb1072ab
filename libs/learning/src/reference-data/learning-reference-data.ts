import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUESTION_TYPES, type QuestionOption, type QuestionType } from '../courses/question.entity';
import { QUESTION_KEY, questionProblem } from '../courses/question-rules';
import { lessonReferences, mediaFileOf, mediaFileProblem, referenceProblem } from '../media/lesson-references';
import { CORE_COURSE_FOLDER, readCourseMedia } from './learning-data-files';

/** framework.json: the competency framework, domains with their competencies. */
export interface FrameworkFile {
  domains: Array<{ code: string; name: string; description: string; competencies: Array<{ code: string; name: string }> }>;
}

/** One lesson of course.json; its text is in `file` (Markdown, relative to the course folder). */
export interface CourseFileLesson {
  slug: string;
  file: string;
  title: string;
  estimatedMinutes: number;
  competencies: string[];
}

/** course.json of a shipped course. */
export interface CourseFile {
  code: string;
  title: string;
  summary: string;
  lessons: CourseFileLesson[];
}

/** One entry of questions.json: options carry their `correct` flag (it is split off when stored). */
export interface QuestionFileEntry {
  key: string;
  lesson: string;
  competency: string;
  type: QuestionType;
  prompt: string;
  options: Array<QuestionOption & { correct: boolean }>;
  explanation: string;
}

/** The files as read, before any check: parsed JSON and the lesson texts by their path in course.json. */
export interface LearningReferenceFiles {
  framework: unknown;
  course: unknown;
  questions: unknown;
  lessonTexts: Record<string, string | undefined>;
  /** The files of the course's media/ folder (the images its lessons show), by name. */
  media: Record<string, Buffer>;
}

/** The checked content, lessons with their Markdown. */
export interface LearningReferenceData {
  framework: FrameworkFile;
  course: CourseFile;
  lessons: Array<CourseFileLesson & { contentMd: string }>;
  questions: QuestionFileEntry[];
}

/** Thrown when the shipped content does not hold together; lists every problem found. */
export class LearningDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`learning reference data is invalid (${problems.length} problem(s)):\n - ${problems.join('\n - ')}`);
    this.name = 'LearningDataError';
  }
}

/** The final assessment needs this many questions in the bank. */
export const CORE_FINAL_QUESTION_COUNT = 20;
export const MAX_LESSON_CONTENT_BYTES = 100 * 1024;
const DOMAIN_CODE = /^[0-9]{1,2}$/;
const COMPETENCY_CODE = /^[0-9]{1,2}\.[0-9]{1,2}$/;
const COURSE_CODE = /^[A-Z0-9][A-Z0-9-]{1,29}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/**
 * Checks the content files against each other and against the rules the database and the authoring API
 * enforce: codes and slugs well-formed and unique, every lesson competency in the framework, every
 * question's lesson and competency known (the competency one of its lesson's), options and answer key
 * valid (questionProblem), every lesson with questions for its check and enough for the final; every
 * image and link of every lesson resolving (referenceProblem: images are the course's own media files,
 * with alt text), every media file used by a lesson and fit to ship (mediaFileProblem).
 * Returns the typed content, or throws LearningDataError with every problem.
 */
export function checkLearningReferenceData(files: LearningReferenceFiles): LearningReferenceData {
  const problems: string[] = [];
  const competencyCodes = new Set<string>();

  // ---- framework ----
  const framework = files.framework;
  if (!isObj(framework) || !Array.isArray(framework.domains) || framework.domains.length === 0) {
    problems.push('framework.json: "domains" must be a non-empty list');
  } else {
    const domainCodes = new Set<string>();
    framework.domains.forEach((d: unknown, i) => {
      const where = `framework.json domains[${i}]`;
      if (!isObj(d)) return void problems.push(`${where}: not an object`);
      if (typeof d.code !== 'string' || !DOMAIN_CODE.test(d.code)) problems.push(`${where}: code "${String(d.code)}" must be 1-2 digits`);
      else if (domainCodes.has(d.code)) problems.push(`${where}: duplicate domain code ${d.code}`);
      else domainCodes.add(d.code);
      if (!isText(d.name)) problems.push(`${where}: name is missing`);
      if (typeof d.description !== 'string') problems.push(`${where}: description must be text`);
      if (!Array.isArray(d.competencies) || d.competencies.length === 0) return void problems.push(`${where}: competencies must be a non-empty list`);
      d.competencies.forEach((c: unknown, j) => {
        const at = `${where}.competencies[${j}]`;
        if (!isObj(c)) return void problems.push(`${at}: not an object`);
        if (typeof c.code !== 'string' || !COMPETENCY_CODE.test(c.code)) return void problems.push(`${at}: code "${String(c.code)}" must look like 4.1`);
        if (c.code.split('.')[0] !== d.code) problems.push(`${at}: competency ${c.code} is not under domain ${String(d.code)}`);
        if (competencyCodes.has(c.code)) problems.push(`${at}: duplicate competency code ${c.code}`);
        competencyCodes.add(c.code);
        if (!isText(c.name)) problems.push(`${at}: name is missing`);
      });
    });
  }

  // ---- course and lessons ----
  const course = files.course;
  const lessonCompetencies = new Map<string, string[]>();
  const lessons: LearningReferenceData['lessons'] = [];
  const mediaNames = new Set(Object.keys(files.media));
  const usedMedia = new Set<string>();
  if (!isObj(course)) {
    problems.push('course.json: not an object');
  } else {
    if (typeof course.code !== 'string' || !COURSE_CODE.test(course.code)) problems.push(`course.json: code "${String(course.code)}" is not a course code`);
    if (!isText(course.title)) problems.push('course.json: title is missing');
    if (typeof course.summary !== 'string') problems.push('course.json: summary must be text');
    if (!Array.isArray(course.lessons) || course.lessons.length === 0) problems.push('course.json: "lessons" must be a non-empty list');
    else {
      course.lessons.forEach((l: unknown, i) => {
        const where = `course.json lessons[${i}]`;
        if (!isObj(l)) return void problems.push(`${where}: not an object`);
        if (typeof l.slug !== 'string' || !SLUG.test(l.slug)) return void problems.push(`${where}: slug "${String(l.slug)}" is not a slug`);
        if (lessonCompetencies.has(l.slug)) problems.push(`${where}: duplicate lesson slug ${l.slug}`);
        if (!isText(l.title)) problems.push(`${where} (${l.slug}): title is missing`);
        if (!isInt(l.estimatedMinutes, 1, 240)) problems.push(`${where} (${l.slug}): estimatedMinutes must be a whole number from 1 to 240`);
        const comps = Array.isArray(l.competencies) ? l.competencies.map(String) : [];
        if (comps.length < 1 || comps.length > 5) problems.push(`${where} (${l.slug}): 1 to 5 competencies`);
        if (new Set(comps).size !== comps.length) problems.push(`${where} (${l.slug}): competencies repeat`);
        for (const c of comps) if (!competencyCodes.has(c)) problems.push(`${where} (${l.slug}): competency ${c} is not in the framework`);
        lessonCompetencies.set(l.slug, comps);
        const text = typeof l.file === 'string' ? files.lessonTexts[l.file] : undefined;
        if (text === undefined) return void problems.push(`${where} (${l.slug}): file "${String(l.file)}" not found`);
        if (text.trim() === '') problems.push(`${where} (${l.slug}): ${String(l.file)} is empty`);
        if (Buffer.byteLength(text, 'utf8') > MAX_LESSON_CONTENT_BYTES) problems.push(`${where} (${l.slug}): ${String(l.file)} is over 100 KB`);
        for (const ref of lessonReferences(text)) {
          const problem = referenceProblem(ref, CORE_COURSE_FOLDER, mediaNames);
          if (problem) problems.push(`${where} (${l.slug}): ${String(l.file)} line ${ref.line}: ${problem}`);
          const file = mediaFileOf(ref.target, CORE_COURSE_FOLDER);
          if (file !== null) usedMedia.add(file);
        }
        lessons.push({ ...(l as unknown as CourseFileLesson), competencies: comps, contentMd: text });
      });
    }
  }
  for (const [name, bytes] of Object.entries(files.media)) {
    const problem = mediaFileProblem(name, bytes);
    if (problem) problems.push(`media/${name}: ${problem}`);
    if (!usedMedia.has(name)) problems.push(`media/${name}: no lesson shows it`);
  }

  // ---- questions ----
  const questions = files.questions;
  const perLesson = new Map<string, number>();
  if (!Array.isArray(questions)) {
    problems.push('questions.json: must be a list');
  } else {
    const keys = new Set<string>();
    questions.forEach((q: unknown, i) => {
      if (!isObj(q)) return void problems.push(`questions.json [${i}]: not an object`);
      const where = `questions.json [${i}] (${String(q.key)})`;
      if (typeof q.key !== 'string' || !QUESTION_KEY.test(q.key)) problems.push(`${where}: key is not a question key`);
      else if (keys.has(q.key)) problems.push(`${where}: duplicate question key`);
      else keys.add(q.key);
      const lessonComps = typeof q.lesson === 'string' ? lessonCompetencies.get(q.lesson) : undefined;
      if (!lessonComps) problems.push(`${where}: lesson "${String(q.lesson)}" is not a lesson of the course`);
      else perLesson.set(q.lesson as string, (perLesson.get(q.lesson as string) ?? 0) + 1);
      if (typeof q.competency !== 'string' || !competencyCodes.has(q.competency)) problems.push(`${where}: competency "${String(q.competency)}" is not in the framework`);
      else if (lessonComps && !lessonComps.includes(q.competency)) problems.push(`${where}: competency ${q.competency} is not one of lesson ${String(q.lesson)}'s`);
      if (!QUESTION_TYPES.includes(q.type as QuestionType)) return void problems.push(`${where}: type "${String(q.type)}" is not one of ${QUESTION_TYPES.join(', ')}`);
      if (!isText(q.prompt)) problems.push(`${where}: prompt is missing`);
      if (!isText(q.explanation)) problems.push(`${where}: explanation is missing`);
      if (!Array.isArray(q.options) || !q.options.every((o) => isObj(o) && typeof o.key === 'string' && typeof o.text === 'string' && typeof o.correct === 'boolean')) {
        return void problems.push(`${where}: options must be a list of { key, text, correct }`);
      }
      const options = q.options as QuestionFileEntry['options'];
      const problem = questionProblem({
        type: q.type as QuestionType,
        options,
        correctKeys: options.filter((o) => o.correct).map((o) => o.key),
      });
      if (problem) problems.push(`${where}: ${problem.reason}`);
    });
    for (const slug of lessonCompetencies.keys()) {
      if (!perLesson.get(slug)) problems.push(`questions.json: lesson ${slug} has no questions (its lesson check needs some)`);
    }
    if (questions.length < CORE_FINAL_QUESTION_COUNT) {
      problems.push(`questions.json: the final assessment draws ${CORE_FINAL_QUESTION_COUNT} questions, the bank has ${questions.length}`);
    }
  }

  if (problems.length) throw new LearningDataError(problems);
  return { framework: framework as FrameworkFile, course: course as unknown as CourseFile, lessons, questions: questions as QuestionFileEntry[] };
}

/** Reads and checks the content files of `dir` (libs/learning/data): framework.json and core-course/ (with its media). */
export function readLearningReferenceData(dir: string): LearningReferenceData {
  const json = (path: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, path), 'utf8'));
    } catch (err) {
      throw new LearningDataError([`${path}: ${(err as Error).message}`]);
    }
  };
  const course = json(`${CORE_COURSE_FOLDER}/course.json`);
  const lessonTexts: Record<string, string | undefined> = {};
  if (isObj(course) && Array.isArray(course.lessons)) {
    for (const l of course.lessons as unknown[]) {
      if (!isObj(l) || typeof l.file !== 'string' || l.file.includes('..')) continue;
      try {
        lessonTexts[l.file] = readFileSync(join(dir, CORE_COURSE_FOLDER, l.file), 'utf8').normalize('NFC');
      } catch {
        lessonTexts[l.file] = undefined;
      }
    }
  }
  return checkLearningReferenceData({
    framework: json('framework.json'),
    course,
    questions: json(`${CORE_COURSE_FOLDER}/questions.json`),
    lessonTexts,
    media: readCourseMedia(dir, CORE_COURSE_FOLDER),
  });
}
