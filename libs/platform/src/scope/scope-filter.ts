import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AccessScope } from './access-scope';

let counter = 0;

/**
 * Restricts a query to the rows whose ltree path lies inside the scope. Every repository that reads
 * unit-owned rows calls this, so the filter is applied where data is read.
 */
export function whereInScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  pathColumn: string,
  scope: AccessScope,
): SelectQueryBuilder<T> {
  if (scope.kind === 'all') return qb;
  if (scope.paths.length === 0) return qb.andWhere('1 = 0');
  const param = `scopePaths${++counter % 1_000_000}`;
  return qb.andWhere(`${pathColumn} <@ ARRAY[:...${param}]::ltree[]`, { [param]: [...scope.paths] });
}

/**
 * Like `whereInScope`, but written as ranges of a btree index on the path column, so a query can read
 * a scope's rows already in path order (keyset pages over tens of thousands of rows without a sort).
 * The subtree of "22.06673" is every path p with "22.06673" <= p < "22.066730": ltree compares label by
 * label and a label is smaller than any longer label it starts, and our codes are digits, so no sibling
 * falls inside.
 */
export function whereInScopeRanges<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  pathColumn: string,
  scope: AccessScope,
): SelectQueryBuilder<T> {
  if (scope.kind === 'all') return qb;
  if (scope.paths.length === 0) return qb.andWhere('1 = 0');
  const params: Record<string, string> = {};
  const ranges = scope.paths.map((path) => {
    const name = `scopeRange${++counter % 1_000_000}`;
    params[`${name}lo`] = path;
    params[`${name}hi`] = `${path}0`;
    return `(${pathColumn} >= :${name}lo::ltree AND ${pathColumn} < :${name}hi::ltree)`;
  });
  return qb.andWhere(`(${ranges.join(' OR ')})`, params);
}

/** SQL condition: normalised search text contains the query at a word boundary. */
export function wordPrefixCondition(column: string, param: string): string {
  return `(' ' || ${column}) LIKE '% ' || :${param} || '%'`;
}
