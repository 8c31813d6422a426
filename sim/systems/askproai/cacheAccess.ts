import type { Process } from '../../core/simulation.ts';
import { remember } from '../../stores/cacheStore.ts';
import { rememberCoalesced } from '../../stores/coalescedRemember.ts';
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
  isEmpty?: (value: T) => boolean,
): Process<{ value: T | null; hit: boolean }> {
  const key = ctx.variant.versionedKeys ? yield* currentKey(ctx, baseKey, eventType) : baseKey;
  const layerTtl = ctx.ttlSeconds[layer];
  const emptyTtl = ctx.variant.emptyResultTtlSeconds;
  const ttl = emptyTtl !== undefined && isEmpty ? (value: T) => (isEmpty(value) ? emptyTtl : layerTtl) : layerTtl;
  if (layer === 'layer1' && ctx.variant.coalesceLayer1) return yield* rememberCoalesced(ctx.store, key, ttl, compute);
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
