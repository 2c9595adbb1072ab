import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { TABULAR_CONTENT_TYPES } from './tabular-source';

/**
 * Lets CSV and XLSX files through Fastify unread: for those content types the request body is the raw
 * stream (`request.body`), which an import reads row by row (openTabularTable). Fastify's bodyLimit does
 * not apply to a stream; the reader counts the bytes itself. Nothing else is sent with these content
 * types, and JSON routes are unaffected. Any module with a file import provides it (registered once).
 */
@Injectable()
export class TabularBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return; // not an HTTP process (CLI, worker)
    for (const type of TABULAR_CONTENT_TYPES) {
      if (!fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    }
  }
}
