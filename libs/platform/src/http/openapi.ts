import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class ErrorDetail {
  @ApiProperty({ example: 'COMMUNE_NOT_FOUND', description: 'Stable machine-readable code' })
  code!: string;
  @ApiProperty({ example: 'Không tìm thấy xã/phường có mã 99999.', description: 'Vietnamese message for people' })
  message!: string;
  @ApiPropertyOptional({ description: 'Extra information, e.g. the fields that failed validation' })
  details?: unknown;
  @ApiProperty({ example: '2d1f0a43-6a55-4a56-9d4c-64c5b0ab62f5' })
  requestId!: string;
}

export class ErrorResponse {
  @ApiProperty({ type: ErrorDetail })
  error!: ErrorDetail;
}

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'Invalid input (VALIDATION_FAILED or a specific code)',
  401: 'Not signed in (UNAUTHORIZED) or the token is not valid (INVALID_TOKEN)',
  403: 'Not allowed for your role (FORBIDDEN), or the unit named lies outside your scope (OUTSIDE_SCOPE)',
  404: 'Unknown resource',
  409: 'Conflicts with existing data',
  422: 'Well-formed but refers to something invalid',
  429: 'Too many requests: wait as long as Retry-After says',
};

/** Documents the error responses an endpoint can give, all with the one error body. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_TEXT[status] ?? 'Error', type: ErrorResponse })),
  );
}

type Operation = { operationId?: string; security?: Array<Record<string, string[]>>; responses?: Record<string, unknown> };
const ERROR_REF = '#/components/schemas/ErrorResponse';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * What follows from the code for every operation, written into the document rather than repeated on
 * each route: a public route (`Public()`, the fast lane, health) declares `security: []`, any other
 * the bearer token; every route may answer 400 (the query rules of query-params.ts apply to all), and
 * a protected one 401 and 403 (the access guard).
 * `isPublic(operationId)`: whether the route of that operation is public.
 */
export function completeOperations(paths: Record<string, Record<string, unknown>>, isPublic: (operationId: string) => boolean): void {
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const open = isPublic(op.operationId ?? '');
      op.security = open ? [] : [{ bearer: [] }];
      op.responses ??= {};
      for (const status of open ? [400] : [400, 401, 403]) {
        op.responses[status] ??= { description: ERROR_TEXT[status], content: { 'application/json': { schema: { $ref: ERROR_REF } } } };
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
}
