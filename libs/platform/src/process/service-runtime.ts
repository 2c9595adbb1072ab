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
    // A young generation of 32 MB semi-spaces instead of V8's 16 MB: under load, the objects of the
    // requests in flight (rows, views, response text) are still alive at each scavenge of a small young
    // generation, so every scavenge copies and promotes them. Measured on auth-read: scavenge time per
    // request 0.125 ms (16 MB) -> 0.072 ms (32 MB) -> 0.022 ms (64 MB); 64 MB raised the peak memory of a
    // 100,000-row import to 463 MB (target < 400), 32 MB keeps it at 380 MB (docs/benchmarks.md).
    nodeFlags: ['--enable-source-maps', '--max-semi-space-size=32'],
  },
  worker: { entry: 'apps/worker/src/main.js', nodeFlags: ['--enable-source-maps'] },
  'vneid-mock': { entry: 'apps/vneid-mock/src/main.js', nodeFlags: ['--enable-source-maps'] },
};
