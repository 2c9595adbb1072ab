import 'reflect-metadata';
import { createHttpApp, EnvValidationError, listen, loadEnv } from '@hvs/platform';
import { VneidMockModule } from './vneid-mock.module';

async function main(): Promise<void> {
  process.title = 'hvs-vneid-mock';
  const env = loadEnv();
  const { app } = await createHttpApp(VneidMockModule, { apiPrefix: false });
  const url = await listen(app, env.VNEID_MOCK_PORT, env.HOST, env.SHUTDOWN_TIMEOUT_MS);
  process.stdout.write(`${JSON.stringify({ level: 30, msg: `vneid-mock listening on ${url}`, service: 'hvs-vneid-mock' })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof EnvValidationError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
