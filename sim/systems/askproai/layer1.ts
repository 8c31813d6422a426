import type { Process } from '../../core/simulation.ts';
import { addLocal, startOfDay, ymd, ymdHis, type LocalTime } from '../../core/zonedTime.ts';
import type { SlotsResponse } from '../../calcom/shapes.ts';
import type { AppContext } from './appContext.ts';
import { readThrough } from './cacheAccess.ts';
import { layer1DayKey, layer1Key } from './keys.ts';
import { today } from './strategies/invalidates/forgetListKeys.ts';

/** A Layer 1 read: the slots body, or null when Cal.com failed (failures are not cached). */
export interface Layer1Lookup {
  readonly body: SlotsResponse | null;
  readonly servedBy: 'layer1' | 'calcom';
}

/** A Layer 1 read through `getAvailableSlots`, or nothing at all when the range failed its validation. */
export type HourlyLookup = Layer1Lookup | { readonly body: null; readonly servedBy: null };

/** What a Layer 1 read asks for: its key, the range strings the caller passed, and the local days they span. */
interface Layer1Range {
  readonly key: string;
  readonly start: string;
  readonly end: string;
  readonly first: LocalTime;
  readonly last: LocalTime;
}

/**
 * Layer 1, `CalcomService::getAvailableSlots(eventType, start, end, team)`, whose validation (the code
 * version's) may refuse the range strings before the cache is read: then nothing is read, and the caller
 * answers an error. Otherwise `Cache::get`; on a miss `GET /v2/slots/available` for the whole days and
 * `Cache::put` for the Layer 1 TTL, also when there are no slots (a body is always truthy, so PHP's
 * truthy hit test and `remember`'s non-null test agree).
 */
function* validatedLookup(ctx: AppContext, eventType: number, range: Layer1Range, latencyMs: number | undefined): Process<HourlyLookup> {
  const { start, end } = range;
  const problem = ctx.variant.code.layer1RangeProblem(start, end, () => ymd(today(ctx)));
  if (problem) {
    if (ctx.tracing) ctx.note(`calcom.getAvailableSlots ${start}..${end}: validation failed (${problem})`);
    return { body: null, servedBy: null };
  }
  // A top-level generator behind an arrow, not a generator closure: V8 keeps a closure's generator
  // context alive past the run, which made every run's world survive young-generation GC.
  const fetch = () => fetchSlots(ctx, eventType, range, latencyMs);
  const { value, hit } = yield* readThrough<SlotsResponse>(ctx, 'layer1', range.key, eventType, fetch, isEmptyDay);
  if (hit) ctx.stats.layer1Hits++;
  else ctx.stats.layer1Misses++;
  return { body: value, servedBy: hit ? 'layer1' : 'calcom' };
}

const isEmptyDay = (body: SlotsResponse) => Object.keys(body.data.slots).length === 0;

/** The Layer 1 fill: `GET /v2/slots/available` for the range's whole days through the circuit breaker; null when it failed. */
function* fetchSlots(ctx: AppContext, eventType: number, range: Layer1Range, latencyMs: number | undefined): Process<SlotsResponse | null> {
  const { start, end } = range;
  const { fromMs, toMs } = wholeDays(ctx, range.first, range.last);
  const reply = yield* ctx.calcomClient.call(() => {
    if (ctx.tracing) ctx.note(`calcom.slots eventType=${eventType} ${start}..${end}`);
    return ctx.calcom.slots(eventType, fromMs, toMs);
  }, latencyMs);
  return reply.ok ? reply.value : null;
}

/**
 * Cal.com's range for Layer 1 reads: `getAvailableSlots` asks for whole days, from the start of the
 * first day to the end of the last, whatever strings the caller passed (so an hourly entry holds the day).
 * The days are the app's: `Carbon::parse($startDate)->startOfDay()` reads the date in `app.timezone`
 * (e06c5837e CalcomService 402–403), not in the callers' zone; `racesim conform` found the difference.
 */
function wholeDays(ctx: AppContext, first: LocalTime, last: LocalTime): { fromMs: number; toMs: number } {
  const days = ctx.appCalendar;
  return { fromMs: days.toUtc(startOfDay(first)), toMs: days.toUtc(addLocal(startOfDay(last), 1)) - 1000 };
}

/** Layer 1 for one whole day: key `…:{Y-m-d}:{Y-m-d}`. */
export function layer1Day(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  day: LocalTime,
  latencyMs: number | undefined,
): Process<HourlyLookup> {
  const { date, key } = layer1DayKey(team, eventType, day);
  return validatedLookup(ctx, eventType, { key, start: date, end: date, first: day, last: day }, latencyMs);
}

/**
 * Layer 1 for one hour from `start`, as RetellFunctionCallHandler's `check_availability` asks at the fix
 * commit: key `…:{Y-m-d H:i:s}:{Y-m-d H:i:s}` with the end one second before the hour is over.
 */
export function layer1Hour(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  start: LocalTime,
  latencyMs: number | undefined,
): Process<HourlyLookup> {
  const end = ctx.calendar.toLocal(ctx.calendar.toUtc(addLocal(start, 0, 1)) - 1000);
  return validatedLookup(ctx, eventType, hourRange(team, eventType, start, end), latencyMs);
}

/**
 * Layer 1 as RetellApiController's check asks at the fix commit: no team id, and the strings run from
 * the start of the slot's hour to the end of the next hour (`{Y-m-d H:00:00}:{Y-m-d (H+1):59:59}`).
 */
export function layer1RetellHours(ctx: AppContext, eventType: number, slot: LocalTime, latencyMs: number | undefined): Process<HourlyLookup> {
  const start = { ...slot, minute: 0, second: 0, ms: 0 };
  const end = { ...addLocal(start, 0, 1), minute: 59, second: 59 };
  return validatedLookup(ctx, eventType, hourRange(null, eventType, start, end), latencyMs);
}

/** A range the hourly paths pass as `Y-m-d H:i:s` strings. */
function hourRange(team: number | null, eventType: number, first: LocalTime, last: LocalTime): Layer1Range {
  const [start, end] = [ymdHis(first), ymdHis(last)];
  return { key: layer1Key(team, eventType, start, end), start, end, first, last };
}

/** Half an hour in ms: RetellApiController's reschedule check reaches this far either side of the target. */
const HALF_HOUR_MS = 30 * 60_000;

/**
 * Layer 1 as RetellApiController's reschedule checks the target at the fix commit: no team id, and the
 * strings half an hour either side of it (`{Y-m-d H:i:s}` of target − 30 min and target + 30 min).
 */
export function layer1AroundSlot(ctx: AppContext, eventType: number, slot: LocalTime, latencyMs: number | undefined): Process<HourlyLookup> {
  const slotMs = ctx.calendar.toUtc(slot);
  return validatedLookup(ctx, eventType, hourRange(null, eventType, ctx.calendar.toLocal(slotMs - HALF_HOUR_MS), ctx.calendar.toLocal(slotMs + HALF_HOUR_MS)), latencyMs);
}
