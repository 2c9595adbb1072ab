import { join } from 'node:path';
import { runLoad, type LoadResult } from './load';
import { freePort, log, spawnNode, stopProcess, waitForHttpOk } from './processes';
import { DIST_ROOT } from './settings';
import type { BaselineName } from './types';

export interface BaselineRunOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  logPrefix: string;
}

export interface BaselineMeasurement {
  name: BaselineName;
  description: string;
  result: LoadResult;
}

interface Baseline {
  description: string;
  measure(options: BaselineRunOptions): Promise<LoadResult>;
}

/**
 * Reference measurements taken in the same run, on the same machine, with the same load settings.
 * A database-write baseline (raw multi-row INSERT through pg) belongs here when the first
 * write scenario (resident-import) arrives.
 */
const BASELINES: Record<BaselineName, Baseline> = {
  'http-hello-world': {
    description:
      'bare Fastify 5 hello-world route (GET / -> {"hello":"world"}, no logging, no plugins) in its own Node process, same load generator settings',
    async measure(options) {
      const port = await freePort();
      const server = spawnNode('hello-server', join(DIST_ROOT, 'bench/baseline/hello-server.js'), {
        env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port) },
        logFile: `${options.logPrefix}.baseline.log`,
        ipc: true,
      });
      try {
        const baseUrl = `http://127.0.0.1:${port}`;
        await waitForHttpOk(`${baseUrl}/`, server, 15_000);
        const load = { baseUrl, description: 'GET / (hello world)', next: { path: '/' } };
        if (options.warmupS > 0) {
          log(`baseline warm-up ${options.warmupS}s…`);
          await runLoad(load, { connections: options.connections, durationS: options.warmupS });
        }
        log(`baseline: ${options.connections} connections for ${options.durationS}s…`);
        return await runLoad(load, { connections: options.connections, durationS: options.durationS, serverPid: server.child.pid });
      } finally {
        await stopProcess(server, 5000);
      }
    },
  },
};

export async function measureBaseline(name: BaselineName, options: BaselineRunOptions): Promise<BaselineMeasurement> {
  const b = BASELINES[name];
  return { name, description: b.description, result: await b.measure(options) };
}
