import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadEnv, SERVICE_RUNTIMES, type ServiceName } from '@hvs/platform';
import { Outcome, type CommandOutcome } from '../command-outcome';
import { migrate, seedDemo, seedReference } from './database';
import type { Say } from './say';
import { ensureServices } from './services';
import { rebuildCoverage } from './coverage';

interface ServiceSpec {
  name: ServiceName;
  port: number;
}

const distRoot = () => join(__dirname, '..', '..', '..', '..');

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url} after ${timeoutMs / 1000}s`);
}

/**
 * `npm start`: checks PostgreSQL and Redis, migrates, loads reference and demo data, then runs the api,
 * the worker and the VNeID mock together and prints where they are. Ctrl-C stops all three cleanly.
 * Its outcome comes when they have stopped: stopped on request (Ctrl-C, SIGTERM) it holds; a service
 * that did not start or stopped by itself is a failure.
 */
export async function start(say: Say): Promise<CommandOutcome> {
  const env = loadEnv();
  if (!(await ensureServices(env, say))) return Outcome.failed('PostgreSQL or Redis is not reachable');
  await migrate(say);
  await seedReference(say);
  await seedDemo(say);
  await rebuildCoverage(say);

  const services: ServiceSpec[] = [
    { name: 'api', port: env.PORT },
    { name: 'worker', port: env.WORKER_PORT },
    { name: 'vneid-mock', port: env.VNEID_MOCK_PORT },
  ];
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let stopped: (outcome: CommandOutcome) => void = () => undefined;
  const ended = new Promise<CommandOutcome>((resolve) => (stopped = resolve));

  const stopAll = (outcome: CommandOutcome) => {
    if (stopping) return;
    stopping = true;
    say('stopping api, worker and vneid-mock…');
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
    }, env.SHUTDOWN_TIMEOUT_MS + 2000);
    force.unref();
    const waitAll = [...children.values()].map(
      (c) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : c.once('exit', () => resolve()))),
    );
    void Promise.all(waitAll).then(() => {
      say('stopped');
      stopped(outcome);
    });
  };
  process.on('SIGINT', () => stopAll(Outcome.holds()));
  process.on('SIGTERM', () => stopAll(Outcome.holds()));

  for (const s of services) {
    // Own process group: Ctrl-C reaches only this supervisor, which stops the children in order.
    const runtime = SERVICE_RUNTIMES[s.name];
    const child = spawn(process.execPath, [...runtime.nodeFlags, join(distRoot(), runtime.entry)], {
      env: { ...process.env, MIGRATE_ON_START: 'false' },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    children.set(s.name, child);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        say(`${s.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the others`);
        stopAll(Outcome.failed(`${s.name} stopped unexpectedly`));
      }
    });
  }
  process.on('exit', () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  });

  try {
    await Promise.all(
      services.map((s) => waitForHealth(`http://127.0.0.1:${s.port}/health/live`, children.get(s.name) as ChildProcess, 60_000)),
    );
  } catch (err) {
    say(`a service did not start: ${(err as Error).message}`);
    stopAll(Outcome.failed(`a service did not start: ${(err as Error).message}`));
    return ended;
  }
  const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  say('Học Vụ Số is running:');
  say(`  API          http://${host}:${env.PORT}/api/v1   (e.g. /api/v1/geo/provinces)`);
  say(`  API docs     http://${host}:${env.PORT}/docs   (OpenAPI JSON: /docs-json)`);
  say(`  API health   http://${host}:${env.PORT}/health/ready`);
  say(`  Worker       http://${host}:${env.WORKER_PORT}/health/ready`);
  say(`  VNeID mock   http://${host}:${env.VNEID_MOCK_PORT}/health/ready   (partner API: docs/vneid-partner-api.md)`);
  say('Press Ctrl-C to stop.');
  return ended; // runs until a signal or a service stops
}
