import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { commonError } from './app-error';

/** Vietnamese wording of the class-validator constraints we use; others keep the library's text. */
const CONSTRAINT_MESSAGES: Record<string, (c: string) => string> = {
  whitelistValidation: () => 'trường này không được phép',
  isDefined: () => 'bắt buộc phải có',
  isNotEmpty: () => 'không được để trống',
  isString: () => 'phải là chuỗi ký tự',
  isInt: () => 'phải là số nguyên',
  isNumber: () => 'phải là số',
  isBoolean: () => 'phải là true hoặc false',
  isUUID: () => 'phải là mã UUID',
  isEnum: (c) => `phải là một trong các giá trị cho phép (${c.split(': ').pop() ?? ''})`,
  isIn: (c) => `phải là một trong các giá trị cho phép (${c.split(': ').pop() ?? ''})`,
  isArray: () => 'phải là danh sách',
  arrayMinSize: (c) => `danh sách quá ngắn (${c})`,
  arrayMaxSize: (c) => `danh sách quá dài (${c})`,
  arrayUnique: () => 'danh sách có phần tử trùng lặp',
  min: (c) => `giá trị quá nhỏ (${c})`,
  max: (c) => `giá trị quá lớn (${c})`,
  minLength: (c) => `quá ngắn (${c})`,
  maxLength: (c) => `quá dài (${c})`,
  matches: () => 'không đúng định dạng',
  nestedValidation: () => 'phải là một đối tượng hợp lệ',
};

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** Flattens class-validator errors (nested objects and arrays included) into one list of field problems. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, text] of Object.entries(e.constraints ?? {})) {
      const vi = CONSTRAINT_MESSAGES[rule];
      out.push({ field, rule, message: vi ? vi(text) : text });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** The global pipe: whitelist DTOs, reject unknown fields, convert types, answer 400 VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      commonError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', flattenValidationErrors(errors)),
  });
}
