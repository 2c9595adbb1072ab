import { subtreeRangesCondition, type AccessScope } from '@hvs/platform';
import type { ResidentEntity } from './resident.entity';

/** What a list shows of a resident: no keyed hashes, no name tokens. */
export type ResidentListRow = Pick<
  ResidentEntity,
  | 'id'
  | 'communeCode'
  | 'villageCode'
  | 'path'
  | 'personalData'
  | 'birthYear'
  | 'sex'
  | 'ethnicMinority'
  | 'disability'
  | 'poverty'
  | 'noSmartphone'
  | 'accountId'
  | 'registrationMethod'
  | 'createdAt'
  | 'updatedAt'
>;

const isoTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const LIST_COLUMNS = `id, version, commune_code AS "communeCode", village_code AS "villageCode", path,
  encode(personal_data, 'base64') AS "personalData",
  birth_year AS "birthYear", sex, ethnic_minority AS "ethnicMinority", disability, poverty, no_smartphone AS "noSmartphone",
  account_id AS "accountId", registration_method AS "registrationMethod",
  ${isoTime('created_at')} AS "createdAt", ${isoTime('updated_at')} AS "updatedAt"`;

/**
 * A row of the page query: times already as ISO 8601 text (formatted by PostgreSQL, not parsed and
 * re-formatted per row); the encrypted blob as base64 text, turned into bytes only when it must be
 * decrypted (not when the record cache has it); the version, which the cache is keyed by.
 */
export type ResidentPageRow = Omit<ResidentListRow, 'createdAt' | 'updatedAt' | 'personalData'> & {
  createdAt: string;
  updatedAt: string;
  personalData: string;
  version: number;
};

export interface ResidentFilter {
  /** Subtree to list (a commune's or a village's path); the caller's scope applies on top. */
  underPath?: string;
  nameTokens?: string[];
  phoneIndex?: Buffer;
  cccdIndex?: Buffer;
  /** Keyset: rows after this (path, id). */
  after?: { path: string; id: string };
  limit: number;
}

/**
 * The SQL of a page of residents, as a named prepared statement (one name per filter shape): scope and
 * listed subtree as btree ranges of the path (subtreeRangesCondition), keyset after (path, id), only
 * the columns a list shows. Pure, so the benchmark's bare-pg baseline runs exactly this query too.
 * Null when the scope reaches nothing.
 */
export function residentPageQuery(filter: ResidentFilter, scope: AccessScope): { name: string; text: string; values: unknown[] } | null {
  if (scope.kind === 'paths' && scope.paths.length === 0) return null;
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const subtrees = (paths: readonly string[]) => subtreeRangesCondition('path', paths, param);
  const where = [`status = 'active'`];
  const shape: string[] = [];
  if (scope.kind === 'paths') {
    where.push(subtrees(scope.paths));
    shape.push(`s${scope.paths.length}`);
  }
  if (filter.underPath) {
    where.push(subtrees([filter.underPath]));
    shape.push('u');
  }
  if (filter.nameTokens?.length) {
    where.push(`name_tokens @> ${param(filter.nameTokens)}::bigint[]`);
    shape.push('n');
  }
  if (filter.phoneIndex) {
    where.push(`phone_index = ${param(filter.phoneIndex)}`);
    shape.push('p');
  }
  if (filter.cccdIndex) {
    where.push(`cccd_index = ${param(filter.cccdIndex)}`);
    shape.push('c');
  }
  if (filter.after) {
    where.push(`(path, id) > (${param(filter.after.path)}::ltree, ${param(filter.after.id)}::uuid)`);
    shape.push('a');
  }
  const text = `SELECT ${LIST_COLUMNS} FROM identity_residents WHERE ${where.join(' AND ')} ORDER BY path, id LIMIT ${param(filter.limit)}`;
  return { name: `residents_page_${shape.join('_') || 'all'}`, text, values };
}
