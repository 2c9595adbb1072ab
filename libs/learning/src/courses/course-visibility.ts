import type { AccessScope } from '@hvs/platform';

/**
 * Who sees a course: a national course (offeredByProvince null) everybody signed in; a province's
 * course the residents of that province and staff whose scope lies in it or contains it. Anything
 * else answers 404, like a unit outside the scope.
 */
export function courseVisibleToResident(offeredByProvince: string | null, residentProvince: string): boolean {
  return offeredByProvince === null || offeredByProvince === residentProvince;
}

export function courseVisibleToStaff(offeredByProvince: string | null, scope: AccessScope): boolean {
  if (offeredByProvince === null || scope.kind === 'all') return true;
  return scope.paths.some((p) => p.split('.')[0] === offeredByProvince);
}

/** Who may author (create, edit drafts, publish): administrators any course; province officers their province's. */
export function mayAuthorCourse(role: string, offeredByProvince: string | null, scope: AccessScope): boolean {
  if (role === 'administrator') return true;
  if (role !== 'province_officer' || offeredByProvince === null || scope.kind === 'all') return false;
  return scope.paths.includes(offeredByProvince);
}
