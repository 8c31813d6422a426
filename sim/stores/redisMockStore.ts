import RedisMock from 'ioredis-mock';
import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue } from './cacheStore.ts';

let instances = 0;

/**
 * The Redis-semantics store on ioredis-mock. ioredis-mock checks TTLs lazily against the global
 * `Date.now()` while a command runs, and each command runs synchronously when it is called; so every
 * command is issued with `Date.now` pointing at the virtual clock and restored before the reply is
 * awaited. Each instance gets its own host, because instances with the same host:port/db share data.
 */
export class RedisMockStore implements CacheStore {
  readonly kind = 'ioredis-mock' as const;
  private readonly redis: InstanceType<typeof RedisMock>;

  constructor(private readonly now: () => number) {
    this.redis = new RedisMock({ host: `racesim-run-${++instances}`, lazyConnect: false });
    this.redis.flushall();
  }

  *get(key: string): Process<CacheValue | null> {
    const raw = (yield this.atVirtualNow(() => this.redis.get(key))) as string | null;
    return raw === null ? null : JSON.parse(raw);
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    if (ttlSeconds <= 0) {
      yield this.atVirtualNow(() => this.redis.del(key));
      return;
    }
    yield this.atVirtualNow(() => this.redis.setex(key, ttlSeconds, JSON.stringify(value)));
  }

  *forget(key: string): Process<boolean> {
    return ((yield this.atVirtualNow(() => this.redis.del(key))) as number) > 0;
  }

  *liveKeys(): Process<string[]> {
    return ((yield this.atVirtualNow(() => this.redis.keys('*'))) as string[]).sort();
  }

  private atVirtualNow<T>(command: () => Promise<T>): Promise<T> {
    const wallClockNow = Date.now;
    Date.now = this.now;
    try {
      return command();
    } finally {
      Date.now = wallClockNow;
    }
  }
}
