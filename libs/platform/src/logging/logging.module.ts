import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Env } from '../config/env';

/** Structured JSON logs (pino) carrying the request id of the HTTP request that caused them. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Env],
      useFactory: (env: Env) => ({
        pinoHttp: {
          level: env.LOG_LEVEL,
          base: { service: process.title },
          messageKey: 'msg',
          // The id fastify gave the request (from a valid X-Request-Id header, or a new UUID).
          genReqId: (req) => (req as unknown as { id?: string }).id ?? 'unknown',
          autoLogging: env.LOG_REQUESTS
            ? // behind Nest's middleware layer req.url is relative to the mount point; originalUrl is the full path
              { ignore: (req) => ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').startsWith('/health/') }
            : false,
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customLogLevel: (_req, res, err) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
