import { Global, Module } from '@nestjs/common';
import { Env, loadEnv } from './env';

/** Provides the validated Env to every module. Validation runs when the module is first built. */
@Global()
@Module({
  providers: [{ provide: Env, useFactory: () => loadEnv() }],
  exports: [Env],
})
export class ConfigModule {}
