import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue, ImmediateCacheOps } from './cacheStore.ts';

/** Something that wants to see every cache operation as it happens (the trace, the staleness recorder). */
export interface StoreObserver {
  get?(key: string, hit: boolean): void;
  put?(key: string, value: CacheValue, ttlSeconds: number): void;
  forget?(key: string, existed: boolean): void;
  /** True when a forget of a key the store does not hold changes nothing here, so a batch forget may skip telling of it. */
  readonly ignoresAbsentForgets?: boolean;
}

/**
 * A store that reports each operation to observers after it ran. Only wrapped around the store when
 * someone observes, so runs that need neither trace nor staleness pay nothing for it. It answers at
 * once (`immediate`) exactly when the store it wraps does.
 */
export class ObservedStore implements CacheStore, ImmediateCacheOps {
  readonly immediate: ImmediateCacheOps | undefined;
  /** Whether no observer needs to hear of forgets of keys the store does not hold. */
  private readonly heldOnly: boolean;

  constructor(
    private readonly inner: CacheStore,
    private readonly observers: readonly StoreObserver[],
  ) {
    this.immediate = inner.immediate ? this : undefined;
    this.heldOnly = observers.every((o) => !o.forget || o.ignoresAbsentForgets === true);
  }

  get kind() {
    return this.inner.kind;
  }

  *get(key: string): Process<CacheValue | null> {
    return this.observedGet(key, yield* this.inner.get(key));
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    yield* this.inner.put(key, value, ttlSeconds);
    this.observedPut(key, value, ttlSeconds);
  }

  *forget(key: string): Process<boolean> {
    return this.observedForget(key, yield* this.inner.forget(key));
  }

  liveKeys(): Process<string[]> {
    return this.inner.liveKeys();
  }

  getNow(key: string): CacheValue | null {
    return this.observedGet(key, this.inner.immediate!.getNow(key));
  }

  putNow(key: string, value: CacheValue, ttlSeconds: number): void {
    this.inner.immediate!.putNow(key, value, ttlSeconds);
    this.observedPut(key, value, ttlSeconds);
  }

  forgetNow(key: string): boolean {
    return this.observedForget(key, this.inner.immediate!.forgetNow(key));
  }

  liveKeysNow(): string[] {
    return this.inner.immediate!.liveKeysNow();
  }

  keysWorthForgetting(keys: ReadonlySet<string>): readonly string[] {
    return this.heldOnly ? this.inner.immediate!.keysWorthForgetting(keys) : [...keys];
  }

  private observedGet(key: string, value: CacheValue | null): CacheValue | null {
    for (const o of this.observers) o.get?.(key, value !== null);
    return value;
  }

  private observedPut(key: string, value: CacheValue, ttlSeconds: number): void {
    for (const o of this.observers) o.put?.(key, value, ttlSeconds);
  }

  private observedForget(key: string, existed: boolean): boolean {
    for (const o of this.observers) o.forget?.(key, existed);
    return existed;
  }
}
