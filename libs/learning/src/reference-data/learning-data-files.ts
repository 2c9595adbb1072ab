import { existsSync } from 'node:fs';
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
