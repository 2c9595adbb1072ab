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
  'type:testing': ['type:feature', 'type:platform', 'type:migrations'],
};

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

  // Module boundaries between Nx projects (apps/*, libs/*, migrations).
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
  // bench/ is not an Nx project: TypeScript rules only.
  {
    files: ['bench/**'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },

  // Plain CommonJS config files at the root (jest.config.js).
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  prettier,
);
