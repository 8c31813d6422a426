import type { Process } from '../core/simulation.ts';

/** A cached value: JSON-serialisable and never mutated after it is stored. */
export type CacheValue = unknown;

/**
 * Laravel's Cache facade over Redis, as the app uses it. Every operation is a process step
 * (`yield* store.get(k)`), so an asynchronous implementation can yield its reply while a synchronous
 * one returns at once; both give the same traces.
 */
export interface CacheStore {
  readonly kind: StoreKind | 'redis';
  /** `Cache::get`: the value, or null when absent or expired. */
  get(key: string): Process<CacheValue | null>;
  /** `Cache::put` (Redis SETEX). A TTL ≤ 0 forgets the key, as Laravel does. */
  put(key: string, value: CacheValue, ttlSeconds: number): Process<void>;
  /** `Cache::forget` (Redis DEL). True when a live key was removed. */
  forget(key: string): Process<boolean>;
  /** Keys alive at the current virtual time, sorted. */
  liveKeys(): Process<string[]>;
  /** The same operations answered at once, on stores that never wait (see ImmediateCacheOps); absent on the others. */
  readonly immediate?: ImmediateCacheOps;
}

/**
 * The synchronous face of a store that answers without latency or promises (the in-memory store, and an
 * observed store over it). Each does exactly what the process of the same name does, without the
 * generator object a process costs per call: hot loops (a clear of 200 keys) call these when present.
 */
export interface ImmediateCacheOps {
  getNow(key: string): CacheValue | null;
  putNow(key: string, value: CacheValue, ttlSeconds: number): void;
  forgetNow(key: string): boolean;
  /**
   * The keys of `keys` whose forget can change anything: the ones the store holds (live or expired),
   * found by visiting the smaller of the two, or every one, in order, when an observer wants to hear
   * of each forget (the trace). A clear names ~200 keys and a run holds a handful (see forgetAll).
   */
  keysWorthForgetting(keys: ReadonlySet<string>): readonly string[];
  /** Keys alive at the current virtual time, sorted (what the `liveKeys` process answers). */
  liveKeysNow(): string[];
}

/** Forgets every key of `keys`, leaving the store and its observers as `forgetNow` on each would. */
export function forgetAll(store: ImmediateCacheOps, keys: ReadonlySet<string>): void {
  for (const key of store.keysWorthForgetting(keys)) store.forgetNow(key);
}

const keySets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The strings of a list that is built once and never changed (a shared forget list, a cached slot list) as a set, built once per list. */
export function keySetOf(keys: readonly string[]): ReadonlySet<string> {
  let set = keySets.get(keys);
  if (set === undefined) keySets.set(keys, (set = new Set(keys)));
  return set;
}

/** Stores a simulation can run on (a real Redis keeps its own clock, so it is not one of them). */
export type StoreKind = 'memory' | 'ioredis-mock';
export const storeKinds: readonly StoreKind[] = ['memory', 'ioredis-mock'];

/**
 * `Cache::remember`: get; on a miss compute, put and return. No lock, as in Laravel: concurrent misses
 * all compute and the last put wins. A null result is returned but not stored. `mayStore`, when given,
 * is asked right before the put (a lease check); the value is still returned when it says no. The TTL
 * may depend on the value (an app that keeps empty results shorter).
 */
export function* remember<T>(
  store: CacheStore,
  key: string,
  ttlSeconds: number | ((value: T) => number),
  compute: () => Process<T | null>,
  mayStore?: () => Process<boolean>,
): Process<{ value: T | null; hit: boolean }> {
  const immediate = store.immediate;
  const cached = immediate ? immediate.getNow(key) : yield* store.get(key);
  if (cached !== null) return { value: cached as T, hit: true };
  return yield* fetchAndPut(store, key, ttlSeconds, compute, mayStore);
}

/** The miss half of `remember`: computes the value and stores it (unless it is null or `mayStore` says no), without reading the key first. */
export function* fetchAndPut<T>(
  store: CacheStore,
  key: string,
  ttlSeconds: number | ((value: T) => number),
  compute: () => Process<T | null>,
  mayStore?: () => Process<boolean>,
): Process<{ value: T | null; hit: false }> {
  const value = yield* compute();
  if (value === null || (mayStore && !(yield* mayStore()))) return { value, hit: false };
  const ttl = typeof ttlSeconds === 'function' ? ttlSeconds(value) : ttlSeconds;
  if (store.immediate) store.immediate.putNow(key, value, ttl);
  else yield* store.put(key, value, ttl);
  return { value, hit: false };
}

/**
 * `Cache::lock(key, ttl)->get()`: true when the lock was free and is now held. The read and the write
 * run in one scheduler event with nothing in between (an asynchronous store's replies are awaited
 * before anything else runs), so this is as atomic as Redis's `SET NX EX`.
 */
export function* acquireLock(store: CacheStore, key: string, ttlSeconds: number, owner: string): Process<boolean> {
  const immediate = store.immediate;
  if ((immediate ? immediate.getNow(key) : yield* store.get(key)) !== null) return false;
  if (immediate) immediate.putNow(key, owner, ttlSeconds);
  else yield* store.put(key, owner, ttlSeconds);
  return true;
}

/** `$lock->release()`: forgets the lock key, at once where the store can. */
export function* releaseLock(store: CacheStore, key: string): Process<void> {
  if (store.immediate) store.immediate.forgetNow(key);
  else yield* store.forget(key);
}
