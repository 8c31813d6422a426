import type { Process } from '../../core/simulation.ts';
import { addLocal, ymd, ymdHis, type LocalTime } from '../../core/zonedTime.ts';
import type { SlotsResponse } from '../../calcom/shapes.ts';
import type { AppContext } from './appContext.ts';
import { readThrough } from './cacheAccess.ts';
import { layer1Key } from './keys.ts';

/** A Layer 1 read: the slots body, or null when Cal.com failed (failures are not cached). */
export interface Layer1Lookup {
  readonly body: SlotsResponse | null;
  readonly servedBy: 'layer1' | 'calcom';
}

/**
 * Layer 1, `CalcomService::getAvailableSlots(eventType, start, end, team)`: `Cache::get`; on a miss
 * `GET /v2/slots/available` for [fromMs, toMs] and `Cache::put` for the Layer 1 TTL, also when there are
 * no slots (a body is always truthy, so PHP's truthy hit test and `remember`'s non-null test agree).
 * `start`/`end` are the strings the caller passed, part of the key.
 */
function* layer1Lookup(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  start: string,
  end: string,
  fromMs: number,
  toMs: number,
  latencyMs: number | undefined,
): Process<Layer1Lookup> {
  const { value, hit } = yield* readThrough<SlotsResponse>(ctx, 'layer1', layer1Key(team, eventType, start, end), eventType, function* () {
    const reply = yield* ctx.calcomClient.call(() => {
      if (ctx.tracing) ctx.note(`calcom.slots eventType=${eventType} ${start}..${end}`);
      return ctx.calcom.slots(eventType, fromMs, toMs);
    }, latencyMs);
    return reply.ok ? reply.value : null;
  });
  if (hit) ctx.stats.layer1Hits++;
  else ctx.stats.layer1Misses++;
  return { body: value, servedBy: hit ? 'layer1' : 'calcom' };
}

/** Layer 1 for one whole day: key `…:{Y-m-d}:{Y-m-d}`, Cal.com asked from start to end of that local day. */
export function layer1Day(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  day: LocalTime,
  latencyMs: number | undefined,
): Process<Layer1Lookup> {
  const date = ymd(day);
  const midnight = { ...day, hour: 0, minute: 0, second: 0, ms: 0 };
  const fromMs = ctx.calendar.toUtc(midnight);
  const toMs = ctx.calendar.toUtc(addLocal(midnight, 1)) - 1;
  return layer1Lookup(ctx, eventType, team, date, date, fromMs, toMs, latencyMs);
}

/**
 * Layer 1 for one hour from `start`, as the voice agent's `check_availability` asks at the fix commit:
 * key `…:{Y-m-d H:i:s}:{Y-m-d H:i:s}` with the end one second before the hour is over.
 */
export function layer1Hour(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  start: LocalTime,
  latencyMs: number | undefined,
): Process<Layer1Lookup> {
  const end = addLocal(start, 0, 1);
  const fromMs = ctx.calendar.toUtc(start);
  const toMs = ctx.calendar.toUtc(end) - 1000;
  return layer1Lookup(ctx, eventType, team, ymdHis(start), ymdHis(ctx.calendar.toLocal(toMs)), fromMs, toMs, latencyMs);
}
