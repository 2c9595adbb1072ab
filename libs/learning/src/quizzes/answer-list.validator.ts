import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { UUID_FORMAT } from '@hvs/platform';

const MAX_CHOICES = 20;
const MAX_KEY_LENGTH = 40;

/**
 * What is wrong with a list of answers `[{ questionId, choices }]`, in Vietnamese, or null when it is
 * well formed: min..max items, each an object with exactly `questionId` (a UUID) and `choices` (at most
 * 20 distinct strings of at most 40 characters). Which questions and options exist is the attempt's
 * business (QuizErrors); this is only the shape.
 */
export function answerListProblem(value: unknown, min: number, max: number): string | null {
  if (!Array.isArray(value)) return 'phải là danh sách câu trả lời';
  if (value.length < min || value.length > max) return `phải có từ ${min} đến ${max} câu trả lời`;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return `câu trả lời ${i} phải là một đối tượng { questionId, choices }`;
    const extra = Object.keys(item).find((k) => k !== 'questionId' && k !== 'choices');
    if (extra !== undefined) return `câu trả lời ${i}: trường "${extra.slice(0, 40)}" không được phép`;
    const { questionId, choices } = item as { questionId?: unknown; choices?: unknown };
    if (typeof questionId !== 'string' || !UUID_FORMAT.test(questionId)) return `câu trả lời ${i}: questionId phải là mã UUID`;
    if (!Array.isArray(choices)) return `câu trả lời ${i}: choices phải là danh sách`;
    if (choices.length > MAX_CHOICES) return `câu trả lời ${i}: choices quá dài (tối đa ${MAX_CHOICES})`;
    if (choices.some((c) => typeof c !== 'string' || c.length === 0 || c.length > MAX_KEY_LENGTH)) {
      return `câu trả lời ${i}: mỗi lựa chọn phải là chuỗi ký tự từ 1 đến ${MAX_KEY_LENGTH} ký tự`;
    }
    if (new Set(choices).size !== choices.length) return `câu trả lời ${i}: choices có phần tử trùng lặp`;
  }
  return null;
}

/**
 * Validates a list of answers in one pass. A quiz submission carries 20 of them: as nested DTOs
 * (@ValidateNested) class-validator looked up its metadata and ran its pipeline once per answer, a
 * tenth of the api's CPU per submission (docs/benchmarks.md, quiz-submit); the checks are the same.
 */
export function IsAnswerList(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAnswerList',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [min, max],
      options: { message: (args: ValidationArguments) => answerListProblem(args.value, min, max) ?? 'không hợp lệ', ...options },
      validator: { validate: (value: unknown) => answerListProblem(value, min, max) === null },
    });
}
