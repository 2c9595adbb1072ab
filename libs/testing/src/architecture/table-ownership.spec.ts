import { isTestFile, literalTexts, sourceFiles } from '../source-scan';
import { migrationTables, ownerOf, TABLE_OWNERS } from './table-owners';

/**
 * Each capability owns its tables (table-owners.ts): SQL outside the owner's library never names them;
 * it joins the relations the owner publishes in its `published-sql.ts` (or calls its services).
 * Scanned: the production code of libs/ and apps/. Not scanned: migrations (they define every table),
 * test code and the test toolkit (libs/testing), and bench/, which arrange and inspect a database as a
 * test does.
 */
const TABLES = migrationTables();

/** Tables of other capabilities named in the SQL (string and template literals) of a file. */
export function foreignTables(path: string, tables: readonly string[], text?: string): string[] {
  const named = new RegExp(`\\b(${tables.join('|')})\\b`, 'g');
  const out: string[] = [];
  for (const literal of literalTexts(path, text)) {
    for (const m of literal.text.matchAll(named)) {
      const owner = ownerOf(m[1]);
      if (owner && !path.startsWith(`${owner.lib}/`)) out.push(`${path}:${literal.line} names ${m[1]} (owned by ${owner.capability})`);
    }
  }
  return out;
}

const scanned = () => sourceFiles('libs', 'apps').filter((path) => !isTestFile(path) && !path.startsWith('libs/testing/'));

describe('table ownership', () => {
  it('every table of the migrations has an owner', () => {
    expect(TABLES.length).toBeGreaterThan(30);
    expect(TABLES.filter((t) => !ownerOf(t))).toEqual([]);
  });

  it("no production SQL names another capability's table (join the owner's published-sql.ts instead)", () => {
    expect(scanned().flatMap((path) => foreignTables(path, TABLES))).toEqual([]);
  });

  it('the capabilities that others read publish their relations in published-sql.ts', () => {
    const published = sourceFiles('libs').filter((p) => p.endsWith('/src/published-sql.ts'));
    expect(published).toEqual(expect.arrayContaining(['libs/geography/src/published-sql.ts', 'libs/identity/src/published-sql.ts', 'libs/learning/src/published-sql.ts', 'libs/platform/src/published-sql.ts']));
    for (const path of published) {
      const owner = TABLE_OWNERS.find((o) => path.startsWith(`${o.lib}/`));
      expect(foreignTables(path, TABLES)).toEqual([]);
      expect(owner).toBeDefined();
    }
  });

  describe('the check itself', () => {
    const sql = "const q = `SELECT c.id FROM classes_classes c JOIN identity_accounts a ON a.id = c.created_by LEFT JOIN geo_villages v ON v.code = c.village_code`;";
    it("fails on another capability's table, not on the file's own", () => {
      expect(foreignTables('libs/classes/src/x.repository.ts', TABLES, sql)).toEqual([
        'libs/classes/src/x.repository.ts:1 names identity_accounts (owned by identity)',
        'libs/classes/src/x.repository.ts:1 names geo_villages (owned by geography)',
      ]);
    });
    it('accepts the same join through the published relations', () => {
      const published = 'const q = `SELECT c.id FROM classes_classes c JOIN ${ACCOUNTS_SQL} a ON a.id = c.created_by`;';
      expect(foreignTables('libs/classes/src/x.repository.ts', TABLES, published)).toEqual([]);
    });
  });
});
