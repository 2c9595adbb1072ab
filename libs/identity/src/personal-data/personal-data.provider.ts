import { Env } from '@hvs/platform';
import type { Provider } from '@nestjs/common';
import { parsePersonalDataKeys, PersonalDataCipher } from './personal-data-cipher';

/** The cipher for personal fields, from the validated environment (PII_* variables). */
export const PersonalDataCipherProvider: Provider = {
  provide: PersonalDataCipher,
  inject: [Env],
  useFactory: (env: Env) =>
    new PersonalDataCipher(parsePersonalDataKeys(env.PII_ENCRYPTION_KEYS, env.PII_ENCRYPTION_KEY_ID, env.PII_INDEX_KEY)),
};
