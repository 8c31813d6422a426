import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue } from './cacheStore.ts';

/** Something that wants to see every cache operation as it happens (the trace, the staleness recorder). */
export interface StoreObserver {
  get?(key: string, hit: boolean): void;
  put?(key: string, value: CacheValue, ttlSeconds: number): void;
  forget?(key: string, existed: boolean): void;
}

/**
 * A store that reports each operation to observers after it ran. Only wrapped around the store when
 * someone observes, so runs that need neither trace nor staleness pay nothing for it.
 */
export class ObservedStore implements CacheStore {
  constructor(
    private readonly inner: CacheStore,
    private readonly observers: readonly StoreObserver[],
  ) {}

  get kind() {
    return this.inner.kind;
  }

  *get(key: string): Process<CacheValue | null> {
    const value = yield* this.inner.get(key);
    for (const o of this.observers) o.get?.(key, value !== null);
    return value;
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    yield* this.inner.put(key, value, ttlSeconds);
    for (const o of this.observers) o.put?.(key, value, ttlSeconds);
  }

  *forget(key: string): Process<boolean> {
    const existed = yield* this.inner.forget(key);
    for (const o of this.observers) o.forget?.(key, existed);
    return existed;
  }

  liveKeys(): Process<string[]> {
    return this.inner.liveKeys();
  }
}
