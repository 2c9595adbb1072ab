/**
 * `npm run bench:seed -- --residents 10000000 [--verify]`: the coverage scenarios' database.
 *
 * Drops and recreates BENCH_COVERAGE_DATABASE_URL, runs `cli setup` (migrations, reference and demo
 * data) with fresh keys, writes the synthetic population with COPY (bench/lib/coverage-seed.ts), then
 * VACUUM ANALYZE. Reports how long each step took and the database's size, in the output and in
 * bench/results/coverage-seed.json. With --verify, runs `cli coverage:verify` at the end (it must
 * report no difference).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parsePersonalDataKeys, PersonalDataCipher, ResidentPersonalDataCodec } from '@hvs/identity';
import { vietnamToday } from '@hvs/platform';
import { coverageSeedResult, recordCoverageSeed } from './lib/coverage-data';
import { ingestMs, seedCoverage } from './lib/coverage-seed';
import { log } from './lib/processes';
import { machineInfo } from './lib/report';
import { databaseName, readSettings, readOrReport, RESULTS_DIR, SettingsError } from './lib/settings';
import { newSystem, runKeys, runCli, setupDatabase, cliEnv } from './lib/system';
import { createRng } from './lib/text';

const ADULT_AGE = 18;
const PUBLIC_URL = 'http://127.0.0.1:3000';

function parseArgs(argv: string[]): { residents: number; verify: boolean } {
  let residents = 10_000_000;
  let verify = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--residents') {
      const raw = argv[++i] ?? '';
      if (!/^\d+$/.test(raw) || Number(raw) < 1000 || Number(raw) > 50_000_000) throw new SettingsError(`--residents must be a whole number from 1000 to 50000000 (got "${raw}")`);
      residents = Number(raw);
    } else if (argv[i] === '--verify') {
      verify = true;
    } else {
      throw new SettingsError(`unknown argument ${argv[i]}\nusage: npm run bench:seed -- [--residents 10000000] [--verify]`);
    }
  }
  return { residents, verify };
}

async function sizes(databaseUrl: string): Promise<{ database_bytes: number; database: string; tables: Record<string, string> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [db] = (await client.query(`SELECT pg_database_size(current_database())::bigint AS b, pg_size_pretty(pg_database_size(current_database())) AS p`)).rows;
    const tables = (
      await client.query<{ t: string; p: string }>(
        `SELECT relname AS t, pg_size_pretty(pg_total_relation_size(oid)) AS p FROM pg_class
          WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY pg_total_relation_size(oid) DESC LIMIT 12`,
      )
    ).rows;
    return { database_bytes: Number(db.b), database: db.p, tables: Object.fromEntries(tables.map((r) => [r.t, r.p])) };
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const read = readOrReport(() => ({ args: parseArgs(process.argv.slice(2)), settings: readSettings() }));
  if (!read) return 2;
  const { args, settings } = read;
  const databaseUrl = settings.coverageDatabaseUrl;
  const seedSettings = { ...settings, databaseUrl };
  const logPrefix = join(RESULTS_DIR, databaseName(databaseUrl));
  const started = Date.now();
  const system = newSystem(seedSettings, {});
  await setupDatabase(seedSettings, system, { logPrefix });

  const codec = new ResidentPersonalDataCodec(
    new PersonalDataCipher(parsePersonalDataKeys(runKeys.PII_ENCRYPTION_KEYS, runKeys.PII_ENCRYPTION_KEY_ID, runKeys.PII_INDEX_KEY)),
  );
  const connections: [Client, Client] = [new Client({ connectionString: databaseUrl }), new Client({ connectionString: databaseUrl })];
  for (const c of connections) {
    await c.connect();
    await c.query(`SET synchronous_commit = off`);
  }
  const today = vietnamToday();
  const seedStarted = Date.now();
  let counts: Awaited<ReturnType<typeof seedCoverage>>;
  try {
    counts = await seedCoverage({
      residents: args.residents,
      rng: createRng(settings.seed),
      codec,
      signing: runKeys,
      publicUrl: PUBLIC_URL,
      today,
      adultAge: ADULT_AGE,
      connections,
      progress: (m) => log(`seed: ${m}`),
    });
  } finally {
    await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
  }
  const writeMs = Date.now() - seedStarted;
  log(`seed: COPY time per table (ms, both connections): ${JSON.stringify(ingestMs)}`);
  log(`seed: written in ${(writeMs / 1000).toFixed(0)} s; VACUUM ANALYZE…`);
  const vacuumStarted = Date.now();
  const vacuum = new Client({ connectionString: databaseUrl });
  await vacuum.connect();
  await vacuum.query('VACUUM ANALYZE');
  await vacuum.end();
  const vacuumMs = Date.now() - vacuumStarted;
  const info = await recordCoverageSeed(databaseUrl, { residents: args.residents, recognised: counts.certificates.recognised, seed: settings.seed, seededAt: new Date().toISOString(), today });
  const size = await sizes(databaseUrl);
  log(`seed: done in ${((Date.now() - started) / 1000).toFixed(0)} s; database ${size.database}`);

  let verification: { ms: number; exit: 'no difference' } | undefined;
  if (args.verify) {
    log('seed: coverage:verify (recounts everything from the base tables)…');
    const ms = await runCli(['coverage:verify'], {
      env: cliEnv(seedSettings),
      logFile: `${logPrefix}.verify.log`,
      timeoutMs: 3 * 3_600_000,
    });
    verification = { ms, exit: 'no difference' };
    log(`seed: coverage:verify found no difference (${(ms / 1000).toFixed(0)} s)`);
  }
  const result = {
    name: 'coverage-seed',
    title: 'Synthetic population for the coverage benchmarks (COPY)',
    date: new Date().toISOString(),
    machine: machineInfo(),
    options: { residents: args.residents, seed: settings.seed, database: databaseUrl.replace(/\/\/[^@]*@/, '//'), today },
    counts,
    timings_s: {
      setup: Math.round(system.setupMs / 100) / 10,
      write: Math.round(writeMs / 100) / 10,
      vacuum_analyze: Math.round(vacuumMs / 100) / 10,
      total: Math.round((Date.now() - started) / 100) / 10,
      residents_per_s: Math.round(args.residents / (writeMs / 1000)),
    },
    copy_ms_per_table: ingestMs,
    size,
    verification: verification ?? 'not run (add --verify)',
    seed_info: info,
  };
  writeFileSync(coverageSeedResult(databaseUrl), `${JSON.stringify(result, null, 2)}\n`);
  log(`seed: ${JSON.stringify(counts)}`);
  log(`seed: result written to ${coverageSeedResult(databaseUrl)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[bench:seed] FAILED: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
