import type { Process } from '../../core/simulation.ts';
import type { LocalTime } from '../../core/zonedTime.ts';
import type { AppContext } from './appContext.ts';
import { bumpGeneration, leaseKey } from './cacheAccess.ts';

/**
 * `clearAvailabilityCacheForEventType(eventType, teamId)` as the variant has it: inline, or as a queued
 * job; one `Cache::forget` per key as the PHP code does (and per lease, with leases), or one generation
 * increment with versioned keys. `path` only labels the trace.
 */
export function* invalidate(
  ctx: AppContext,
  eventType: number,
  teamId: number | null,
  slot: LocalTime | null,
  path: 'booking' | 'webhook',
): Process<void> {
  if (ctx.variant.queuedInvalidation) {
    if (ctx.tracing) ctx.note(`invalidate.${path} queued for ${ctx.world.queueDelayMs} ms`);
    ctx.defer(ctx.world.queueDelayMs, `job:invalidate-${path}`, clear(ctx, eventType, teamId, slot, path));
    return;
  }
  yield* clear(ctx, eventType, teamId, slot, path);
}

function* clear(ctx: AppContext, eventType: number, teamId: number | null, slot: LocalTime | null, path: string): Process<void> {
  ctx.stats.invalidations++;
  if (ctx.variant.versionedKeys) {
    if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType}: generation +1`);
    yield* bumpGeneration(ctx, eventType);
    return;
  }
  const keys = ctx.variant.keysToForget(ctx, eventType, teamId, slot);
  if (keys === null) {
    if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=none: TypeError, nothing cleared`);
    return;
  }
  if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=${teamId ?? 'all'} keys=${keys.length}`);
  for (const key of keys) {
    yield* ctx.store.forget(key);
    if (ctx.variant.leases) yield* ctx.store.forget(leaseKey(key));
  }
  ctx.stats.keysForgotten += keys.length;
}
