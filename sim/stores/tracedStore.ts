import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue } from './cacheStore.ts';

/**
 * Records every cache operation in the trace (get hit/miss, put with TTL, forget). Only wrapped around
 * the store when the run keeps a trace, so Monte Carlo runs pay nothing for it.
 */
export class TracedStore implements CacheStore {
  constructor(
    private readonly inner: CacheStore,
    private readonly note: (line: string) => void,
  ) {}

  get kind() {
    return this.inner.kind;
  }

  *get(key: string): Process<CacheValue | null> {
    const value = yield* this.inner.get(key);
    this.note(`cache.get ${key} ${value === null ? 'miss' : 'hit'}`);
    return value;
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    yield* this.inner.put(key, value, ttlSeconds);
    this.note(`cache.put ${key} ttl=${ttlSeconds}s bytes=${JSON.stringify(value).length}`);
  }

  *forget(key: string): Process<boolean> {
    const existed = yield* this.inner.forget(key);
    this.note(`cache.forget ${key} ${existed ? 'removed' : 'absent'}`);
    return existed;
  }

  liveKeys(): Process<string[]> {
    return this.inner.liveKeys();
  }
}
