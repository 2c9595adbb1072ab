import { NestFactory } from '@nestjs/core';
import { importGeoReferenceData, seedGeoDemoData } from '@hvs/geography';
import { seedIdentityDemoData } from '@hvs/identity';
import { importLearningReferenceData } from '@hvs/learning';
import { buildDataSourceOptions, ensureDatabase, loadEnv, runMigrationsWithLock } from '@hvs/platform';
import { DataSource } from 'typeorm';
import { SetupModule } from '../setup.module';
import type { Say } from './say';

/** Creates the database if needed and applies pending migrations under the advisory lock. */
export async function migrate(say: Say): Promise<void> {
  const env = loadEnv();
  if (await ensureDatabase(env.DATABASE_URL)) say(`created database ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
  const ds = await new DataSource(buildDataSourceOptions(env, 'hocvuso-cli')).initialize();
  try {
    const applied = await runMigrationsWithLock(ds);
    say(applied.length ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
  } finally {
    await ds.destroy();
  }
}

/** Loads the reference data (official units, the competency framework and the core course); idempotent. */
export async function seedReference(say: Say): Promise<void> {
  const env = loadEnv();
  const ds = await new DataSource(buildDataSourceOptions(env, 'hocvuso-cli')).initialize();
  try {
    const geo = await importGeoReferenceData(ds);
    say(
      geo.skipped
        ? `reference data already loaded (${geo.provinces} provinces, ${geo.communes} communes)`
        : `loaded reference data: ${geo.provinces} provinces, ${geo.communes} communes`,
    );
    const learning = await importLearningReferenceData(ds);
    say(
      learning.skipped
        ? `learning content already loaded (course ${learning.courseCode})`
        : `loaded learning content: ${learning.domains} domains, ${learning.competencies} competencies; course ${learning.courseCode} ` +
            `with ${learning.lessons} lessons, ${learning.questions} questions, ${learning.quizzes} quizzes`,
    );
  } finally {
    await ds.destroy();
  }
}

/** Loads the demo data through the capabilities' own services; a second run creates nothing. */
export async function seedDemo(say: Say): Promise<void> {
  const app = await NestFactory.createApplicationContext(SetupModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const geo = await seedGeoDemoData(app);
    const identity = await seedIdentityDemoData(app);
    say(`demo data: ${geo.villages} new village(s), ${geo.areas} new area(s), ${identity.accounts} new account(s), ${identity.residents} new resident(s)`);
  } finally {
    await app.close();
  }
}
