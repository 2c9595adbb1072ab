import 'reflect-metadata';
import { createHttpApp, EnvValidationError, listen, loadEnv } from '@hvs/platform';
import { AppModule } from './app.module';
import { API_OPENAPI_INFO } from './openapi';

async function main(): Promise<void> {
  process.title = 'hvs-api';
  const env = loadEnv();
  const { app } = await createHttpApp(AppModule, { apiPrefix: true, openApi: API_OPENAPI_INFO });
  const url = await listen(app, env.PORT, env.HOST, env.SHUTDOWN_TIMEOUT_MS);
  process.stdout.write(`${JSON.stringify({ level: 30, msg: `api listening on ${url}`, service: 'hvs-api' })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof EnvValidationError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
