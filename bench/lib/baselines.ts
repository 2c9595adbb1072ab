import { join } from 'node:path';
import { measureLoad, type HttpLoad, type LoadResult, type MeasureOptions } from './load';
import { freePort, log, spawnNode, stopProcess, waitForHttpOk, type ManagedProcess, type StopOutcome } from './processes';
import { DIST_ROOT } from './settings';
import type { BaselineName } from './types';

/**
 * A baseline server, started once and kept up (idle while not loaded) for all the rounds of a run:
 * measureBaseline() as many times as needed, then stopBaseline().
 */
export interface RunningBaseline {
  name: BaselineName;
  description: string;
  load: HttpLoad;
  process: ManagedProcess;
}

interface BaselineDefinition {
  description: string;
  /** Starts the server (tracked by processes.ts, so it is stopped on every path) and says how to load it. */
  start(options: { logPrefix: string }): Promise<{ process: ManagedProcess; load: HttpLoad }>;
}

/**
 * Reference measurements taken in the same run, on the same machine, with the same load settings.
 * A database-write baseline (raw multi-row INSERT through pg) belongs here when the first
 * write scenario (resident-import) arrives.
 */
const BASELINES: Record<BaselineName, BaselineDefinition> = {
  'http-hello-world': {
    description:
      'bare Fastify 5 hello-world route (GET / -> {"hello":"world"}, no logging, no plugins) in its own Node process, same load generator settings',
    async start(options) {
      const port = await freePort();
      const server = spawnNode('hello-server', join(DIST_ROOT, 'bench/baseline/hello-server.js'), {
        env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port) },
        logFile: `${options.logPrefix}.baseline.log`,
        ipc: true,
      });
      const baseUrl = `http://127.0.0.1:${port}`;
      try {
        await waitForHttpOk(`${baseUrl}/`, server, 15_000);
      } catch (err) {
        await stopProcess(server, 5000);
        throw err;
      }
      return { process: server, load: { baseUrl, description: 'GET / (hello world)', next: { path: '/' } } };
    },
  },
};

export async function startBaseline(name: BaselineName, options: { logPrefix: string }): Promise<RunningBaseline> {
  const def = BASELINES[name];
  const { process: proc, load } = await def.start(options);
  log(`baseline ${name} ready at ${load.baseUrl}`);
  return { name, description: def.description, load, process: proc };
}

/** One warm-up (if any) + measured run against the running baseline: the same code path as the scenario's. */
export function measureBaseline(baseline: RunningBaseline, options: Omit<MeasureOptions, 'server'>): Promise<LoadResult> {
  return measureLoad(baseline.load, { ...options, server: baseline.process });
}

export function stopBaseline(baseline: RunningBaseline, timeoutMs = 5000): Promise<StopOutcome> {
  return stopProcess(baseline.process, timeoutMs);
}
