import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { getMetadataStorage, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Observable } from 'rxjs';
import { commonError } from './app-error';
import type { FieldProblem } from './validation';
import { constraintMessage } from './validation-messages';

/**
 * The one definition of what a query string may hold, for every route of the API: Nest controllers
 * (QueryInt in their query DTOs, and QueryValuesInterceptor for the rest) and the fast lane
 * (fast-route.ts) alike. Bad values answer 400 VALIDATION_FAILED with a `{ field, rule, message }` each.
 *
 * - An integer is written in decimal digits only: no sign, exponent, fraction, hex, blank or `Infinity`
 *   (`limit=1e309`, `limit=0x10`, `offset= ` are refused, not read as Infinity, 16 or 0).
 * - Every parameter appears at most once (a repeated one would arrive as an array).
 * - No control characters (a NUL byte would reach PostgreSQL), at most MAX_QUERY_VALUE_LENGTH characters.
 * - A route accepts only the parameters it declares; one that declares none accepts none.
 */
export const QUERY_INTEGER_PATTERN = /^(0|[1-9][0-9]{0,14})$/;
export const MAX_QUERY_VALUE_LENGTH = 1000;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const problem = (field: string, rule: string, constraints: unknown[] = []): FieldProblem => ({
  field,
  rule,
  message: constraintMessage(rule, constraints),
});

/**
 * What is wrong with a raw query (values as the HTTP layer parsed them: strings, or arrays when
 * repeated). `allowed`: the names the route declares (null: do not check names, the DTO does);
 * `integers`: the names that hold an integer.
 */
export function queryProblems(
  query: Readonly<Record<string, unknown>> | null | undefined,
  allowed: ReadonlySet<string> | null,
  integers: ReadonlySet<string> = new Set(),
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (allowed && !allowed.has(name)) {
      out.push(problem(name, 'whitelistValidation'));
    } else if (typeof value !== 'string') {
      out.push(problem(name, 'singleValue'));
    } else if (value.length > MAX_QUERY_VALUE_LENGTH) {
      out.push(problem(name, 'maxLength', [MAX_QUERY_VALUE_LENGTH]));
    } else if (CONTROL_CHARACTERS.test(value)) {
      out.push(problem(name, 'noControlCharacters'));
    } else if (integers.has(name) && !QUERY_INTEGER_PATTERN.test(value)) {
      out.push(problem(name, 'isInt'));
    }
  }
  return out;
}

export function assertQuery(
  query: Readonly<Record<string, unknown>> | null | undefined,
  allowed: ReadonlySet<string> | null,
  integers?: ReadonlySet<string>,
): void {
  const problems = queryProblems(query, allowed, integers);
  if (problems.length > 0) throw commonError(400, 'VALIDATION_FAILED', problems);
}

/** A decimal query integer, or the raw value unchanged so that IsInt refuses it. */
function toQueryInteger({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && QUERY_INTEGER_PATTERN.test(value) ? Number(value) : value;
}

/** An optional integer query parameter between `min` and `max`: the one way a query DTO declares a number. */
export function QueryInt(options: { min: number; max: number; default?: number; description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: options.min, maximum: options.max, default: options.default, description: options.description }),
    IsOptional(),
    Transform(toQueryInteger),
    IsInt(),
    Min(options.min),
    Max(options.max),
  );
}

interface RouteArg {
  index: number;
  data?: unknown;
}

/** The query parameter names a handler declares: its @Query() DTO's properties, or @Query('name') names; null when it takes the whole query untyped. */
function declaredQuery(context: ExecutionContext): ReadonlySet<string> | null {
  const handler = context.getHandler();
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, RouteArg>;
  const names = new Set<string>();
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
    if (typeof arg.data === 'string') {
      names.add(arg.data);
      continue;
    }
    const types = (Reflect.getMetadata('design:paramtypes', context.getClass().prototype, handler.name) ?? []) as unknown[];
    const dto = types[arg.index];
    if (typeof dto !== 'function' || dto === Object) return null;
    for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) names.add(m.propertyName);
  }
  return names;
}

/**
 * Applies the query rules to every Nest route before its pipes run (after the guards: an anonymous
 * caller still gets 401 first). Integer syntax is checked by QueryInt in the DTOs.
 */
@Injectable()
export class QueryValuesInterceptor implements NestInterceptor {
  private readonly declared = new WeakMap<object, ReadonlySet<string> | null>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const handler = context.getHandler();
      if (!this.declared.has(handler)) this.declared.set(handler, declaredQuery(context));
      const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>();
      assertQuery(request.query, this.declared.get(handler) ?? null);
    }
    return next.handle();
  }
}
