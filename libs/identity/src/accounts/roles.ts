/** The roles of the platform (docs/security.md). Each account has exactly one. */
export const ROLES = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor', 'resident'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];

/** Where an account works: the whole country, a province, an area (a group of communes) or a commune. */
export type AccountScope =
  | { kind: 'country' }
  | { kind: 'province'; provinceCode: string }
  | { kind: 'area'; areaId: string }
  | { kind: 'commune'; communeCode: string }
  | { kind: 'self' };
