import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/env';
import { BufferedOutput } from './buffered-output';

/** The process's root logger and what stops it (flushes and clears its timer). */
export interface RootLogger {
  logger: Logger;
  close(): void;
}

/**
 * The process's root logger: JSON lines on stdout with one `service` field, written in batches
 * (BufferedOutput), flushed every second, when the application closes and when the process exits.
 * `close()` clears the flush timer and the exit listener: a process that builds several applications
 * (the tests) keeps none of a closed one alive. Headers are never logged (the request line has method
 * and url only), so no credential can reach the logs.
 */
export function createRootLogger(level: LogLevel, service: string, destination?: DestinationStream): RootLogger {
  const options = { level, base: { service }, messageKey: 'msg' };
  if (destination) return { logger: pino(options, destination), close: () => undefined };
  const stdout = new BufferedOutput(1);
  const flush = () => stdout.flush();
  const timer = setInterval(flush, 1000).unref();
  process.once('exit', flush);
  return {
    logger: pino(options, stdout),
    close() {
      clearInterval(timer);
      process.removeListener('exit', flush);
      flush();
    },
  };
}

/**
 * One log line per HTTP request, when it completes: request id, method, url, status and time in ms.
 * Level follows the status (5xx error, 4xx warn). Health checks are not logged. Written from one
 * onResponse hook with the root logger, so no per-request child logger is created on the hot path.
 */
export function addRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith('/health/')) logRequestCompleted(logger, request, reply);
    done();
  });
}

export function logRequestCompleted(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const statusCode = reply.statusCode;
  const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
  logger[level](
    { reqId: request.id, method: request.method, url: request.url, statusCode, responseTime: reply.elapsedTime },
    'request completed',
  );
}

/** Nest's logger interface over pino, so framework and service logs are the same JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    if (message !== null && typeof message === 'object') this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    // Nest calls error(message, stack?, context?)
    const context = params.length > 1 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.logger.error({ context, err: message }, message.message);
    else if (message !== null && typeof message === 'object') this.logger.error({ context, stack, ...message });
    else this.logger.error({ context, stack }, String(message));
  }
}
