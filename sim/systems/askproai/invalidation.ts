import type { Process } from '../../core/simulation.ts';
import type { AppContext } from './appContext.ts';

/**
 * Runs the variant's `clearAvailabilityCacheForEventType(eventType, teamId)` and forgets each key, one
 * `Cache::forget` per key as the PHP code does. `path` only labels the trace.
 */
export function* invalidate(ctx: AppContext, eventType: number, teamId: number | null, path: 'booking' | 'webhook'): Process<void> {
  ctx.stats.invalidations++;
  const keys = ctx.variant.keysToForget(ctx, eventType, teamId);
  if (keys === null) {
    if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=none: TypeError, nothing cleared`);
    return;
  }
  if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=${teamId ?? 'all'} keys=${keys.length}`);
  for (const key of keys) yield* ctx.store.forget(key);
  ctx.stats.keysForgotten += keys.length;
}
