import { Redis } from 'ioredis';
import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue } from './cacheStore.ts';

/**
 * The store on a real Redis server (ioredis), with the same commands the Laravel Redis store sends:
 * SETEX, GET, DEL. Redis expires keys on its own clock, so this store cannot follow the virtual clock:
 * it is for contract tests against the simulated stores and for measuring real round trips, never for
 * simulation runs.
 */
export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;

  constructor(readonly redis: Redis) {}

  *get(key: string): Process<CacheValue | null> {
    const raw = (yield this.redis.get(key)) as string | null;
    return raw === null ? null : JSON.parse(raw);
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    yield ttlSeconds <= 0 ? this.redis.del(key) : this.redis.setex(key, ttlSeconds, JSON.stringify(value));
  }

  *forget(key: string): Process<boolean> {
    return ((yield this.redis.del(key)) as number) > 0;
  }

  *liveKeys(): Process<string[]> {
    return ((yield this.redis.keys('*')) as string[]).sort();
  }
}
