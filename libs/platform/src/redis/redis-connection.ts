import IORedis, { type RedisOptions } from 'ioredis';

/** ioredis options from a redis:// URL; BullMQ needs maxRetriesPerRequest null on its connections. */
export function redisOptionsFromUrl(url: string, overrides: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Keep trying to reconnect while Redis is down; never crash the process over it.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...overrides,
  };
}

/** A client for quick commands (health pings, counters): fails fast while Redis is down. */
export function createCommandClient(url: string, name: string): IORedis {
  const client = new IORedis(
    redisOptionsFromUrl(url, {
      connectionName: name,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      lazyConnect: false,
    }),
  );
  client.on('error', () => undefined); // reported through health checks, not as crashes
  return client;
}
