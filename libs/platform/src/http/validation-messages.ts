/**
 * The Vietnamese wording of every input check, in one table per kind of check: class-validator's
 * constraints (the Nest validation pipe) and JSON-schema keywords (the fast lane's compiled schemas).
 * The key is the stable `rule` shown beside the message in `VALIDATION_FAILED` details. A check that
 * has no entry gets `FALLBACK_MESSAGE`, never a library's English default text.
 */

type Describe = (constraints: readonly unknown[]) => string;

const list = (values: unknown): string => (Array.isArray(values) ? values.map(String).join(', ') : '');
const allowed = (values: unknown) => `phải là một trong các giá trị cho phép: ${list(values)}`;

export const FALLBACK_MESSAGE = 'không hợp lệ';

/** By class-validator constraint name (`ValidationError.constraints` keys), from the constraint's arguments. */
export const CONSTRAINT_MESSAGES: Readonly<Record<string, Describe>> = {
  whitelistValidation: () => 'trường này không được phép',
  unknownValue: () => 'phải là một đối tượng',
  nestedValidation: () => 'phải là một đối tượng hợp lệ',
  isDefined: () => 'bắt buộc phải có',
  isNotEmpty: () => 'không được để trống',
  isString: () => 'phải là chuỗi ký tự',
  isInt: () => 'phải là số nguyên',
  isNumber: () => 'phải là số',
  isBoolean: () => 'phải là true hoặc false',
  isUuid: () => 'phải là mã UUID',
  isObject: () => 'phải là một đối tượng',
  isIso8601: () => 'phải là ngày giờ theo chuẩn ISO 8601',
  isIn: (c) => allowed(c[0]),
  isEnum: (c) => allowed(c[1] ?? Object.values((c[0] as object | undefined) ?? {})),
  isArray: () => 'phải là danh sách',
  arrayMinSize: (c) => `danh sách phải có ít nhất ${String(c[0])} phần tử`,
  arrayMaxSize: (c) => `danh sách chỉ được có tối đa ${String(c[0])} phần tử`,
  arrayUnique: () => 'danh sách có phần tử trùng lặp',
  min: (c) => `giá trị quá nhỏ (tối thiểu ${String(c[0])})`,
  max: (c) => `giá trị quá lớn (tối đa ${String(c[0])})`,
  minLength: (c) => `quá ngắn (tối thiểu ${String(c[0])} ký tự)`,
  maxLength: (c) => `quá dài (tối đa ${String(c[0])} ký tự)`,
  matches: () => 'không đúng định dạng',
  maxUtf8Bytes: (c) => `quá dài (tối đa ${String(c[0])} byte)`,
  singleValue: () => 'chỉ được có một giá trị',
  noControlCharacters: () => 'không được chứa ký tự điều khiển',
};

/** The message of a class-validator constraint that carries no message of its own. */
export function constraintMessage(rule: string, constraints: readonly unknown[] = []): string {
  return CONSTRAINT_MESSAGES[rule]?.(constraints) ?? FALLBACK_MESSAGE;
}

/** JSON-schema `type` values, worded like the matching class-validator constraint. */
const TYPE_RULES: Readonly<Record<string, string>> = {
  integer: 'isInt',
  number: 'isNumber',
  string: 'isString',
  boolean: 'isBoolean',
  array: 'isArray',
  object: 'isObject',
};

/** An error of a compiled JSON schema (ajv's shape). */
export interface SchemaKeywordError {
  keyword: string;
  params: Record<string, unknown>;
}

/** By JSON-schema keyword (ajv's `keyword`), from its params; same wording as the constraints above. */
export const KEYWORD_MESSAGES: Readonly<Record<string, (params: Record<string, unknown>) => string>> = {
  additionalProperties: () => constraintMessage('whitelistValidation'),
  required: () => constraintMessage('isDefined'),
  type: (p) => {
    const rule = TYPE_RULES[String(p.type).split(',')[0]];
    return rule ? constraintMessage(rule) : FALLBACK_MESSAGE;
  },
  minimum: (p) => constraintMessage('min', [p.limit]),
  maximum: (p) => constraintMessage('max', [p.limit]),
  minLength: (p) => constraintMessage('minLength', [p.limit]),
  maxLength: (p) => constraintMessage('maxLength', [p.limit]),
  pattern: () => constraintMessage('matches'),
  enum: (p) => allowed(p.allowedValues),
};

export function keywordMessage(error: SchemaKeywordError): string {
  return KEYWORD_MESSAGES[error.keyword]?.(error.params) ?? FALLBACK_MESSAGE;
}
