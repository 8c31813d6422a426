import type { Process } from '../core/simulation.ts';
import { acquireLock, remember, type CacheStore } from './cacheStore.ts';

/** Laravel's `Cache::lock()->block()` polls every 250 ms and gives up after its timeout. */
const LOCK_POLL_MS = 250;
const LOCK_WAIT_MS = 5_000;
const LOCK_TTL_SECONDS = 10;

/**
 * `remember` with request coalescing: on a miss, take `Cache::lock` on the key; whoever holds it
 * re-reads the cache and fetches only if still missing; the others wait for the lock and then find the
 * value. A waiter that times out re-reads and, still missing, fetches and stores (as the app's
 * e06c5837e does).
 */
export function* rememberCoalesced<T>(
  store: CacheStore,
  key: string,
  ttlSeconds: number | ((value: T) => number),
  compute: () => Process<T | null>,
): Process<{ value: T | null; hit: boolean }> {
  const immediate = store.immediate;
  const cached = (immediate ? immediate.getNow(key) : yield* store.get(key)) as T | null;
  if (cached !== null) return { value: cached, hit: true };
  const lock = `lock:${key}`;
  for (let waited = 0; !(yield* acquireLock(store, lock, LOCK_TTL_SECONDS, key)); waited += LOCK_POLL_MS) {
    if (waited >= LOCK_WAIT_MS) return yield* remember(store, key, ttlSeconds, compute);
    yield LOCK_POLL_MS;
  }
  const settled = yield* remember(store, key, ttlSeconds, compute);
  if (immediate) immediate.forgetNow(lock);
  else yield* store.forget(lock);
  return settled;
}
