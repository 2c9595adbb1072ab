import { GeographySchema1763800000000 } from './1763800000000-GeographySchema';
import { IdentityAccounts1763900000000 } from './1763900000000-IdentityAccounts';
import { AccountScopePath1764000000000 } from './1764000000000-AccountScopePath';

/** Every migration, in order. Add new ones at the end. */
export const ALL_MIGRATIONS = [GeographySchema1763800000000, IdentityAccounts1763900000000, AccountScopePath1764000000000];
