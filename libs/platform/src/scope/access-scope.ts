/**
 * Which part of the administrative tree a caller may reach. Unit paths are ltree paths
 * ("22" a province, "22.06673" a commune, "22.06673.0001" a village); a path includes everything below it.
 * Repositories take a scope and filter with it, so no caller can forget to.
 */
export type AccessScope = { readonly kind: 'all' } | { readonly kind: 'paths'; readonly paths: readonly string[] };

export const AccessScope = {
  all: (): AccessScope => ({ kind: 'all' }),
  paths: (paths: readonly string[]): AccessScope => ({ kind: 'paths', paths }),
  /** True when the unit at `path` is inside the scope. */
  includes(scope: AccessScope, path: string): boolean {
    if (scope.kind === 'all') return true;
    return scope.paths.some((p) => path === p || path.startsWith(`${p}.`));
  },
};
