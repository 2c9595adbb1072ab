import type { Provider } from '@nestjs/common';
import { Env } from '@hvs/platform';
import { SigningKeyRing } from '../credentials/signing-keys';

/** The deployment's certificate-signing keys, from the settings (every key published, the active one signs). */
export const SigningKeyRingProvider: Provider = {
  provide: SigningKeyRing,
  inject: [Env],
  useFactory: (env: Env) => SigningKeyRing.fromEnv(env),
};
