import type { Process } from '../../core/simulation.ts';
import { addLocal, compareDay, startOfDay, type LocalTime } from '../../core/zonedTime.ts';
import type { ServedBy } from '../../scenario/scenario.ts';
import { remember } from '../../stores/cacheStore.ts';
import type { Service } from '../../worldConfig.ts';
import type { Alternative } from '../bookingSystem.ts';
import type { AppContext } from './appContext.ts';
import { layer2Key } from './keys.ts';
import { layer1Day } from './layer1.ts';

export interface WindowLookup {
  /** Every slot (ISO UTC) of the days the window spans: the fill does not filter to the window. */
  readonly times: readonly string[];
  /** `layer2` on a hit; else what served the fill of the window's first day. */
  readonly servedBy: ServedBy;
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
  const key = layer2Key(service.company, service.branch, service.eventType, start, end);
  const team = ctx.profile.layer2FillWithTeam ? service.team : null;
  let servedBy: ServedBy = 'layer2';
  const { value, hit } = yield* remember<string[]>(ctx.store, key, ctx.world.ttlSeconds.layer2, function* () {
    const times: string[] = [];
    for (let day = startOfDay(start); compareDay(day, end) <= 0; day = addLocal(day, 1)) {
      const lookup = yield* layer1Day(ctx, service.eventType, team, day, latencyMs);
      if (servedBy === 'layer2') servedBy = lookup.servedBy;
      for (const slots of Object.values(lookup.body.data.slots)) for (const slot of slots) times.push(slot.time);
    }
    return times;
  });
  if (hit) ctx.stats.layer2Hits++;
  else ctx.stats.layer2Misses++;
  return { times: value ?? [], servedBy };
}

const MAX_ALTERNATIVES = 2;
const WINDOW_MINUTES = 120;

/**
 * Up to two free slots of the same day within ±2 h of the wanted one, nearest first, read through the
 * finder's two Layer 2 windows `[t-2h, t]` and `[t, t+2h]` clipped to business hours.
 */
export function* sameDayAlternatives(
  ctx: AppContext,
  service: Service,
  slot: LocalTime,
  slotMs: number,
  latencyMs: number | undefined,
): Process<Alternative[]> {
  const minute = slot.hour * 60 + slot.minute;
  const { open, close } = ctx.world.businessHours;
  const windows: [number, number][] = [
    [Math.max(minute - WINDOW_MINUTES, open), minute],
    [minute, Math.min(minute + WINDOW_MINUTES, close)],
  ];
  const candidates = new Map<number, ServedBy>();
  for (const [from, to] of windows) {
    if (from >= to) continue;
    const start = atMinute(slot, from);
    const end = atMinute(slot, to);
    const lookup = yield* layer2Window(ctx, service, start, end, latencyMs);
    const fromMs = ctx.calendar.toUtc(start);
    const toMs = ctx.calendar.toUtc(end);
    for (const time of lookup.times) {
      const ms = Date.parse(time);
      if (ms >= fromMs && ms <= toMs && ms !== slotMs && !candidates.has(ms)) candidates.set(ms, lookup.servedBy);
    }
  }
  return [...candidates]
    .sort(([a], [b]) => Math.abs(a - slotMs) - Math.abs(b - slotMs) || a - b)
    .slice(0, MAX_ALTERNATIVES)
    .map(([ms, servedBy]) => ({ slotMs: ms, servedBy }));
}

function atMinute(day: LocalTime, minuteOfDay: number): LocalTime {
  return { ...day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, ms: 0 };
}

