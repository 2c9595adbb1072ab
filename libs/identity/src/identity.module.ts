import { Module } from '@nestjs/common';
import { PasswordHasher } from './passwords/password-hasher';
import { PersonalDataCipherProvider } from './personal-data/personal-data.provider';
import { PersonalDataCipher } from './personal-data/personal-data-cipher';

/**
 * Identity: accounts, roles and scope, residents and their personal data, consent, tokens, audit.
 * Being built (issue #3): so far the personal-data cipher and password hashing.
 */
@Module({
  providers: [PersonalDataCipherProvider, PasswordHasher],
  exports: [PersonalDataCipher, PasswordHasher],
})
export class IdentityModule {}
