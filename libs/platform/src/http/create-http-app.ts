import { randomUUID } from 'node:crypto';
import { RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './exception.filter';
import { createValidationPipe } from './validation';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface HttpAppOptions {
  /** Serve routes under /api/v1 (health stays at /health/*). */
  apiPrefix: boolean;
  /** OpenAPI document, served at /docs (UI) and /docs-json. */
  openApi?: { title: string; description: string; version: string };
  bodyLimitBytes?: number;
}

/**
 * Builds a Nest application on Fastify with the conventions every process shares: request ids,
 * JSON logs, the global validation pipe, the one error body, OpenAPI and graceful shutdown.
 * The caller decides when to listen; tests call `init()` instead.
 */
export async function createHttpApp(
  module: Type<unknown>,
  options: HttpAppOptions,
): Promise<{ app: NestFastifyApplication; document?: OpenAPIObject }> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    trustProxy: true,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as unknown as { id: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  if (options.apiPrefix) applyApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  let document: OpenAPIObject | undefined;
  if (options.openApi) {
    document = buildOpenApiDocument(app, options.openApi);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  }
  return { app, document };
}

/** Puts every route under /api/v1, except the health checks. */
export function applyApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

export function buildOpenApiDocument(
  app: NestFastifyApplication,
  info: NonNullable<HttpAppOptions['openApi']>,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/**
 * Listens and arranges a bounded graceful shutdown: on SIGTERM/SIGINT Nest closes the server
 * (in-flight requests finish) and the modules; if that takes longer than `timeoutMs` the process exits.
 */
export async function listen(app: NestFastifyApplication, port: number, host: string, timeoutMs: number): Promise<string> {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => process.exit(1), timeoutMs).unref();
    });
  }
  await app.listen({ port, host });
  return app.getUrl();
}
