import type { Process } from '../core/simulation.ts';
import { acquireLock, fetchAndPut, releaseLock, remember, type CacheStore } from './cacheStore.ts';

/** Laravel's `Cache::lock()->block()` polls every 250 ms and gives up after its timeout. */
const LOCK_POLL_MS = 250;
const LOCK_TTL_SECONDS = 10;

/** How a waiter that did not get the lock at once goes on. */
export interface CoalescingWait {
  /** How long it blocks on the lock (`$lock->block(n)`), in ms. */
  readonly lockWaitMs: number;
  /**
   * f482d0c51 (CalcomService 543–560): before its own fetch, a waiter pauses this many ms (one draw per
   * fetch, `random_int(20_000, 80_000)` µs, 547) and reads the key once more (553); a waiter that got
   * the lock but found the key empty releases it first (522, 538). Absent: e06c5837e's waiter, as below.
   */
  readonly jitterMs?: () => number;
}

/** e06c5837e: `$lock->block(5)`, no jitter. */
const BLOCK_FIVE_SECONDS: CoalescingWait = { lockWaitMs: 5_000 };

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
  wait: CoalescingWait = BLOCK_FIVE_SECONDS,
): Process<{ value: T | null; hit: boolean }> {
  const immediate = store.immediate;
  const cached = (immediate ? immediate.getNow(key) : yield* store.get(key)) as T | null;
  if (cached !== null) return { value: cached, hit: true };
  const lock = `lock:${key}`;
  let waited = 0;
  for (; !(yield* acquireLock(store, lock, LOCK_TTL_SECONDS, key)); waited += LOCK_POLL_MS) {
    if (waited >= wait.lockWaitMs) return yield* waiterFetch(store, key, ttlSeconds, compute, wait);
    yield LOCK_POLL_MS;
  }
  if (waited > 0 && wait.jitterMs) {
    const filled = (yield* store.get(key)) as T | null;
    yield* releaseLock(store, lock);
    return filled !== null ? { value: filled, hit: true } : yield* waiterFetch(store, key, ttlSeconds, compute, wait);
  }
  const settled = waited === 0 ? yield* fetchAndPut(store, key, ttlSeconds, compute) : yield* remember(store, key, ttlSeconds, compute);
  yield* releaseLock(store, lock);
  return settled;
}

/** A waiter's own fetch and store; with jitter, after the pause and one more read of the key. */
function* waiterFetch<T>(
  store: CacheStore,
  key: string,
  ttlSeconds: number | ((value: T) => number),
  compute: () => Process<T | null>,
  wait: CoalescingWait,
): Process<{ value: T | null; hit: boolean }> {
  if (wait.jitterMs) {
    yield wait.jitterMs();
    const late = (yield* store.get(key)) as T | null;
    if (late !== null) return { value: late, hit: true };
  }
  return yield* fetchAndPut(store, key, ttlSeconds, compute);
}
