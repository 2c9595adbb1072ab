import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { applyApiPrefix, buildOpenApiDocument } from '@hvs/platform';
import { AppModule } from './app.module';
import { API_OPENAPI_INFO } from './openapi';

/**
 * Writes the api's OpenAPI document to docs/openapi.json without a database or Redis: the app is
 * built in preview mode, which reads the routes but creates no providers.
 * With --check, exits 1 when the committed file differs from what the code describes.
 */
export async function renderOpenApi(): Promise<string> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  applyApiPrefix(app);
  const document = buildOpenApiDocument(app, API_OPENAPI_INFO);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const file = resolve(process.argv.find((a) => a.endsWith('.json')) ?? 'docs/openapi.json');
  const text = await renderOpenApi();
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      /* a missing file is a difference */
    }
    if (current !== text) {
      process.stderr.write(`${file} is out of date: run "npm run openapi" and commit it\n`);
      process.exit(1);
    }
    process.stdout.write(`${file} is up to date\n`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
}
