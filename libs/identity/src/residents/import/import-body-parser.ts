import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IMPORT_CONTENT_TYPES } from './import-source';

/**
 * Lets import files through Fastify unread: for the CSV and XLSX content types the request body is the
 * raw stream (`request.body`), which the import reads row by row. Fastify's bodyLimit does not apply
 * to a stream; the import counts the bytes itself (IMPORT_MAX_BYTES). Nothing else is sent with these
 * content types, and JSON routes are unaffected.
 */
@Injectable()
export class ImportBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return; // not an HTTP process (CLI, worker)
    for (const type of IMPORT_CONTENT_TYPES) {
      if (!fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    }
  }
}
