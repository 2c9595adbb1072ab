import { randomBytes } from 'node:crypto';
import { EnvValidationError, loadEnv } from '@hvs/platform';
import { Outcome, type CommandOutcome } from './command-outcome';
import { rebuildCoverage, refreshCoverageAgeBands, verifyCoverage } from './commands/coverage';
import { migrate, seedDemo, seedReference } from './commands/database';
import { learnDemo } from './commands/learn-demo';
import type { Say } from './commands/say';
import { ensureServices } from './commands/services';
import { rotateKeys } from './commands/rotate-keys';
import { start } from './commands/start';

export const USAGE = `usage: hvs <command>
  start        check services, migrate, load reference + demo data, run api, worker and vneid-mock
  setup        migrate, then load reference and demo data (what start does before it runs anything)
  migrate      apply pending migrations (creates the database if missing)
  seed         load reference data (official units) and demo data; idempotent
  seed:reference  load only the reference data
  keys         print new secret keys as environment lines (e.g. > .env for docker compose)
  pii:rotate   re-encrypt personal data under the current key (PII_ENCRYPTION_KEY_ID)
  learn-demo   walk the demo resident through the core course over a running api (API_URL; --help)
  coverage:verify   recount the coverage figures from the base tables; exit 1 on any difference
  coverage:rebuild  recompute the coverage projection and counters from the base tables
  coverage:age-bands  move the residents whose age band changed by today (the worker does it daily and at start)
exit code: 0 when what the command is for holds (done now or already), 1 when it does not,
  2 for a wrong command line, 75 when it does not hold yet and the same command can succeed later`;

type Command = (args: string[], say: Say) => Promise<CommandOutcome>;

const servicesMissing = () => Outcome.failed('PostgreSQL or Redis is not reachable');

function printKeys(): CommandOutcome {
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
      `METRICS_TOKEN=${randomBytes(32).toString('base64url')}`,
      `CERTIFICATE_SIGNING_KEYS=c1:${randomBytes(32).toString('base64url')}`,
      'CERTIFICATE_SIGNING_KEY_ID=c1',
      '',
    ].join('\n'),
  );
  return Outcome.holds();
}

function printUsage(): CommandOutcome {
  process.stdout.write(`${USAGE}\n`);
  return Outcome.holds();
}

/** Every command, by name: each says what it does and returns its outcome (command-outcome.ts). */
export const COMMANDS: Readonly<Record<string, Command>> = {
  start: (_args, say) => start(say),
  setup: async (_args, say) => {
    if (!(await ensureServices(loadEnv(), say))) return servicesMissing();
    await migrate(say);
    await seedReference(say);
    await seedDemo(say);
    await rebuildCoverage(say);
    return Outcome.holds();
  },
  migrate: async (_args, say) => {
    if (!(await ensureServices(loadEnv(), say))) return servicesMissing();
    await migrate(say);
    return Outcome.holds();
  },
  seed: async (_args, say) => {
    await seedReference(say);
    await seedDemo(say);
    return Outcome.holds();
  },
  'seed:reference': async (_args, say) => {
    await seedReference(say);
    return Outcome.holds();
  },
  keys: async () => printKeys(),
  'pii:rotate': async (_args, say) => {
    await rotateKeys(say);
    return Outcome.holds();
  },
  'learn-demo': (args, say) => learnDemo(args, say),
  'coverage:verify': (_args, say) => verifyCoverage(say),
  'coverage:rebuild': (_args, say) => rebuildCoverage(say),
  'coverage:age-bands': (_args, say) => refreshCoverageAgeBands(say),
  help: async () => printUsage(),
  '--help': async () => printUsage(),
  '-h': async () => printUsage(),
};

/**
 * Runs `argv` (the command and its arguments) and returns its outcome; main.ts exits with its code. A
 * command that throws has failed (its message on stderr); a wrong command line prints the usage.
 */
export async function runCli(argv: readonly string[], say: Say, commands: Readonly<Record<string, Command>> = COMMANDS): Promise<CommandOutcome> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : Object.hasOwn(commands, name) ? commands[name] : undefined;
  let outcome: CommandOutcome;
  if (!command) {
    outcome = Outcome.usage(name === undefined ? 'no command given' : `unknown command "${name}"`);
  } else {
    try {
      outcome = await command(args, say);
    } catch (err) {
      const reason = err instanceof EnvValidationError ? err.message : String((err as Error)?.stack ?? err);
      process.stderr.write(`${reason}\n`);
      return Outcome.failed(err instanceof Error ? err.message : String(err));
    }
  }
  if (outcome.kind === 'usage') process.stderr.write(`${outcome.reason}\n${command ? '' : `${USAGE}\n`}`);
  return outcome;
}
