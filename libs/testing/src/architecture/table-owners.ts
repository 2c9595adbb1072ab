import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, sourceFiles } from '../source-scan';

/**
 * Which capability owns which tables (docs/architecture.md, "Rules"). A capability owns the tables of
 * its prefix: only its library writes them; other capabilities read them through its services or the
 * relations of its `published-sql.ts`, never by naming the table.
 */
export interface TableOwner {
  /** Table name prefix. */
  prefix: string;
  /** The owning capability. */
  capability: string;
  /** Its library (repository-relative folder). */
  lib: string;
}

export const TABLE_OWNERS: readonly TableOwner[] = [
  { prefix: 'geo_', capability: 'geography', lib: 'libs/geography' },
  { prefix: 'identity_', capability: 'identity', lib: 'libs/identity' },
  { prefix: 'learning_', capability: 'learning', lib: 'libs/learning' },
  { prefix: 'classes_', capability: 'classes', lib: 'libs/classes' },
  { prefix: 'certificates_', capability: 'certificates', lib: 'libs/certificates' },
  { prefix: 'reporting_', capability: 'reporting', lib: 'libs/reporting' },
  // the transactional outbox and the audit trail: written through Outbox and AuditLog by every capability
  { prefix: 'outbox_', capability: 'platform', lib: 'libs/platform' },
  { prefix: 'audit_', capability: 'platform', lib: 'libs/platform' },
];

export function ownerOf(table: string): TableOwner | undefined {
  return TABLE_OWNERS.find((o) => table.startsWith(o.prefix));
}

/** Every table the migrations create (`CREATE TABLE name`), sorted. */
export function migrationTables(): string[] {
  const tables = new Set<string>();
  for (const path of sourceFiles('migrations')) {
    for (const m of readFileSync(join(REPO_ROOT, path), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z][a-z0-9_]*)"?/g)) tables.add(m[1]);
  }
  return [...tables].sort();
}
