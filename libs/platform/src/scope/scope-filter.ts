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

/** SQL condition: normalised search text contains the query at a word boundary. */
export function wordPrefixCondition(column: string, param: string): string {
  return `(' ' || ${column}) LIKE '% ' || :${param} || '%'`;
}
