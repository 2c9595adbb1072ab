import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { AppError, createValidationPipe, Env, type FieldProblem } from '@hvs/platform';
import { AppModule } from './app.module';

/**
 * Every constraint of every DTO, broken on purpose, answers a Vietnamese message with its stable rule
 * beside it: never class-validator's English default. The DTOs are the classes with validation metadata
 * once the api's module tree is loaded (every lib's controllers and their DTOs).
 */
void AppModule;

interface Constraint {
  name?: string;
  type: string;
  target: unknown;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  message?: unknown;
}

/** Metadata kinds that are not checks with a message (conditions, @Allow). */
const NOT_CHECKS = new Set(['conditionalValidation', 'whitelist']);

/** A value that breaks each kind of constraint (a new kind of constraint must be added here). */
const BAD_VALUES: Record<string, (c: unknown[]) => unknown> = {
  isDefined: () => undefined,
  isNotEmpty: () => '',
  isString: () => 123,
  isInt: () => 'x1',
  isNumber: () => 'x1',
  isBoolean: () => 'x1',
  isUuid: () => 'x1',
  isObject: () => 'x1',
  isIso8601: () => '2026-02-30',
  isIn: () => '__none__',
  isEnum: () => '__none__',
  isArray: () => 'x1',
  arrayMinSize: () => [],
  arrayMaxSize: (c) => Array.from({ length: Number(c[0]) + 1 }, (_, i) => `v${i}`),
  arrayUnique: () => ['a', 'a'],
  min: (c) => Number(c[0]) - 1,
  max: (c) => Number(c[0]) + 1,
  minLength: (c) => 'a'.repeat(Math.max(0, Number(c[0]) - 1)),
  maxLength: (c) => 'a'.repeat(Number(c[0]) + 1),
  maxUtf8Bytes: (c) => 'ă'.repeat(Number(c[0])),
  matches: (c) => ['!', '', 'a b', '0'].find((v) => !(c[0] as RegExp).test(v)),
  nestedValidation: () => 'x1',
  isMarkList: () => 'x1',
  isAnswerList: () => 'x1',
};

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const ENGLISH_WORDS = new Set(
  'must should be is are not or and the of than equal each contain longer shorter greater less valid format number string array'.split(' '),
);
const englishWords = (message: string) => message.toLowerCase().split(/[^\p{L}]+/u).filter((w) => ENGLISH_WORDS.has(w));

function dtoConstraints(): Array<{ key: string; dto: new () => object; constraint: Constraint }> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Constraint[]> };
  const cases = new Map<string, { key: string; dto: new () => object; constraint: Constraint }>();
  for (const target of storage.validationMetadatas.keys()) {
    // Under Jest some modules are evaluated twice, once outside the test's realm (a class, and functions
    // given as messages, that are not `instanceof Function` here): only this realm's copies are validated.
    if (!(target instanceof Function)) continue;
    // the environment is read by operators at boot (EnvValidationError), not a request DTO
    if (target === Env) continue;
    const dto = target as new () => object;
    for (const constraint of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false) as unknown as Constraint[]) {
      if (NOT_CHECKS.has(constraint.type)) continue;
      const rule = constraint.name ?? constraint.type;
      // under Jest a module can be evaluated twice, leaving two copies of a DTO class: test each check once
      const key = `${dto.name}.${constraint.propertyName} ${rule}${constraint.each ? ' (each)' : ''}`;
      if (!cases.has(key)) cases.set(key, { key, dto, constraint });
    }
  }
  return [...cases.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** class-validator's own text of each failed constraint of a property (what must not reach anyone). */
function libraryDefaults(dto: new () => object, plain: object, property: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (errors: ValidationError[], path: string) => {
    for (const e of errors) {
      const field = path ? `${path}.${e.property}` : e.property;
      if (field === property || field.startsWith(`${property}.`)) {
        for (const [rule, text] of Object.entries(e.constraints ?? {})) out.set(`${field} ${rule}`, text);
      }
      walk(e.children ?? [], field);
    }
  };
  walk(validateSync(plainToInstance(dto, plain) as object, { forbidUnknownValues: true }), '');
  return out;
}

const cases = dtoConstraints();
const pipe = createValidationPipe();

describe('validation messages of every DTO', () => {
  it('finds the DTOs of every capability', () => {
    const names = new Set(cases.map((c) => c.dto.name));
    // one request DTO of each lib, so an empty walk cannot pass
    for (const dto of ['PageQuery', 'CreateVillageBody', 'RegisterResidentBody', 'CreateCourseBody', 'CreateClassBody', 'SyncBody']) {
      expect(names).toContain(dto);
    }
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases.map((c) => [c.key, c] as const))('%s: Vietnamese, with its rule', async (_key, { dto, constraint }) => {
    const rule = constraint.name ?? constraint.type;
    const breaker = BAD_VALUES[rule];
    if (!breaker) throw new Error(`no bad value for the constraint "${rule}": add one to BAD_VALUES`);
    const bad = breaker(constraint.constraints ?? []);
    const plain = { [constraint.propertyName]: constraint.each ? [bad] : bad };

    const meta: ArgumentMetadata = { type: 'body', metatype: dto, data: undefined };
    const thrown: unknown = await pipe.transform(plain, meta).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const ofProperty = (field: string) => field === constraint.propertyName || field.startsWith(`${constraint.propertyName}.`);
    const problems = (error.details as FieldProblem[]).filter((p) => ofProperty(p.field));
    expect(problems.map((p) => p.rule)).toContain(rule);
    const defaults = libraryDefaults(dto, plain, constraint.propertyName);
    for (const problem of problems) {
      expect(problem.rule).toMatch(/^[a-zA-Z0-9]+$/);
      expect(problem.message).toMatch(VIETNAMESE_LETTER);
      expect(englishWords(problem.message)).toEqual([]);
      const libraryText = defaults.get(`${problem.field} ${problem.rule}`);
      if (libraryText !== undefined && englishWords(libraryText).length > 0) expect(problem.message).not.toBe(libraryText);
    }
  });
});
