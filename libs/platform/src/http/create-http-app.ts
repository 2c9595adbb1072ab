import { randomUUID } from 'node:crypto';
import { Logger, RequestMethod, type Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { EnvValidationError, loadEnv } from '../config/env';
import { addRequestLogging, createRootLogger, PinoNestLogger } from '../logging/logger';
import { AllExceptionsFilter } from './exception.filter';
import { API_PREFIX } from './api-prefix';
import { FastLane } from './fast-lane';
import { fastRouteOperation, type FastRouteSpec } from './fast-route';
import { ACCESS_RULE, type AccessRule } from '../access/access.decorators';
import { completeOperations, ErrorResponse } from './openapi';
import { QueryValuesInterceptor } from './query-params';
import { createValidationPipe } from './validation';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
  /** Routes served by Fastify directly (fast-route.ts), which Nest's scanner does not see. */
  fastRoutes?: FastRouteSpec[];
}

export interface HttpAppOptions {
  /** Serve routes under /api/v1 (health stays at /health/*). */
  apiPrefix: boolean;
  /** OpenAPI document, served at /docs (UI) and /docs-json. */
  openApi?: OpenApiInfo;
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
  const env = loadEnv();
  const root = createRootLogger(env.LOG_LEVEL, process.title);
  const logger = root.logger;
  const genReqId = (req: { headers: Record<string, string | string[] | undefined> }) => {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  };
  // Schemas of the routes served by Fastify directly (see fast-route.ts): coerce query strings,
  // apply defaults, and reject (not strip) unknown fields, like the validation pipe does.
  const ajv = {
    customOptions: { removeAdditional: false, coerceTypes: 'array' as const, useDefaults: true, allErrors: true, keywords: ['example'] },
  };
  const lane = new FastLane({ genReqId, ajv, trustProxy: true }, logger, env.LOG_REQUESTS);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    trustProxy: true,
    ajv,
    requestIdHeader: false,
    genReqId,
    serverFactory: lane.serverFactory,
  });
  const fastify = adapter.getInstance();
  fastify.decorate('fastLane', lane);
  fastify.addHook('onReady', () => lane.start());
  fastify.addHook('onClose', () => lane.close());
  fastify.addHook('onClose', async () => root.close());
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  if (env.LOG_REQUESTS) addRequestLogging(fastify, logger);

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  if (options.apiPrefix) applyApiPrefix(app);
  app.useGlobalInterceptors(new QueryValuesInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter({ production: env.NODE_ENV === 'production' }));
  app.enableShutdownHooks();

  let document: OpenAPIObject | undefined;
  if (options.openApi) {
    document = buildOpenApiDocument(app, options.openApi);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  }
  return { app, document };
}

/** Puts every route under /api/v1, except the health checks, the published keys (/.well-known/jwks.json) and the operations routes. */
export function applyApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: '.well-known/jwks.json', method: RequestMethod.GET },
      // operations (apps/api/src/operations): Prometheus' scrape and the queue dashboard's login
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'admin/queues/login', method: RequestMethod.ALL },
      { path: 'admin/queues/logout', method: RequestMethod.ALL },
    ],
  });
}

const PUBLIC: AccessRule = { public: true };
const operationIdOf = (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

/** The access rule of each controller route, by the operation id the document gives it. */
function accessRulesByOperation(app: NestFastifyApplication): Map<string, AccessRule> {
  const rules = new Map<string, AccessRule>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller?.prototype) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        if (method === 'constructor') continue;
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (typeof handler !== 'function') continue;
        const rule = (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller)) as AccessRule | undefined;
        if (rule) rules.set(operationIdOf(controller.name, method), rule);
      }
    }
  }
  return rules;
}

export function buildOpenApiDocument(app: NestFastifyApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'The server this document is served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponse],
    operationIdFactory: operationIdOf,
  });
  for (const spec of info.fastRoutes ?? []) {
    const path = `/${API_PREFIX}${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    document.paths[path] = { ...document.paths[path], get: fastRouteOperation(spec, '#/components/schemas/ErrorResponse') as never };
  }
  const rules = accessRulesByOperation(app);
  completeOperations(document.paths as never, (operationId) => (rules.get(operationId) ?? PUBLIC).public);
  document.paths = Object.fromEntries(Object.entries(document.paths).sort(([a], [b]) => a.localeCompare(b)));
  return document;
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

/**
 * The whole life of an HTTP process: validate the environment, build the app, listen on the port the
 * environment names, say where, and exit with a clear message if any of it fails.
 */
export function runHttpProcess(
  title: string,
  module: Type<unknown>,
  port: (env: ReturnType<typeof loadEnv>) => number,
  options: HttpAppOptions,
): void {
  process.title = title;
  const start = async () => {
    const env = loadEnv();
    const { app } = await createHttpApp(module, options);
    const url = await listen(app, port(env), env.HOST, env.SHUTDOWN_TIMEOUT_MS);
    new Logger(title).log(`listening on ${url}`);
  };
  start().catch((err: unknown) => {
    process.stderr.write(`${err instanceof EnvValidationError ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
}
