// @ts-check
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin/nx';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/*
 * @nx/enforce-module-boundaries reads the project graph that Nx caches in .nx/workspace-data. When it
 * finds no cached graph it skips itself with only a warning, which would make `eslint .` in a fresh CI
 * checkout pass without checking any boundary. So when ESLint is not started by an Nx task (Nx has built
 * the graph already then), build or refresh the graph here. An error (e.g. a broken project.json) stops
 * ESLint instead of silently turning the rule off.
 */
if (!process.env.NX_TASK_TARGET_PROJECT) {
  await createProjectGraphAsync({ exitOnError: false });
}

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const TEST_FILES = ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts', 'jest.config.ts', 'jest.config.js'];

/** Who may import whom, by project tag (see docs/architecture.md). Tags live in each project.json. */
const DEP_CONSTRAINTS = {
  'type:app': ['type:feature', 'type:platform'],
  'type:feature': ['type:feature', 'type:platform'],
  'type:platform': ['type:platform', 'type:migrations'],
  'type:migrations': [],
  'type:testing': ['type:feature', 'type:platform', 'type:migrations', 'type:partner-mock'],
  // the VNeID-style partner mock (also type:app): tests run it in-process through libs/testing
  'type:partner-mock': ['type:feature', 'type:platform'],
  // bench/ measures the system as a user would: the HTTP API, and the libraries' public APIs to seed data
  'type:bench': ['type:feature', 'type:platform'],
};

/** Which library owns which table prefixes (the same map as libs/testing/src/architecture/table-owners.ts). */
const TABLE_OWNERS = [
  { lib: 'libs/geography', prefixes: ['geo_'] },
  { lib: 'libs/identity', prefixes: ['identity_'] },
  { lib: 'libs/learning', prefixes: ['learning_'] },
  { lib: 'libs/classes', prefixes: ['classes_'] },
  { lib: 'libs/certificates', prefixes: ['certificates_'] },
  { lib: 'libs/platform', prefixes: ['outbox_', 'audit_'] },
];

/**
 * no-restricted-syntax selectors for string and template literals naming a table of another capability.
 * @param {string[]} own the table prefixes the linted library owns
 */
function foreignTableSelectors(own) {
  const foreign = TABLE_OWNERS.flatMap((o) => o.prefixes).filter((p) => !own.includes(p));
  const table = `/\\b(${foreign.join('|')})[a-z_]*[a-z]\\b/`;
  const message = "Another capability's table: join the relation its published-sql.ts exports (or call its service).";
  return [
    { selector: `Literal[value=${table}]`, message },
    { selector: `TemplateElement[value.raw=${table}]`, message },
  ];
}

/**
 * @param {boolean} allowTesting spec files (only) may also import type:testing (@hvs/testing)
 */
function moduleBoundaries(allowTesting) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: Object.entries(DEP_CONSTRAINTS).map(([sourceTag, allowed]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: allowTesting && sourceTag !== 'type:testing' ? [...allowed, 'type:testing'] : allowed,
      })),
      // Specs import @hvs/testing and @hvs/testing imports the code under test, so the project graph has
      // testing <-> feature/platform/migrations cycles that exist only through spec files. Outside spec
      // files the tag rules above still forbid importing type:testing, so no production cycle can hide here.
      ignoredCircularDependencies: [
        ['tag:type:testing', 'tag:type:feature'],
        ['tag:type:testing', 'tag:type:platform'],
        ['tag:type:testing', 'tag:type:migrations'],
        ['tag:type:testing', 'tag:type:partner-mock'],
      ],
    },
  ];
}

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'tmp/', '.nx/', 'docs/openapi.json']),

  {
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    rules: {
      // tsc (noUnusedLocals/noUnusedParameters) already reports these; keep the lint rule for the cases
      // tsc misses, with the usual escape hatches for deliberately unused names.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  // Module boundaries between Nx projects (apps/*, libs/*, migrations, bench).
  {
    files: TS_FILES,
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(false) },
  },
  {
    files: TEST_FILES,
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(true) },
  },
  // The public-API rule (docs/architecture.md, "Rules"): a library is imported through its alias only,
  // and its index.ts names what it exports. libs/testing/src/architecture/public-api.spec.ts checks the same
  // and, in addition, that an index exports nothing other projects do not use.
  {
    files: TS_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@hvs/*/**'], message: "Import the library's public API (@hvs/<lib>), not its internals." }] }],
    },
  },
  // The table-ownership rule (docs/architecture.md, "Rules"): production SQL names only its own
  // capability's tables and joins the others through the relations of their published-sql.ts
  // (libs/testing/src/architecture/table-owners.ts and table-ownership.spec.ts, which also checks that
  // every table has an owner). Migrations, tests, libs/testing and bench/ are not held to it.
  ...TABLE_OWNERS.map(({ lib, prefixes }) => ({
    files: [`${lib}/src/**/*.ts`],
    ignores: TEST_FILES,
    rules: { 'no-restricted-syntax': ['error', ...foreignTableSelectors(prefixes)] },
  })),
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-syntax': ['error', ...foreignTableSelectors([])] },
  },

  // after the table rules: an index.ts holds no SQL, only its exports
  {
    files: ['libs/*/src/index.ts', 'migrations/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration[exported=null]', message: 'Name what the library exports (no export *): the rest stays internal.' }],
    },
  },

  // Plain CommonJS config files at the root (jest.config.js).
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  prettier,
);
