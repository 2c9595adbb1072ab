import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { TSchema } from 'typebox';
import { logRequestCompleted } from '../logging/logger';
import { API_PREFIX } from './api-prefix';
import { fastRouteOptions, type FastRouteCache, type FastRouteHandler, type FastRouteSpec } from './fast-route';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
type RequestObserver = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * The fast lane: a lean Fastify instance on the same HTTP server as the Nest application, for the hot
 * public reads over in-memory reference data (fast-route.ts). Nest's adapter puts several hooks on
 * every request of its own Fastify instance (middleware runner, CORS, versioning, shutdown checks…);
 * on a route whose work is a cache lookup they cost more than the work. GET and HEAD requests are
 * offered to the lane first; anything it has no route for goes on to Nest untouched (GET requests have
 * no body, so nothing is consumed on the way). The lane keeps the API's conventions: request ids
 * (same header rules), the access log line, the error body. It has no hooks: each route sets its
 * request-id header and writes its log line itself.
 */
export class FastLane {
  readonly instance: FastifyInstance;
  private next?: RequestHandler;
  private active = false;
  private routes = 0;
  private readonly observers: RequestObserver[] = [];

  constructor(
    options: Pick<FastifyServerOptions, 'genReqId' | 'ajv' | 'trustProxy'>,
    private readonly logger: Logger,
    private readonly logRequests: boolean,
  ) {
    this.instance = Fastify({ ...options, requestIdHeader: false });
    this.instance.setNotFoundHandler((request, reply) => {
      reply.hijack();
      this.next?.(request.raw, reply.raw);
    });
  }

  /** Adds a GET route (under /api/v1) served by the lane. */
  get<Q extends TSchema, R extends TSchema>(
    spec: FastRouteSpec<Q, R>,
    handler: FastRouteHandler<Q, R>,
    cache?: FastRouteCache<Q>,
  ): void {
    const completed = (request: FastifyRequest, reply: FastifyReply) => {
      if (this.logRequests) logRequestCompleted(this.logger, request, reply);
      for (const observer of this.observers) observer(request, reply);
    };
    this.instance.route(fastRouteOptions(API_PREFIX, spec, handler, completed, cache));
    this.routes++;
  }

  /** Calls `observer` after each request a lane route answers (the request-duration metric). */
  observe(observer: RequestObserver): void {
    this.observers.push(observer);
  }

  /** Fastify's `serverFactory` for the Nest adapter: the one HTTP server, dispatching to the lane first. */
  readonly serverFactory = (handler: RequestHandler): Server => {
    this.next = handler;
    return createServer((req, res) => {
      if (this.active && (req.method === 'GET' || req.method === 'HEAD')) this.instance.routing(req, res);
      else handler(req, res);
    });
  };

  /** Opens the lane once its routes are registered (called when the Nest app's Fastify is ready). */
  async start(): Promise<void> {
    if (this.active || this.routes === 0) return; // nothing to serve: stay out of the way
    await this.instance.ready();
    this.active = true;
  }

  async close(): Promise<void> {
    this.active = false;
    await this.instance.close();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The fast lane sharing this instance's HTTP server, if the app has one (createHttpApp adds it). */
    fastLane?: FastLane;
  }
}
