import { Client } from 'pg';

/** Splits a database URL into the URL of the server's maintenance database and the database name. */
export function splitDatabaseUrl(url: string): { adminUrl: string; database: string } {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  u.pathname = '/postgres';
  return { adminUrl: u.toString(), database };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the database named in `url` if it does not exist yet (safe when several processes race). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { adminUrl, database } = splitDatabaseUrl(url);
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return true;
    } catch (err) {
      // 42P04 duplicate_database / 23505: another process created it first.
      const code = (err as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw err;
    }
  } finally {
    await client.end();
  }
}
