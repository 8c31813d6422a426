import type { Process } from '../../core/simulation.ts';
import { acquireLock, remember } from '../../stores/cacheStore.ts';
import type { AppContext } from './appContext.ts';

/**
 * How both layers read through the cache, with what the variant adds on top of plain `remember`:
 * versioned keys, leases against stale fills, and (Layer 1 only) coalescing of concurrent misses.
 */
export function* readThrough<T>(
  ctx: AppContext,
  layer: 'layer1' | 'layer2',
  baseKey: string,
  eventType: number,
  compute: () => Process<T | null>,
): Process<{ value: T | null; hit: boolean }> {
  const key = ctx.variant.versionedKeys ? yield* currentKey(ctx, baseKey, eventType) : baseKey;
  const ttl = ctx.ttlSeconds[layer];
  if (layer === 'layer1' && ctx.variant.coalesceLayer1) return yield* coalesced(ctx, key, ttl, compute);
  if (!ctx.variant.leases) return yield* remember(ctx.store, key, ttl, compute);
  let lease = 0;
  return yield* remember(
    ctx.store,
    key,
    ttl,
    function* () {
      lease = yield* takeLease(ctx, key);
      return yield* compute();
    },
    () => leaseHolds(ctx, key, lease),
  );
}

/** The key as stored under versioned keys: suffixed by the event type's current generation. */
function* currentKey(ctx: AppContext, baseKey: string, eventType: number): Process<string> {
  const generation = (yield* ctx.store.get(generationKey(eventType))) ?? 0;
  return `${baseKey}:v${generation}`;
}

/** One increment invalidates every key of the event type: readers move to the next generation. */
export function* bumpGeneration(ctx: AppContext, eventType: number): Process<void> {
  const key = generationKey(eventType);
  const generation = ((yield* ctx.store.get(key)) as number | null) ?? 0;
  yield* ctx.store.put(key, generation + 1, GENERATION_TTL_SECONDS);
}

export const leaseKey = (key: string) => `lease:${key}`;
const generationKey = (eventType: number) => `calcom:slots_generation:${eventType}`;
/** Generations must outlive every entry they version; 30 days is far beyond any TTL modelled. */
const GENERATION_TTL_SECONDS = 30 * 86_400;
/** A lease only needs to outlive one fill (Cal.com round trip); Facebook's memcache uses 10 s. */
const LEASE_TTL_SECONDS = 10;

/**
 * After Facebook's memcache leases: a miss takes a token; an invalidation deletes it; a fill stores only
 * while it still holds. A logical timestamp is the token: unique, and deterministic.
 */
function* takeLease(ctx: AppContext, key: string): Process<number> {
  const token = ctx.clock.order();
  yield* ctx.store.put(leaseKey(key), token, LEASE_TTL_SECONDS);
  return token;
}

function* leaseHolds(ctx: AppContext, key: string, token: number): Process<boolean> {
  const holder = yield* ctx.store.get(leaseKey(key));
  if (holder === token) return true;
  if (ctx.tracing) ctx.note(`lease.lost ${key}: fill not stored`);
  return false;
}

/** Laravel's `Cache::lock()->block()` polls every 250 ms and gives up after its timeout. */
const LOCK_POLL_MS = 250;
const LOCK_WAIT_MS = 5_000;
const LOCK_TTL_SECONDS = 10;

/**
 * Layer 1 with request coalescing (e06c5837e): on a miss, take `Cache::lock` on the key; whoever
 * holds it re-reads the cache and fetches only if still missing; the others wait for the lock and then
 * find the value. A waiter that times out re-reads and, still missing, fetches and stores (e06c5837e).
 */
function* coalesced<T>(ctx: AppContext, key: string, ttl: number, compute: () => Process<T | null>): Process<{ value: T | null; hit: boolean }> {
  const cached = (yield* ctx.store.get(key)) as T | null;
  if (cached !== null) return { value: cached, hit: true };
  const lock = `lock:${key}`;
  for (let waited = 0; !(yield* acquireLock(ctx.store, lock, LOCK_TTL_SECONDS, key)); waited += LOCK_POLL_MS) {
    if (waited >= LOCK_WAIT_MS) return yield* remember(ctx.store, key, ttl, compute);
    yield LOCK_POLL_MS;
  }
  const settled = yield* remember(ctx.store, key, ttl, compute);
  yield* ctx.store.forget(lock);
  return settled;
}
