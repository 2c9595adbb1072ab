/**
 * The SQL identity publishes for other capabilities' joins. Identity owns the identity_* tables: no
 * other capability writes them, and others read them only through identity's services or through the
 * relations below, which name the columns they may see (docs/architecture.md, "Rules"). Each is a plain
 * subquery, which PostgreSQL pulls up into the join, so a join through it is as fast as one on the table.
 */

/** Staff accounts as others may join them: the id and the name shown (never login data or scope). */
export const ACCOUNTS_SQL = '(SELECT id, display_name FROM identity_accounts)';

/**
 * Residents as others may join them: where they are registered, their status and account, the birth
 * year, and the personal-data blob, encrypted and bound to the row id: only `ResidentPersonalDataCodec`
 * (exported by identity) decrypts it; the name-search tokens (keyed hashes of name word prefixes, matched
 * with `name_tokens @> ResidentPersonalDataCodec.queryTokens(q)`).
 */
export const RESIDENTS_SQL = '(SELECT id, account_id, commune_code, village_code, path, status, birth_year, personal_data, name_tokens FROM identity_residents)';
