/**
 * One Jest run for the whole tree: unit specs beside the code (*.spec.ts), integration specs on a real
 * PostgreSQL (*.int-spec.ts) and end-to-end specs through HTTP (*.e2e-spec.ts). Each file that needs a
 * database gets its own, cloned from a migrated template that globalSetup prepares once.
 */
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,migrations}/**/*.{spec,int-spec,e2e-spec}.ts'],
  moduleNameMapper,
  // NestJS 12 and some of its dependencies ship ES modules only, which Jest on Node 20 cannot require():
  // the transformer compiles those (and our TypeScript) with swc and leaves CommonJS packages as they are.
  transformIgnorePatterns: [],
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '<rootDir>/libs/testing/jest/esm-aware-swc.transformer.js',
      {
        swcrc: false,
        sourceMaps: 'inline',
        module: { type: 'commonjs' },
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
          // swc rewrites the path aliases itself, so globalSetup (which ignores moduleNameMapper) resolves them too
          baseUrl: __dirname,
          paths: compilerOptions.paths,
        },
      },
    ],
  },
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // The "worker failed to exit gracefully" warning had no open handle behind it (none is left when the
  // last file ends): Node 20 keeps every vm context Jest creates (one per test file) reachable from the
  // process's cleanup queue until exit, so a worker that ran a dozen e2e files held ~1 GB, and freeing it
  // at exit took 0.5-1 s, past Jest's 500 ms grace (measured with heap snapshots, docs/operations.md).
  // A worker whose heap passes this bound after a file is replaced, so none grows that big: no warning,
  // less garbage collection, and the suite got faster.
  workerIdleMemoryLimit: '256MB',
  forceExit: false,
};
