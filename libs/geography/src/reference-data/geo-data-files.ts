import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The official unit lists shipped in the repository (libs/geography/data), found from wherever the
 * code runs: the TypeScript sources (tests) or the compiled tree under dist/.
 */
export function geoDataDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'libs', 'geography', 'data');
    if (existsSync(join(candidate, 'communes.csv'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('libs/geography/data/communes.csv not found above ' + __dirname);
}
