import type { Process } from '../../core/simulation.ts';
import { ymd, ymdH, type LocalTime } from '../../core/zonedTime.ts';
import type { AppContext } from './appContext.ts';
import { bumpGeneration, leaseKey } from './cacheAccess.ts';
import { isLayer2Key } from './keys.ts';

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
  const listKey = `${ymd(ctx.appCalendar.toLocal(ctx.clock.now))}|${eventType}|${teamId}|${slot ? ymdH(slot) : ''}`;
  let keys = ctx.forgetLists.get(listKey);
  if (keys === undefined) {
    keys = ctx.variant.keysToForget(ctx, eventType, teamId, slot);
    ctx.forgetLists.set(listKey, keys);
  }
  if (keys === null) {
    if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=none: TypeError, nothing cleared`);
    return;
  }
  if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=${teamId ?? 'all'} keys=${keys.length}`);
  let layer2Failed = false;
  for (const key of keys) {
    if (isLayer2Key(key)) {
      if (layer2Failed) continue;
      if (ctx.cacheFaults.chance(ctx.world.faults.layer2ForgetFailureProbability)) {
        // The Layer 2 part runs in a try/catch that only logs: one failing forget ends it.
        layer2Failed = true;
        if (ctx.tracing) ctx.note(`invalidate.${path} warning: forget ${key} failed, rest of the Layer 2 clear skipped`);
        continue;
      }
    }
    yield* ctx.store.forget(key);
    ctx.stats.keysForgotten++;
    if (ctx.variant.leases) {
      yield* ctx.store.forget(leaseKey(key));
      ctx.stats.keysForgotten++; // a forget is a round trip whatever it removes
    }
  }
}

const forgetListsByWorld = new WeakMap<object, Map<string, Map<string, readonly string[] | null>>>();

/**
 * The forget lists of one world configuration, profile and variant, shared by every run of the process:
 * a list depends only on them and on the day, so a sweep builds each once instead of once per run.
 */
export function sharedForgetLists(world: object, profile: string, variant: string): Map<string, readonly string[] | null> {
  let byVersion = forgetListsByWorld.get(world);
  if (byVersion === undefined) forgetListsByWorld.set(world, (byVersion = new Map()));
  const version = `${profile}/${variant}`;
  let lists = byVersion.get(version);
  if (lists === undefined) byVersion.set(version, (lists = new Map()));
  return lists;
}
