import type { Process } from '../../../../core/simulation.ts';
import { mapUnder } from '../../../../core/maps.ts';
import { ymdH } from '../../../../core/zonedTime.ts';
import { forgetAll, keySetOf } from '../../../../stores/cacheStore.ts';
import type { AppContext } from '../../appContext.ts';
import { hourCode, isLayer2Key } from '../../keys.ts';
import { today, type KeysToForget } from './forgetListKeys.ts';
import type { Invalidation, InvalidationStrategy } from './invalidationStrategy.ts';

/** An invalidation that forgets a list of keys; the list itself is exposed for tests and tools. */
export interface ForgetList extends InvalidationStrategy<AppContext> {
  /** The list the clear forgets, built from the app's services and day (see `KeysToForget`). */
  readonly keysToForget: KeysToForget;
}

/**
 * One `Cache::forget` per key of the list, as the PHP code does (and per companion key the read
 * strategy names, a lease). A list depends only on the day, event type, team and booked hour, so it is
 * built once per world and kept in `ctx.forgetLists`.
 */
export function forgetList(name: string, keysToForget: KeysToForget): ForgetList {
  return {
    name,
    keysToForget,
    *clear(ctx, invalidation) {
      const { eventType, teamId, path } = invalidation;
      const keys = listFor(ctx, invalidation, keysToForget);
      if (keys === null) {
        if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=none: TypeError, nothing cleared`);
        return;
      }
      if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType} team=${teamId ?? 'all'} keys=${keys.length}`);
      const immediate = ctx.store.immediate;
      if (immediate && ctx.variant.read.leavesNoCompanions && ctx.world.faults.layer2ForgetFailureProbability === 0) {
        // No per-key fault draw and no lease beside a key: only the keys the store holds need a forget
        // (every listed key is still a round trip, so still counted), and no process step is needed.
        forgetAll(immediate, keySetOf(keys));
        ctx.stats.keysForgotten += keys.length;
        return;
      }
      yield* forgetEach(ctx, keys, path);
    },
  };
}

function listFor(ctx: AppContext, { eventType, teamId, slot }: Invalidation, keysToForget: KeysToForget): readonly string[] | null {
  // By today, event type, team and the booked hour (its `Y-m-d-H` as a number, or as text when its fields do not fit one).
  const lists = mapUnder(mapUnder(mapUnder(ctx.forgetLists, today(ctx)), eventType), teamId);
  const hour = slot ? (hourCode(slot) ?? ymdH(slot)) : null;
  let keys = lists.get(hour);
  if (keys === undefined) {
    keys = keysToForget(ctx, eventType, teamId, slot);
    lists.set(hour, keys);
  }
  return keys;
}

/** One forget per key (and per companion), each Layer 2 forget through the cache faults. */
function* forgetEach(ctx: AppContext, keys: readonly string[], path: string): Process<void> {
  const immediate = ctx.store.immediate;
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
    if (immediate) immediate.forgetNow(key);
    else yield* ctx.store.forget(key);
    ctx.stats.keysForgotten++;
    for (const companion of ctx.variant.read.companionKeys(key)) {
      if (immediate) immediate.forgetNow(companion);
      else yield* ctx.store.forget(companion);
      ctx.stats.keysForgotten++; // a forget is a round trip whatever it removes
    }
  }
}
