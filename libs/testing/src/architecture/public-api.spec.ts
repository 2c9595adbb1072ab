import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { exportsOf, importsOf, REPO_ROOT, sourceFiles } from '../source-scan';

/**
 * The public-API rule (docs/architecture.md, "Rules"): a library is used only through its alias
 * (`@hvs/<lib>`, its src/index.ts), and that index names what it exports (no `export *`), exporting only
 * what other projects use: everything else stays internal. A library's own tests import its internals
 * relatively; nothing reaches into another project by a deep alias or a relative path.
 */
const LIBS = ['platform', 'geography', 'identity', 'learning', 'classes', 'certificates', 'reporting', 'testing'];
const ALL = () => sourceFiles('libs', 'apps', 'bench', 'migrations');

/** The project a repository path belongs to: libs/<name>, apps/<name>, migrations or bench. */
export function projectOf(path: string): string {
  const [top, name] = path.split('/');
  return top === 'libs' || top === 'apps' ? `${top}/${name}` : top;
}

/** Imports of a file that bypass a project's public API (`text`: check given source instead of the file). */
export function deepImports(path: string, text?: string): string[] {
  const out: string[] = [];
  for (const imp of importsOf(path, text)) {
    if (/^@hvs\/[^/]+\/./.test(imp.specifier)) out.push(`${path}:${imp.line} imports ${imp.specifier}: use @hvs/<lib> (its index)`);
    if (imp.specifier.startsWith('.')) {
      const target = normalize(join(dirname(path), imp.specifier)).split('\\').join('/');
      if (projectOf(target) !== projectOf(path)) out.push(`${path}:${imp.line} imports ${imp.specifier} (${projectOf(target)}) by a relative path: use its alias`);
    }
  }
  return out;
}

/** `export *` re-exports of an index file (a namespace `export * as name` is a named export). */
export function starExports(path: string, text?: string): string[] {
  return exportsOf(path, text).star.map((from) => `${path}: export * from '${from}': name what the library exports`);
}

describe('public APIs', () => {
  it("every library's index.ts exists and names its exports (no export *)", () => {
    const indexes = sourceFiles('libs', 'migrations').filter((p) => /(^|\/)index\.ts$/.test(p));
    for (const lib of LIBS) expect(existsSync(join(REPO_ROOT, 'libs', lib, 'src', 'index.ts'))).toBe(true);
    expect(indexes.flatMap((p) => starExports(p))).toEqual([]);
  });

  it("nothing imports another project's internals (a deep @hvs/<lib>/... or a relative path into it)", () => {
    expect(ALL().flatMap((p) => deepImports(p))).toEqual([]);
  });

  it('an index exports only what other projects use (the rest stays internal)', () => {
    const usedFrom = new Map<string, Set<string>>(LIBS.map((lib) => [lib, new Set()]));
    for (const path of ALL()) {
      for (const imp of importsOf(path)) {
        const lib = /^@hvs\/([^/]+)$/.exec(imp.specifier)?.[1];
        if (lib && usedFrom.has(lib) && projectOf(path) !== `libs/${lib}`) for (const name of imp.names) usedFrom.get(lib)?.add(name);
      }
    }
    const unused = LIBS.flatMap((lib) =>
      exportsOf(`libs/${lib}/src/index.ts`)
        .names.filter((e) => !usedFrom.get(lib)?.has(e.name))
        .map((e) => `@hvs/${lib} exports ${e.name}, which no other project imports`),
    );
    expect(unused).toEqual([]);
  });

  describe('the checks themselves', () => {
    it('fail on export * and accept named and namespace exports', () => {
      expect(starExports('libs/x/src/index.ts', "export * from './a';\nexport { b } from './b';\nexport * as c from './c';")).toEqual([
        "libs/x/src/index.ts: export * from './a': name what the library exports",
      ]);
    });

    it("fail on a deep alias and on a relative path into another project, not on a library's own internals", () => {
      const source = [
        "import { a } from '@hvs/identity/src/residents/resident.repository';",
        "import { b } from '../../libs/learning/src/quizzes/draw';",
        "import { c } from '@hvs/identity';",
        "import { d } from './lib/checks';",
      ].join('\n');
      expect(deepImports('bench/scenarios/x.ts', source)).toEqual([
        'bench/scenarios/x.ts:1 imports @hvs/identity/src/residents/resident.repository: use @hvs/<lib> (its index)',
        'bench/scenarios/x.ts:2 imports ../../libs/learning/src/quizzes/draw (libs/learning) by a relative path: use its alias',
      ]);
      expect(deepImports('libs/certificates/test/x.int-spec.ts', "import { e } from '../src/certificates/serial';")).toEqual([]);
    });
  });
});
