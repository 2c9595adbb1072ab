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
 * SQL condition: the path column lies in one of the subtrees, written as ranges of a btree index on it,
 * so a query can read them already in path order (keyset pages over tens of thousands of rows without a
 * sort). The subtree of "22.06673" is every path p with "22.06673" <= p < "22.066730": ltree compares
 * label by label and a label is smaller than any longer label it starts, and our codes are digits, so
 * no sibling falls inside. `bind` turns a value into a parameter placeholder of the caller's query.
 */
export function subtreeRangesCondition(pathColumn: string, paths: readonly string[], bind: (value: string) => string): string {
  const ranges = paths.map((path) => `(${pathColumn} >= ${bind(path)}::ltree AND ${pathColumn} < ${bind(`${path}0`)}::ltree)`);
  return `(${ranges.join(' OR ')})`;
}

/** Like `whereInScope`, as btree ranges of the path (subtreeRangesCondition). */
export function whereInScopeRanges<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  pathColumn: string,
  scope: AccessScope,
): SelectQueryBuilder<T> {
  if (scope.kind === 'all') return qb;
  if (scope.paths.length === 0) return qb.andWhere('1 = 0');
  const params: Record<string, string> = {};
  const condition = subtreeRangesCondition(pathColumn, scope.paths, (value) => {
    const name = `scopeRange${++counter % 1_000_000}`;
    params[name] = value;
    return `:${name}`;
  });
  return qb.andWhere(condition, params);
}

/** SQL condition: normalised search text contains the query at a word boundary. */
export function wordPrefixCondition(column: string, param: string): string {
  return `(' ' || ${column}) LIKE '% ' || :${param} || '%'`;
}
