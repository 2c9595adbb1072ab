import type { QueryConfig } from 'pg';
import { residentPageQuery } from '@hvs/identity';

/**
 * The api's resident page query (ResidentRepository.page(): `residentPageQuery`, same SQL, parameters
 * and named prepared statement) for a baseline request `/residents?communeCode=...&limit=...[&cursor=...]`:
 * the commune's path from `communePaths` (read once at start, as the api holds the catalog in memory),
 * limit + 1 rows (the api asks one more to know whether there is a next page), the api's keyset cursor
 * (base64url("path|id")) decoded without checks; the caller's scope and the listed subtree are the
 * commune, as the api builds them. Null for an unknown commune.
 */
export function residentPageRequest(path: string, communePaths: ReadonlyMap<string, string>): QueryConfig | null {
  const q = new URLSearchParams(path.slice(path.indexOf('?') + 1));
  const communePath = communePaths.get(q.get('communeCode') ?? '');
  if (!communePath) return null;
  const limit = (Number(q.get('limit')) || 50) + 1;
  const cursor = q.get('cursor');
  let after: { path: string; id: string } | undefined;
  if (cursor) {
    const [afterPath, afterId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    after = { path: afterPath, id: afterId };
  }
  return residentPageQuery({ underPath: communePath, after, limit }, { kind: 'paths', paths: [communePath] }) ?? null;
}

/** Every commune's path, by code. */
export const COMMUNE_PATHS_SQL = 'SELECT code, path::text AS path FROM geo_communes';
