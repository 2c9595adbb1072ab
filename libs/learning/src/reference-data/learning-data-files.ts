import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The learning content shipped in the repository (libs/learning/data: the competency framework and the
 * core course), found from wherever the code runs: the TypeScript sources (tests) or the compiled tree
 * under dist/ (the Docker image copies the data next to it).
 */
export function learningDataDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'libs', 'learning', 'data');
    if (existsSync(join(candidate, 'framework.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('libs/learning/data/framework.json not found above ' + __dirname);
}

/** The folder of the core course in the learning data (its lessons, questions and media). */
export const CORE_COURSE_FOLDER = 'core-course';

/** The media files of a course folder (`<dir>/<course>/media/`), by file name: none when it has no such folder. */
export function readCourseMedia(dir: string, course: string): Record<string, Buffer> {
  const folder = join(dir, course, 'media');
  if (!existsSync(folder)) return {};
  const media: Record<string, Buffer> = {};
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile()) media[entry.name] = readFileSync(join(folder, entry.name));
  }
  return media;
}
