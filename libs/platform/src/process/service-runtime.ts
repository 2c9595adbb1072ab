/** The processes of the system, and how each is run in production. */
export type ServiceName = 'api' | 'worker' | 'vneid-mock';

export interface ServiceRuntime {
  /** Entry point, relative to the build output (dist/). */
  entry: string;
  /**
   * Node/V8 flags the process runs with, wherever it runs: `npm start`, docker-compose, the Dockerfile
   * and the benchmark all use these (a test checks the compose file and the Dockerfile).
   */
  nodeFlags: readonly string[];
}

export const SERVICE_RUNTIMES: Record<ServiceName, ServiceRuntime> = {
  api: {
    entry: 'apps/api/src/main.js',
    // A fixed old-space limit: without one V8 grows the heap with the allocation rate, so the peak
    // memory of a 100,000-row import depended on the machine's speed (368 MB on one VM, 433 MB on a
    // slower one, target 400 MB). At 320 MB the same import peaks at 250 MB with the same throughput;
    // the api's long-lived data (bounded caches, question banks) stays far below it. Memory limit of a
    // container running the api: 512 MB or more (docs/operations.md).
    // V8's default young generation (16 MB semi-spaces). Larger ones cut the scavenges of an
    // authenticated read (0.125 ms of GC per request at 16 MB, 0.072 at 32, 0.022 at 64) but raise the
    // peak memory of the import (docs/benchmarks.md, auth-read).
    nodeFlags: ['--enable-source-maps', '--max-old-space-size=320'],
  },
  worker: { entry: 'apps/worker/src/main.js', nodeFlags: ['--enable-source-maps'] },
  'vneid-mock': { entry: 'apps/vneid-mock/src/main.js', nodeFlags: ['--enable-source-maps'] },
};
