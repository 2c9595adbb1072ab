import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { major, satisfies } from 'semver';

function repoFile(name: string): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return readFileSync(join(dir, name), 'utf8');
}

/**
 * The Node.js lines the project runs on: the oldest still supported here (20.19, what this project's
 * machines have) and the recommended one, the current LTS named in .nvmrc and the Docker image.
 */
const OLDEST_SUPPORTED = '20.19.0';
const recommendedMajor = Number(repoFile('.nvmrc').trim());
const RECOMMENDED = `${recommendedMajor}.0.0`;

describe('Node.js runtime', () => {
  const pkg = JSON.parse(repoFile('package.json')) as { engines: { node: string } };
  const lock = JSON.parse(repoFile('package-lock.json')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean; dev?: boolean }>;
  };

  it('the recommended runtime is an even (LTS) line, newer than the oldest supported', () => {
    expect(recommendedMajor % 2).toBe(0);
    expect(recommendedMajor).toBeGreaterThan(major(OLDEST_SUPPORTED));
  });

  it('package.json engines accepts both the oldest supported and the recommended Node', () => {
    expect(satisfies(OLDEST_SUPPORTED, pkg.engines.node)).toBe(true);
    expect(satisfies(RECOMMENDED, pkg.engines.node)).toBe(true);
  });

  it('the Docker image runs the recommended Node, in every stage', () => {
    const froms = [...repoFile('Dockerfile').matchAll(/^FROM\s+node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(froms.length).toBeGreaterThan(0);
    expect(froms.every((m) => m === recommendedMajor)).toBe(true);
  });

  // `npm ci` prints EBADENGINE for every installed package whose engines.node excludes the running Node:
  // every package of the lock file must accept both lines, so neither install warns.
  it('every installed package accepts both Node lines (npm ci prints no EBADENGINE)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => {
        const range = (entry.engines as { node: string }).node;
        return !satisfies(OLDEST_SUPPORTED, range) || !satisfies(RECOMMENDED, range);
      })
      .map(([path, entry]) => `${path}@${entry.version} (node ${(entry.engines as { node: string }).node})`);
    expect(refusing).toEqual([]);
  });
});
