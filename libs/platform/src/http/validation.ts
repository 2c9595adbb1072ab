import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import { commonError } from './app-error';
import { constraintMessage } from './validation-messages';

export interface FieldProblem {
  field: string;
  /** The failed check's stable name (class-validator's constraint, e.g. `maxLength`). */
  rule: string;
  /** Vietnamese, for people. */
  message: string;
}

interface ConstraintMetadata {
  name?: string;
  type: string;
  propertyName: string;
  constraints?: unknown[];
  message?: string | ((args: ValidationArguments) => string);
}

/** The decorator behind a failed constraint of a property of a validated object, if it has one. */
function constraintOf(target: unknown, property: string, rule: string): ConstraintMetadata | undefined {
  const ctor = (target as { constructor?: unknown } | null | undefined)?.constructor;
  if (typeof ctor !== 'function' || ctor === Object || ctor === Array) return undefined;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(ctor, '', true, false) as ConstraintMetadata[];
  return metadata.find((m) => m.propertyName === property && (m.name ?? m.type) === rule);
}

/**
 * Flattens class-validator errors (nested objects and arrays included) into one list of field problems.
 * A message a DTO gives explicitly (Vietnamese, checked by validation-messages.e2e-spec.ts) is kept; every
 * other constraint gets the Vietnamese message of its kind (validation-messages.ts), whatever text the
 * library produced.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, text] of Object.entries(e.constraints ?? {})) {
      const constraint = constraintOf(e.target, e.property, rule);
      // @ValidateNested sets an English message of its own: it is never the DTO's
      const explicit = constraint?.message !== undefined && constraint.type !== 'nestedValidation' && text !== '';
      const message = explicit ? text : constraintMessage(rule, constraint?.constraints);
      out.push({ field, rule, message });
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
    // the validated object is kept on each error only to find the decorator that failed (its arguments
    // and explicit message); the answer carries neither the object nor the values
    validationError: { target: true, value: false },
    exceptionFactory: (errors) =>
      commonError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', flattenValidationErrors(errors)),
  });
}
