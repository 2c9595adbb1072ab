import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { commonError, errorBody } from './app-error';
import { BoundedCache } from '../cache/bounded-cache';
import { toAppError } from './exception.filter';
import { queryProblems } from './query-params';
import { keywordMessage } from './validation-messages';

/**
 * A read route served by Fastify directly, for hot paths over in-memory reference data (the geography
 * catalog): the query is validated and coerced by a compiled JSON schema and the response serialised
 * from its schema, without Nest's per-request machinery. It keeps every convention of the API: the
 * /api/v1 prefix, the error body and codes, request ids and logs, and it appears in the OpenAPI document.
 * Use it only for public reads that need no guard; everything else is a Nest controller.
 */
export interface FastRouteSpec<Q extends TSchema = TSchema, R extends TSchema = TSchema> {
  operationId: string;
  /** Path under /api/v1, with `:name` parameters. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Path parameters: validated by the handler (so a malformed code gets its own error code). */
  params?: Record<string, { description: string; example: string }>;
  querystring: Q;
  response: R;
  /** Error statuses the route can answer (documentation). */
  errors: number[];
}

export type FastRouteHandler<Q extends TSchema, R extends TSchema> = (input: {
  params: Record<string, string>;
  query: Static<Q>;
}) => Static<R>;

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** ajv's errors in the same shape as the validation pipe's: `{ field, rule, message }`. */
export function problemsFromAjv(errors: AjvError[]): Array<{ field: string; rule: string; message: string }> {
  return errors.map((e) => {
    const field =
      (e.params.additionalProperty as string | undefined) ??
      (e.params.missingProperty as string | undefined) ??
      e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return { field, rule: e.keyword, message: keywordMessage(e) };
  });
}

const logger = new Logger('HTTP');
/** The problems of a request's raw query (the shared rules of query-params.ts), when it has any. */
const rejectedQuery = new WeakMap<FastifyRequest, ReturnType<typeof queryProblems>>();

/** The parameter names a route's query schema declares, and which of them are integers. */
function queryNames(schema: TSchema): { allowed: ReadonlySet<string>; integers: ReadonlySet<string> } {
  const properties = ((schema as { properties?: Record<string, { type?: string }> }).properties ?? {}) as Record<string, { type?: string }>;
  return {
    allowed: new Set(Object.keys(properties)),
    integers: new Set(Object.entries(properties).filter(([, p]) => p.type === 'integer').map(([name]) => name)),
  };
}
const JSON_TYPE = 'application/json; charset=utf-8';

export function sendError(request: FastifyRequest, reply: FastifyReply, exception: unknown): FastifyReply {
  const error = toAppError(exception);
  if (error.status >= 500) logger.error({ err: exception, requestId: request.id, url: request.url }, 'unexpected error');
  return reply.status(error.status).header('content-type', JSON_TYPE).send(errorBody(error, request.id));
}

/**
 * Remembers serialised responses of a route over data that changes rarely: the key names the input
 * (normalised), the generation changes when the data is reloaded, and the least recently used entries
 * go first. A hit costs a map lookup instead of the handler and the serialisation.
 */
export interface FastRouteCache<Q extends TSchema> {
  key: (input: { params: Record<string, string>; query: Static<Q> }) => string;
  generation: () => number;
  /** Upper bound of the memory the cached answers may take (keys and bodies). */
  maxBytes: number;
}

/** A bound on the number of answers too, so the cache's own bookkeeping stays small whatever their size. */
const RESPONSE_CACHE_MAX_ENTRIES = 100_000;

/**
 * The serialised answers of one fast route. Bound: `maxBytes` (keys and bodies), least recently used
 * out first. Invalidation: everything goes when the data's generation changes (a catalog reload).
 */
export class ResponseCache {
  private readonly entries: BoundedCache<string, Buffer>;
  private generation = -1;

  constructor(maxBytes: number) {
    this.entries = new BoundedCache({ maxEntries: RESPONSE_CACHE_MAX_ENTRIES, maxBytes, sizeOf: (body, key) => key.length * 2 + body.length });
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.bytes };
  }

  get(key: string, generation: number): Buffer | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
      return undefined;
    }
    return this.entries.get(key);
  }

  set(key: string, body: Buffer): void {
    this.entries.set(key, body);
  }
}

/**
 * The Fastify route of a fast-route spec. It sets the request-id header and writes the access-log line
 * itself (through `completed`), so the instance it is added to needs no hook on the hot path.
 */
export function fastRouteOptions<Q extends TSchema, R extends TSchema>(
  prefix: string,
  spec: FastRouteSpec<Q, R>,
  handler: FastRouteHandler<Q, R>,
  completed: (request: FastifyRequest, reply: FastifyReply) => void,
  cache?: FastRouteCache<Q>,
): RouteOptions {
  const responses = cache ? new ResponseCache(cache.maxBytes) : undefined;
  const { allowed, integers } = queryNames(spec.querystring);
  const respond = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    try {
      const rejected = rejectedQuery.get(request);
      if (rejected) throw commonError(400, 'VALIDATION_FAILED', rejected);
      if (request.validationError) {
        const validation = (request.validationError as { validation?: AjvError[] }).validation ?? [];
        throw commonError(400, 'VALIDATION_FAILED', problemsFromAjv(validation));
      }
      const input = { params: request.params as Record<string, string>, query: request.query as Static<Q> };
      if (!cache || !responses) return reply.send(handler(input));
      const key = cache.key(input);
      let json = responses.get(key, cache.generation());
      if (json === undefined) {
        // kept encoded: no UTF-8 encoding or length computation per response
        json = Buffer.from(JSON.stringify(handler(input)));
        responses.set(key, json);
      }
      return reply.header('content-type', JSON_TYPE).send(json);
    } catch (err) {
      return sendError(request, reply, err);
    }
  };
  return {
    method: 'GET',
    url: `/${prefix}${spec.path}`,
    schema: { querystring: spec.querystring, response: { 200: spec.response } },
    attachValidation: true,
    // the raw query, before the schema coerces it in place ("0x10" or " " would become a number)
    preValidation: (request, _reply, done) => {
      const problems = queryProblems(request.query as Record<string, unknown>, allowed, integers);
      if (problems.length > 0) rejectedQuery.set(request, problems);
      done();
    },
    handler: (request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('x-request-id', request.id);
      const sent = respond(request, reply);
      completed(request, reply);
      return sent;
    },
  };
}

/** The OpenAPI operation of a fast route, merged into the document Nest's Swagger module builds. */
export function fastRouteOperation(spec: FastRouteSpec, errorRef: string): Record<string, unknown> {
  const plain = <T>(schema: T): T => JSON.parse(JSON.stringify(schema)) as T;
  const query = plain(spec.querystring) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const parameters = [
    ...Object.entries(spec.params ?? {}).map(([name, p]) => ({
      name,
      in: 'path',
      required: true,
      description: p.description,
      schema: { type: 'string', example: p.example },
    })),
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: (query.required ?? []).includes(name),
      description: schema.description,
      schema,
    })),
  ];
  const errorText: Record<number, string> = { 400: 'Invalid input', 404: 'Unknown resource' };
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    parameters,
    responses: {
      200: { description: 'OK', content: { 'application/json': { schema: plain(spec.response) } } },
      ...Object.fromEntries(
        spec.errors.map((s) => [
          s,
          { description: errorText[s] ?? 'Error', content: { 'application/json': { schema: { $ref: errorRef } } } },
        ]),
      ),
    },
  };
}
