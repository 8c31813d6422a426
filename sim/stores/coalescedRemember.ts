import type { Process } from '../core/simulation.ts';
import { acquireLock, fetchAndPut, remember, type CacheStore } from './cacheStore.ts';

/** Laravel's `Cache::lock()->block()` polls every 250 ms and gives up after its timeout. */
const LOCK_POLL_MS = 250;
const LOCK_WAIT_MS = 5_000;
const LOCK_TTL_SECONDS = 10;

/**
 * `remember` with request coalescing, as the app's e06c5837e does (CalcomService 378–530): on a miss,
 * take `Cache::lock` on the key; who gets it at once fetches and stores without reading again; the
 * others wait for the lock, then re-read and fetch only if still missing. A waiter that times out
 * fetches and stores without reading again (the fallback after the lock, 540–620).
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
  let waited = 0;
  for (; !(yield* acquireLock(store, lock, LOCK_TTL_SECONDS, key)); waited += LOCK_POLL_MS) {
    if (waited >= LOCK_WAIT_MS) return yield* fetchAndPut(store, key, ttlSeconds, compute);
    yield LOCK_POLL_MS;
  }
  const settled = waited === 0 ? yield* fetchAndPut(store, key, ttlSeconds, compute) : yield* remember(store, key, ttlSeconds, compute);
  if (immediate) immediate.forgetNow(lock);
  else yield* store.forget(lock);
  return settled;
}
