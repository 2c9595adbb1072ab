import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Env, loadEnv } from '../config/env';
import { buildDataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { runMigrationsWithLock } from './migrate';

/**
 * TypeORM for a Nest app: the shared DataSource definition, entities from the feature modules
 * (forFeature), and pending migrations applied at start under the advisory lock.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Env],
      useFactory: (env: Env) => ({
        ...buildDataSourceOptions(env, `hocvuso-${process.title}`),
        autoLoadEntities: true,
        retryAttempts: 2,
        retryDelay: 2000,
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        if (!options) throw new Error('missing DataSource options');
        const env = loadEnv();
        if (env.MIGRATE_ON_START) await ensureDatabase(env.DATABASE_URL);
        const dataSource = await new DataSource(options).initialize();
        if (env.MIGRATE_ON_START) await runMigrationsWithLock(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
