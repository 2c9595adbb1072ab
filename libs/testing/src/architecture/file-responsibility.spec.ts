import { basename } from 'node:path';
import { classMethods, decoratedClasses, isTestFile, sourceFiles } from '../source-scan';

/**
 * One responsibility per file, named in one style: a controller per `*.controller.ts`, an entity per
 * `*.entity.ts`, a repository per `*.repository.ts` with a bounded number of public methods (a repository
 * that grows past it holds more than one aggregate: split it by aggregate).
 */
export const MAX_REPOSITORY_PUBLIC_METHODS = 15;

const production = () => sourceFiles('libs', 'apps', 'migrations').filter((path) => !isTestFile(path));

/** The problems of one file against the rules (`text`: check given source instead of the file). */
export function fileProblems(path: string, text?: string): string[] {
  const problems: string[] = [];
  const name = basename(path);
  const controllers = decoratedClasses(path, 'Controller', text);
  if (controllers.length > 1) problems.push(`${path} declares ${controllers.length} controllers (${controllers.join(', ')}): one per file`);
  if (controllers.length > 0 && !name.endsWith('.controller.ts')) problems.push(`${path} declares a controller: name it *.controller.ts`);
  const entities = decoratedClasses(path, 'Entity', text);
  if (entities.length > 1) problems.push(`${path} declares ${entities.length} entities (${entities.join(', ')}): one per file`);
  if (entities.length > 0 && !name.endsWith('.entity.ts')) problems.push(`${path} declares an entity: name it *.entity.ts`);
  const repositories = classMethods(path, text).filter((c) => c.name.endsWith('Repository'));
  if (repositories.length > 1) problems.push(`${path} declares ${repositories.length} repositories: one per file`);
  if (repositories.length > 0 && !name.endsWith('.repository.ts')) problems.push(`${path} declares a repository: name it *.repository.ts`);
  for (const repo of repositories) {
    if (repo.publicMethods.length > MAX_REPOSITORY_PUBLIC_METHODS) {
      problems.push(`${path}: ${repo.name} has ${repo.publicMethods.length} public methods (at most ${MAX_REPOSITORY_PUBLIC_METHODS}): split it by aggregate`);
    }
  }
  if (/\.(entities|dtos|controllers|repositories)\.ts$/.test(name)) problems.push(`${path}: plural file name, use one *.entity.ts / *.dto.ts / *.controller.ts / *.repository.ts each`);
  return problems;
}

describe('one responsibility per file', () => {
  it('holds for every production source file', () => {
    expect(production().flatMap((path) => fileProblems(path))).toEqual([]);
  });

  describe('the check itself', () => {
    const twoControllers = `
      @Controller('a') export class AController {}
      @Controller('b') export class BController {}`;
    it('fails on two controllers in a file', () => {
      expect(fileProblems('libs/x/src/a.controller.ts', twoControllers)).toEqual([
        'libs/x/src/a.controller.ts declares 2 controllers (AController, BController): one per file',
      ]);
    });

    it('fails on a repository past the limit of public methods, not counting private ones', () => {
      const methods = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => `${prefix}m${i}() {}`).join('\n');
      const at = `export class ARepository { ${methods(MAX_REPOSITORY_PUBLIC_METHODS)} ${methods(3, 'private ')} }`;
      const past = `export class ARepository { ${methods(MAX_REPOSITORY_PUBLIC_METHODS + 1)} }`;
      expect(fileProblems('libs/x/src/a.repository.ts', at)).toEqual([]);
      expect(fileProblems('libs/x/src/a.repository.ts', past)).toEqual([
        `libs/x/src/a.repository.ts: ARepository has ${MAX_REPOSITORY_PUBLIC_METHODS + 1} public methods (at most ${MAX_REPOSITORY_PUBLIC_METHODS}): split it by aggregate`,
      ]);
    });

    it('fails on entities together or outside a *.entity.ts file', () => {
      const two = `@Entity({ name: 'a' }) export class AEntity {}\n@Entity({ name: 'b' }) export class BEntity {}`;
      expect(fileProblems('libs/x/src/x.entities.ts', two)).toEqual([
        'libs/x/src/x.entities.ts declares 2 entities (AEntity, BEntity): one per file',
        'libs/x/src/x.entities.ts declares an entity: name it *.entity.ts',
        'libs/x/src/x.entities.ts: plural file name, use one *.entity.ts / *.dto.ts / *.controller.ts / *.repository.ts each',
      ]);
    });
  });
});
