import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { addRequestLogging } from '../logging/logger';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The fast lane: a lean Fastify instance on the same HTTP server as the Nest application, for the hot
 * public reads over in-memory reference data (fast-route.ts). Nest's adapter puts several hooks on
 * every request of its own Fastify instance (middleware runner, CORS, versioning, shutdown checks…);
 * on a route whose work is a cache lookup they cost more than the work. GET and HEAD requests are
 * offered to the lane first; anything it has no route for goes on to Nest untouched (GET requests have
 * no body, so nothing is consumed on the way). The lane keeps the API's conventions: request ids
 * (same header rules), the access log line, the error body.
 */
export class FastLane {
  readonly instance: FastifyInstance;
  private next?: RequestHandler;
  private active = false;
  private routes = 0;

  constructor(
    options: Pick<FastifyServerOptions, 'genReqId' | 'ajv' | 'trustProxy'>,
    logger: Logger,
    logRequests: boolean,
  ) {
    this.instance = Fastify({ ...options, requestIdHeader: false });
    this.instance.addHook('onRoute', () => {
      this.routes++;
    });
    this.instance.addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      done();
    });
    if (logRequests) addRequestLogging(this.instance, logger);
    this.instance.setNotFoundHandler((request, reply) => {
      reply.hijack();
      this.next?.(request.raw, reply.raw);
    });
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
