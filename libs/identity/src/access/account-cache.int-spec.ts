import { Logger } from '@nestjs/common';
import type { Env } from '@hvs/platform';
import { createTestDatabase, type TestDatabase } from '@hvs/testing';
import { Client } from 'pg';
import type { AccountEntity } from '../accounts/account.entity';
import { AccountCache } from './account-cache';

const account = (id: string) => ({ id, role: 'commune_officer', status: 'active', sessionEpoch: 0 }) as unknown as AccountEntity;

async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('AccountCache (real PostgreSQL: LISTEN/NOTIFY)', () => {
  let db: TestDatabase;
  let cache: AccountCache;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    cache = new AccountCache({ DATABASE_URL: db.url } as Env);
    await cache.onModuleInit();
  });
  afterAll(async () => {
    await cache.onModuleDestroy();
    await sql.end();
    await db.drop();
  });

  it('serves an account stored after a read, until its account changes in any instance (NOTIFY)', async () => {
    cache.set(account('a1'), cache.generation);
    expect(cache.get('a1')?.id).toBe('a1');
    await sql.query(`SELECT pg_notify('hvs_account_changed', 'a1')`);
    await eventually(() => cache.get('a1') === undefined);
  });

  it("drops this process's own change at once, and does not store a read that a change overtook", () => {
    cache.set(account('a2'), cache.generation);
    cache.forget('a2');
    expect(cache.get('a2')).toBeUndefined();
    const before = cache.generation; // a database read of a3 starts
    cache.forget('someone-else'); // a change arrives meanwhile
    cache.set(account('a3'), before);
    expect(cache.get('a3')).toBeUndefined();
    cache.set(account('a3'), cache.generation);
    expect(cache.get('a3')?.id).toBe('a3');
  });

  it('serves nothing while its listening connection is down, and comes back by itself', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined); // "account cache off until…"
    cache.set(account('a4'), cache.generation);
    await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hocvuso-account-cache' AND datname = $1`, [db.name]);
    await eventually(() => cache.get('a4') === undefined);
    const stale = cache.generation;
    cache.set(account('a5'), stale);
    expect(cache.get('a5')).toBeUndefined();
    await eventually(() => {
      cache.set(account('a6'), cache.generation);
      return cache.get('a6') !== undefined;
    }, 10_000);
    expect(cache.get('a4')).toBeUndefined(); // what it held before the loss is gone
  });
});
