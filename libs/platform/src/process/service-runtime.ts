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
    // memory of a 100,000-row import depended on the machine's speed (368 MB on one VM, 430 MB on a
    // slower one; target 400 MB). With 512 MB the same import peaks at ~255 MB, as fast. The young
    // generation is set explicitly to V8's usual 16 MB semi-spaces: an old-space limit alone also
    // shrinks it (measured at 320 MB: authenticated reads 0.46-0.49 of the baseline instead of
    // 0.54-0.63, p95 180 instead of 110 ms). Larger semi-spaces cut the scavenges of an authenticated
    // read (0.125 ms of GC per request at 16 MB, 0.072 at 32, 0.022 at 64) at the cost of memory
    // (docs/benchmarks.md, auth-read). A container running the api needs 768 MB (docs/operations.md).
    nodeFlags: ['--enable-source-maps', '--max-old-space-size=512', '--max-semi-space-size=16'],
  },
  worker: { entry: 'apps/worker/src/main.js', nodeFlags: ['--enable-source-maps'] },
  'vneid-mock': { entry: 'apps/vneid-mock/src/main.js', nodeFlags: ['--enable-source-maps'] },
};
