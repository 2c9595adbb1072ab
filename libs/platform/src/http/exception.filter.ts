import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { MissingScopeError } from '../access/access.decorators';
import { AppError, commonError, errorBody, type CommonErrorCode } from './app-error';

const STATUS_CODES: Partial<Record<number, CommonErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Turns anything thrown into `{ error: { code, message, details, requestId } }`.
 * Client errors keep their status; database constraint violations become 4xx; anything else is a
 * 500 whose internals are logged, never sent.
 */
function fromFastifyError(error: { code?: string; statusCode?: number }, status: number): AppError {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return commonError(400, 'INVALID_JSON');
  }
  return commonError(status, STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'));
}

export interface ErrorMapping {
  /** In production a wiring bug that would widen access (MissingScopeError) answers 403, elsewhere 500. */
  production?: boolean;
}

export function toAppError(exception: unknown, mapping: ErrorMapping = {}): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof MissingScopeError) return mapping.production ? commonError(403, 'FORBIDDEN') : commonError(500, 'INTERNAL_ERROR');
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest wraps Fastify's own errors (body parsing, content type, size) with the original as cause.
    const cause = exception.cause as { code?: unknown } | undefined;
    if (typeof cause?.code === 'string' && cause.code.startsWith('FST_')) return fromFastifyError(cause as { code: string }, status);
    const response = exception.getResponse();
    // Terminus answers 503 with the state of every check: keep it as details.
    if (status === HttpStatus.SERVICE_UNAVAILABLE && typeof response === 'object' && response && 'status' in response) {
      return commonError(status, 'NOT_READY', response);
    }
    return commonError(status, STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'));
  }
  const fastifyError = exception as { statusCode?: number; code?: string } | null;
  if (typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('FST_') && typeof fastifyError.statusCode === 'number') {
    return fromFastifyError(fastifyError, fastifyError.statusCode);
  }
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
    if (pgCode === '23505') return commonError(409, 'CONFLICT');
    if (pgCode === '23503' || pgCode === '23514') return commonError(422, 'BAD_REQUEST');
    if (pgCode === '22P02' || pgCode === '22001' || pgCode === '22003') return commonError(400, 'BAD_REQUEST');
  }
  return commonError(500, 'INTERNAL_ERROR');
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly mapping: ErrorMapping = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const error = toAppError(exception, this.mapping);
    if ((error.status >= 500 && error.code !== 'NOT_READY') || exception instanceof MissingScopeError) {
      this.logger.error(
        { err: exception, requestId: request?.id, url: request?.url },
        exception instanceof Error ? exception.message : 'unknown error',
      );
    }
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (error.status === 429 && typeof retryAfter === 'number') void reply.header('retry-after', String(Math.ceil(retryAfter)));
    void reply
      .status(error.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorBody(error, request?.id));
  }
}
