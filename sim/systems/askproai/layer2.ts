import type { Process } from '../../core/simulation.ts';
import { addLocal, compareDay, startOfDay, type LocalTime } from '../../core/zonedTime.ts';
import type { ServedBy } from '../../core/vocabulary.ts';
import type { Service } from '../../worldConfig.ts';
import type { AppContext } from './appContext.ts';
import { readThrough } from './cacheAccess.ts';
import { timesOf } from './cacheValues.ts';
import { layer2Key } from './keys.ts';
import { layer1Day } from './layer1.ts';

export interface WindowLookup {
  /** Every slot (ISO UTC) of the days the window spans (the fill does not filter to the window); null when Cal.com failed. */
  readonly times: readonly string[] | null;
  /** `layer2` on a hit; else what served the fill of the window's first day. */
  readonly servedBy: ServedBy;
  /** The window's key: the entry the slots were read from (or filled into). */
  readonly key: string;
}

/**
 * Layer 2, `AppointmentAlternativeFinder::getAvailableSlots(start, end, eventType)`:
 * `Cache::remember(cal_slots_…, TTL, fill)` where the fill reads Layer 1 for each whole day spanned.
 * The profile decides whether that Layer 1 read carries the service's team id.
 */
export function* layer2Window(
  ctx: AppContext,
  service: Service,
  start: LocalTime,
  end: LocalTime,
  latencyMs: number | undefined,
): Process<WindowLookup> {
  const key = layer2Key(service.company, service.branch, service.eventType, start, end, ctx.variant.code.finderBranchFormat);
  const team = ctx.profile.layer2FillWithTeam ? service.team : null;
  const fill = { servedBy: 'layer2' as ServedBy };
  // A top-level generator behind an arrow, not a generator closure (see layer1.ts).
  const { value, hit } = yield* readThrough<readonly string[]>(ctx, 'layer2', key, service.eventType, () => fillWindow(ctx, service.eventType, team, start, end, latencyMs, fill));
  if (hit) ctx.stats.layer2Hits++;
  else ctx.stats.layer2Misses++;
  return { times: value, servedBy: fill.servedBy, key };
}

/** The Layer 2 fill: every day of the window from Layer 1; `fill.servedBy` learns who answered the first day. */
function* fillWindow(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  start: LocalTime,
  end: LocalTime,
  latencyMs: number | undefined,
  fill: { servedBy: ServedBy },
): Process<readonly string[] | null> {
  const days: (readonly string[])[] = [];
  for (let day = startOfDay(start); compareDay(day, end) <= 0; day = addLocal(day, 1)) {
    const lookup = yield* layer1Day(ctx, eventType, team, day, latencyMs);
    if (fill.servedBy === 'layer2' && lookup.servedBy) fill.servedBy = lookup.servedBy;
    if (!lookup.body) return null;
    days.push(timesOf(lookup.body));
    if (compareDay(day, end) === 0) break; // the window's last day: no next day to make (most windows are one)
  }
  // A one-day window (most) stores the body's own list, shared by every run that reads that body.
  return days.length === 1 ? days[0] : days.flat();
}
