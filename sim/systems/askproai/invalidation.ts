import type { Process } from '../../core/simulation.ts';
import type { LocalTime } from '../../core/zonedTime.ts';
import type { AppContext } from './appContext.ts';
import type { Invalidation } from './strategies/invalidates/invalidationStrategy.ts';

/**
 * `clearAvailabilityCacheForEventType(eventType, teamId)` as the variant has it: its timing strategy
 * runs its invalidation strategy (a forget list, a generation bump). `path` only labels the trace.
 */
export function invalidate(
  ctx: AppContext,
  eventType: number,
  teamId: number | null,
  slot: LocalTime | null,
  path: 'booking' | 'webhook',
): Process<void> {
  return ctx.variant.when.run(ctx, path, clear(ctx, { eventType, teamId, slot, path }));
}

function* clear(ctx: AppContext, invalidation: Invalidation): Process<void> {
  ctx.stats.invalidations++;
  yield* ctx.variant.invalidates.clear(ctx, invalidation);
}

const forgetListsByWorld = new WeakMap<object, Map<string, AppContext['forgetLists']>>();

/**
 * The forget lists of one world configuration, profile and variant, shared by every run of the process:
 * a list depends only on them and on the day, so a sweep builds each once instead of once per run.
 */
export function sharedForgetLists(world: object, profile: string, variant: string): AppContext['forgetLists'] {
  let byVersion = forgetListsByWorld.get(world);
  if (byVersion === undefined) forgetListsByWorld.set(world, (byVersion = new Map()));
  const version = `${profile}/${variant}`;
  let lists = byVersion.get(version);
  if (lists === undefined) byVersion.set(version, (lists = new Map()));
  return lists;
}
