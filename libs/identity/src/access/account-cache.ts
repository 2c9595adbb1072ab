import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { BoundedCache, Env } from '@hvs/platform';
import { Client } from 'pg';
import type { AccountEntity } from '../accounts/account.entity';

const CHANNEL = 'hvs_account_changed';
/** Bound: the accounts of the active sessions of one instance, least recently used out first. */
const MAX_ENTRIES = 10_000;
/** A safety net only: entries are dropped as soon as their account changes (LISTEN/NOTIFY). */
const TTL_MS = 30_000;

/**
 * The accounts that access checks read, kept in memory so an authenticated request costs one database
 * round trip less. Correct across api instances: a trigger announces every change or deletion of an
 * account (`hvs_account_changed`, at commit) and every instance listens and drops the entry; this
 * process's own writes drop it at once (`forget`). While the listening connection is down nothing is
 * served from memory (every check reads the database, as without the cache). A read that raced with a
 * change is not stored (`generation`, the cache's count of invalidations).
 */
@Injectable()
export class AccountCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccountCache.name);
  /** Invalidation: `forget` (this process's writes, and every NOTIFY of any instance), all on a lost connection. */
  private readonly entries = new BoundedCache<string, AccountEntity>({ maxEntries: MAX_ENTRIES, ttlMs: TTL_MS });
  private client: Client | null = null;
  private listening = false;
  private closing = false;
  /** Changes with every invalidation: take it before a database read, and a read that an invalidation overtook is not stored. */
  get generation(): number {
    return this.entries.epoch;
  }

  constructor(private readonly env: Env) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.stopServing();
    await this.client?.end().catch(() => undefined);
  }

  get(id: string): AccountEntity | undefined {
    return this.listening ? this.entries.get(id) : undefined;
  }

  /** Stores an account read from the database, unless an invalidation happened since `generation`. */
  set(account: AccountEntity, generation: number): void {
    if (this.listening) this.entries.set(account.id, account, { unlessInvalidatedSince: generation });
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  private stopServing(): void {
    this.listening = false;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    if (this.closing) return;
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'hocvuso-account-cache' });
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) this.forget(msg.payload);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.stopServing();
      if (this.closing) return;
      this.logger.warn(`account cache off until the database answers again${err ? `: ${err.message}` : ''}`);
      void client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 2000).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.client === client && !this.closing) this.listening = true;
    } catch (err) {
      lost(err as Error);
    }
  }
}
