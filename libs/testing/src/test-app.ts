import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { seedGeoDemoData } from '@hvs/geography';
import { seedIdentityDemoData } from '@hvs/identity';
import { createHttpApp } from '@hvs/platform';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './test-database';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from './test-redis';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  db: DataSource;
  database: TestDatabase;
  redisPrefix: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  apiPrefix?: boolean;
  openApi?: { title: string; description: string; version: string };
  /** Extra environment for the app (e.g. REDIS_URL of a disposable Redis). */
  env?: Record<string, string>;
  /**
   * Share another test app's database and Redis prefix (a second api instance of the same system).
   * The first app keeps ownership: only it drops the database.
   */
  sameSystemAs?: TestApp;
}

/**
 * Boots a real Nest application (Fastify, global pipes and filters, everything as in production) on
 * its own database cloned from the template and its own Redis key prefix. One per test file.
 */
export async function createTestApp(module: Type<unknown>, options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.sameSystemAs;
  const database = shared ? { ...shared.database, drop: async () => undefined } : await createTestDatabase();
  const redisPrefix = shared ? shared.redisPrefix : uniqueRedisPrefix();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATE_ON_START: 'false',
    ...options.env,
  });
  const { app } = await createHttpApp(module, { apiPrefix: options.apiPrefix ?? true, openApi: options.openApi });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let db: DataSource | undefined;
  try {
    db = app.get<DataSource>(getDataSourceToken(), { strict: false });
  } catch {
    db = undefined; // an app without a database (the VNeID mock)
  }
  return {
    app,
    http: request(app.getHttpServer()),
    get db(): DataSource {
      if (!db) throw new Error('this test app has no database');
      return db;
    },
    database,
    redisPrefix,
    async close() {
      await app.close();
      if (shared) return;
      await clearRedisPrefix(redisPrefix, process.env.REDIS_URL ?? TEST_REDIS_URL).catch(() => undefined);
      await database.drop();
    },
  };
}

/**
 * A test app with the demo data loaded (demo villages and areas, one staff account per role with the
 * demo password): what most API tests start from.
 */
export async function createTestAppWithDemoData(module: Type<unknown>, options: TestAppOptions = {}): Promise<TestApp> {
  const t = await createTestApp(module, options);
  await seedGeoDemoData(t.app);
  await seedIdentityDemoData(t.app);
  return t;
}
