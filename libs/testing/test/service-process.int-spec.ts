import { readFileSync } from 'node:fs';
import { CompiledSystem, ServiceProcess } from '../src/service-process';
import { createTestDatabase, type TestDatabase } from '../src/test-database';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../src/test-redis';

/**
 * The system as `npm start` runs it: each service compiled and started as its own process, ready on
 * its port. Fails when the compiled code cannot start (e.g. a path alias missing from .swcrc), which
 * in-process tests never see.
 */
describe('the compiled services start as their own processes', () => {
  let system: CompiledSystem;
  let database: TestDatabase;
  const prefix = uniqueRedisPrefix();

  beforeAll(async () => {
    system = await CompiledSystem.build();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    await system?.remove();
  });

  it('compiles with the same path aliases as the type checker (every library resolvable in dist/)', () => {
    const tsconfig = JSON.parse(readFileSync('tsconfig.base.json', 'utf8'));
    const swcrc = JSON.parse(readFileSync('.swcrc', 'utf8'));
    expect(swcrc.jsc.paths).toEqual(tsconfig.compilerOptions.paths);
  });

  it.each(['api', 'worker', 'vneid-mock'] as const)('%s answers ready, and a SIGKILL ends it at once; it starts again', async (service) => {
    const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix };
    const p = await ServiceProcess.start(service, system, env);
    try {
      const ready = await fetch(`${p.url}/health/ready`);
      expect(ready.status).toBe(200);
      await p.kill9();
      expect(p.running).toBe(false);
      await expect(fetch(`${p.url}/health/live`)).rejects.toThrow();
      await p.restart();
      expect(p.starts).toBe(2);
      expect((await fetch(`${p.url}/health/live`)).status).toBe(200);
    } finally {
      await p.stop();
    }
  });
});
