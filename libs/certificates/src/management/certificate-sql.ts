import { subtreeRangesCondition, type AccessScope } from '@hvs/platform';

/**
 * The WHERE clause and parameters of a raw certificates query, built condition by condition. The
 * caller's scope is always one of them (`inScope`): certificates are read and moved only in scope,
 * in the SQL itself.
 */
export class CertificateSql {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** The path column lies in the scope (btree ranges of the path); nothing when the scope reaches nothing. */
  inScope(column: string, scope: AccessScope): this {
    if (scope.kind === 'all') return this;
    if (scope.paths.length === 0) return this.and('false');
    return this.and(subtreeRangesCondition(column, scope.paths, (v) => this.bind(v)));
  }

  /** The path column lies under one unit's path. */
  under(column: string, path: string | undefined): this {
    return path === undefined ? this : this.and(subtreeRangesCondition(column, [path], (v) => this.bind(v)));
  }

  get whereClause(): string {
    return this.conditions.length === 0 ? 'true' : this.conditions.join(' AND ');
  }
}
