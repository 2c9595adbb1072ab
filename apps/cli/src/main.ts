import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { EnvValidationError, loadEnv } from '@hvs/platform';
import { migrate, seedDemo, seedReference } from './commands/database';
import { learnDemo } from './commands/learn-demo';
import { say } from './commands/say';
import { ensureServices } from './commands/services';
import { rotateKeys } from './commands/rotate-keys';
import { start } from './commands/start';

const USAGE = `usage: hvs <command>
  start        check services, migrate, load reference + demo data, run api, worker and vneid-mock
  setup        migrate, then load reference and demo data (what start does before it runs anything)
  migrate      apply pending migrations (creates the database if missing)
  seed         load reference data (official units) and demo data; idempotent
  seed:reference  load only the reference data
  keys         print new secret keys as environment lines (e.g. > .env for docker compose)
  pii:rotate   re-encrypt personal data under the current key (PII_ENCRYPTION_KEY_ID)
  learn-demo   walk the demo resident through the core course over a running api (API_URL; --help)`;

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start':
      return start(say);
    case 'setup':
      if (!(await ensureServices(loadEnv(), say))) return 1;
      await migrate(say);
      await seedReference(say);
      await seedDemo(say);
      return 0;
    case 'migrate':
      if (!(await ensureServices(loadEnv(), say))) return 1;
      await migrate(say);
      return 0;
    case 'seed':
      await seedReference(say);
      await seedDemo(say);
      return 0;
    case 'keys': {
      const key = (bytes: number) => randomBytes(bytes).toString('base64');
      process.stdout.write(
        [
          '# secrets for one deployment: keep them safe, never commit them',
          `PII_ENCRYPTION_KEYS=k1:${key(32)}`,
          'PII_ENCRYPTION_KEY_ID=k1',
          `PII_INDEX_KEY=${key(32)}`,
          `JWT_SECRET=${key(48)}`,
          `VNEID_CLIENT_SECRET=${key(32)}`,
          `VNEID_ADMIN_TOKEN=${key(32)}`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    case 'pii:rotate':
      await rotateKeys(say);
      return 0;
    case 'seed:reference':
      await seedReference(say);
      return 0;
    case 'learn-demo':
      return learnDemo(process.argv.slice(3), say);
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 2 : 0;
  }
}

process.title = 'hvs-cli';
main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof EnvValidationError ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
