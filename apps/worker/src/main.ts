import 'reflect-metadata';
import { createHttpApp, EnvValidationError, listen, loadEnv } from '@hvs/platform';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  process.title = 'hvs-worker';
  const env = loadEnv();
  const { app } = await createHttpApp(WorkerModule, { apiPrefix: false });
  const url = await listen(app, env.WORKER_PORT, env.HOST, env.SHUTDOWN_TIMEOUT_MS);
  process.stdout.write(`${JSON.stringify({ level: 30, msg: `worker running, health on ${url}`, service: 'hvs-worker' })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof EnvValidationError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
