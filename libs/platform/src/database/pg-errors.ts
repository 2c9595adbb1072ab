import { QueryFailedError } from 'typeorm';

/** True when `err` is a unique-constraint violation (optionally of the named constraint or index). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = err.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && (!constraint || driver.constraint === constraint);
}
