import type { Process } from '../../../../core/simulation.ts';
import { remember } from '../../../../stores/cacheStore.ts';
import type { AppContext } from '../../appContext.ts';
import type { CacheRead, ReadStrategy } from './readStrategy.ts';

const leaseKey = (key: string) => `lease:${key}`;
/** A lease only needs to outlive one fill (Cal.com round trip); Facebook's memcache uses 10 s. */
const LEASE_TTL_SECONDS = 10;

/**
 * After Facebook's memcache leases: a miss takes a token; an invalidation deletes it (the companion
 * key); a fill stores only while it still holds. A logical timestamp is the token: unique, and deterministic.
 */
export const leasedRead: ReadStrategy<AppContext> = {
  name: 'leased',
  *readThrough(ctx, read) {
    const lease = { token: 0 };
    // Top-level generators behind arrows, not a generator closure (see layer1.ts: closures keep runs alive).
    return yield* remember(ctx.store, read.key, read.ttlSeconds, () => leasedFill(ctx, read, lease), () => leaseHolds(ctx, read.key, lease.token));
  },
  companionKeys: (key) => [leaseKey(key)],
  leavesNoCompanions: false,
};

/** Takes the lease, then fills; `lease.token` holds the token for the store's check. */
function* leasedFill<T>(ctx: AppContext, read: CacheRead<T>, lease: { token: number }): Process<T | null> {
  lease.token = yield* takeLease(ctx, read.key);
  return yield* read.compute();
}

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
