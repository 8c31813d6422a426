import type { Process } from '../../core/simulation.ts';
import { addLocal, calendarFor, hi, instantsOfIsoList, ymd, type LocalTime, type ZonedCalendar } from '../../core/zonedTime.ts';
import type { ServedBy } from '../../core/vocabulary.ts';
import type { Service } from '../../worldConfig.ts';
import type { Alternative } from '../bookingSystem.ts';
import type { AppContext } from './appContext.ts';
import { layer2Window, type WindowLookup } from './layer2.ts';
import { instantHeardFor } from './wallClock.ts';

const MAX_ALTERNATIVES = 2;
/** The day the code's next-available and fallback searches read: `setTime(9, 0)` to `setTime(18, 0)`, hard-coded. */
const FINDER_DAY = { from: 9 * 60, to: 18 * 60 };
/** `isTimeSlotAvailable`: a fallback candidate counts as free when a slot starts within 15 minutes of it. */
const FALLBACK_TOLERANCE_MS = 15 * 60_000;

/**
 * `AppointmentAlternativeFinder`: up to two slots near the wanted one, every window read through Layer 2
 * (so a stale window offers a taken slot). `same-day` (the seed's account) offers the nearest free slots
 * within ±2 h inside business hours; `as-written` is the code's search (`findAsWritten`).
 */
export function* findAlternatives(
  ctx: AppContext,
  service: Service,
  slot: LocalTime,
  slotMs: number,
  latencyMs: number | undefined,
): Process<Alternative[]> {
  const tenant = finderTenant(ctx, service);
  const found =
    ctx.profile.alternativeSearch === 'as-written'
      ? yield* findAsWritten(ctx, tenant, slot, latencyMs)
      : yield* nearestFreeSameDay(ctx, tenant, slot, slotMs, latencyMs);
  return ctx.profile.slotMatching === 'utc-wall-clock' && !ctx.variant.code.finderSpeaksLocal ? found.map((a) => spokenInUtc(ctx, a)) : found;
}

/**
 * The service as the finder keys it: on `finderTenant: call`, with the call's branch (the phone number's)
 * in place of the service's. A finder given no tenant (RetellApiController's: company null) keys `0_0`.
 */
function finderTenant(ctx: AppContext, service: Service): Service {
  const callBranch = service.callBranch;
  if (ctx.profile.finderTenant === 'service' || service.company === null || callBranch === undefined) return service;
  return { ...service, branch: callBranch };
}

/**
 * Whether the finder throws before its first window (4434a4976 on: `getAvailableSlots` raises
 * `RuntimeException('SECURITY: Tenant context required…')` when company or branch is null,
 * AppointmentAlternativeFinder 57b4aa6f6:452–461), so no `cal_slots_…` key with an empty tenant part is written.
 */
export function finderRefusesTenant(ctx: AppContext, service: Service): boolean {
  if (!ctx.variant.code.finderTenantGuard) return false;
  const tenant = finderTenant(ctx, service);
  return tenant.company === null || tenant.branch === null;
}

/** The seed's same-day search: free slots in [t−2h, t] and [t, t+2h] clipped to business hours, nearest first. */
function* nearestFreeSameDay(ctx: AppContext, service: Service, slot: LocalTime, slotMs: number, latencyMs: number | undefined): Process<Alternative[]> {
  const { open, close } = ctx.world.businessHours;
  const t = minuteOf(slot);
  const windows = [
    { from: Math.max(t - 120, open), to: Math.min(t, close) },
    { from: Math.max(t, open), to: Math.min(t + 120, close) },
  ];
  const nearest: Alternative[] = [];
  for (const { from, to } of windows) {
    if (from >= to) continue;
    const start = atMinute(slot, from);
    const end = atMinute(slot, to);
    const lookup = yield* layer2Window(ctx, service, start, end, latencyMs);
    if (!lookup.times) continue;
    const fromMs = ctx.calendar.toUtc(start);
    const toMs = ctx.calendar.toUtc(end);
    for (const ms of instantsOfIsoList(lookup.times)) {
      if (ms >= fromMs && ms <= toMs && ms !== slotMs) keepNearest(nearest, ms, lookup, slotMs);
    }
  }
  return nearest;
}

/**
 * Puts slot `ms` into `nearest`, the closest slots to `slotMs` so far (the earlier on a tie), closest
 * first and at most MAX_ALTERNATIVES of them, unless it is there already (a slot both windows list keeps
 * the first window's reader). A slot pushed out never comes back: only closer ones follow it.
 */
function keepNearest(nearest: Alternative[], ms: number, lookup: WindowLookup, slotMs: number): void {
  if (nearest.some((a) => a.slotMs === ms)) return;
  let at = nearest.length;
  while (at > 0 && (Math.abs(ms - slotMs) - Math.abs(nearest[at - 1].slotMs - slotMs) || ms - nearest[at - 1].slotMs) < 0) at--;
  if (at >= MAX_ALTERNATIVES) return;
  nearest.splice(at, 0, { slotMs: ms, servedBy: lookup.servedBy, entryKey: lookup.key });
  if (nearest.length > MAX_ALTERNATIVES) nearest.pop();
}

/** A candidate of the code's search with its type's bonus in `rankAlternatives`; duplicates are kept. */
interface Candidate {
  readonly slotMs: number;
  readonly servedBy: ServedBy;
  /** The Layer 2 window key the candidate was read from (`Alternative.entryKey`). */
  readonly entryKey: string;
  readonly bonus: number;
}

/**
 * What the finder as written needs of the world: its Layer 2 reads (null when Cal.com failed: the code's
 * CalcomApiException ends the search with no alternatives) and the clock the code reads times on (UTC,
 * the app's zone, on the `utc-wall-clock` profiles; the callers' zone otherwise).
 */
interface Search {
  readonly ctx: AppContext;
  readonly clock: ZonedCalendar;
  read(from: LocalTime, to: LocalTime): Process<WindowLookup>;
}

/**
 * The code's search. The requested time (as the code parses it) is first moved into business hours
 * (`adjustToBusinessHours`); then, while fewer than two candidates are found: the same day, the next
 * workday, the same day next week and the next workday with any slot; all candidates are ranked by the
 * code's score, highest first, and two kept. Without any, `generateFallbackAlternatives` suggests some.
 */
function* findAsWritten(ctx: AppContext, service: Service, slot: LocalTime, latencyMs: number | undefined): Process<Alternative[]> {
  const search: Search = {
    ctx,
    clock: ctx.profile.slotMatching === 'utc-wall-clock' ? calendarFor('UTC') : ctx.calendar,
    read: (from, to) => layer2Window(ctx, service, from, to, latencyMs),
  };
  const desired = adjustToBusinessHours(ctx, slot);
  if (ctx.tracing && desired !== slot) ctx.note(`finder.adjusted ${ymd(slot)} ${hi(slot)} -> ${ymd(desired)} ${hi(desired)} (outside business hours)`);
  const candidates: Candidate[] = [];
  for (const stage of [sameDay, nextWorkday, nextWeek, nextAvailable]) {
    if (candidates.length >= MAX_ALTERNATIVES) break;
    const found = yield* stage(search, desired);
    if (found === null) return [];
    candidates.push(...found);
  }
  const centreMs = search.clock.toUtc(desired);
  const score = (c: Candidate) => 10000 - Math.floor(Math.abs(c.slotMs - centreMs) / 60_000) + c.bonus;
  // A stable sort: equal scores keep the order found (PHP's sorts are stable).
  const ranked = candidates.sort((a, b) => score(b) - score(a)).slice(0, MAX_ALTERNATIVES);
  if (ranked.length > 0) return ranked.map(({ slotMs, servedBy, entryKey }) => ({ slotMs, servedBy, entryKey }));
  if (ctx.tracing) ctx.note('finder.fallback no candidate found: generating fallback suggestions');
  return (yield* fallbackAlternatives(search, desired)) ?? [];
}

/**
 * Same day: the earlier window [t−2h, t] only if it starts at or after opening, the later [t, t+2h] only
 * if it ends at or before closing (skipped, not clipped). Every slot of the day a window's fill returns is
 * a candidate, the requested one included; 500 for the preferred side (later from 12:00 on, earlier
 * before), 300 for the other.
 */
function* sameDay(search: Search, desired: LocalTime): Process<Candidate[] | null> {
  const { open, close } = search.ctx.world.businessHours;
  const t = minuteOf(desired);
  const laterPreferred = desired.hour >= 12;
  const windows = [
    { from: t - 120, to: t, bonus: laterPreferred ? 300 : 500 },
    { from: t, to: t + 120, bonus: laterPreferred ? 500 : 300 },
  ].filter((w) => w.from >= open && w.to <= close);
  const candidates: Candidate[] = [];
  for (const w of windows) {
    const lookup = yield* search.read(atMinute(desired, w.from), atMinute(desired, w.to));
    if (!lookup.times) return null;
    for (const slotMs of instantsOfIsoList(lookup.times)) candidates.push({ slotMs, servedBy: lookup.servedBy, entryKey: lookup.key, bonus: w.bonus });
  }
  return candidates;
}

/** Next workday: the requested time on that day, offered if the day's fill has any slot at all (the time itself is not checked). */
function nextWorkday(search: Search, desired: LocalTime): Process<Candidate[] | null> {
  return sameTimeIfAnySlot(search, atMinute(nextWeekday(desired), minuteOf(desired)), 250);
}

/** Next week: the requested time a week later, on the same terms. */
function nextWeek(search: Search, desired: LocalTime): Process<Candidate[] | null> {
  return sameTimeIfAnySlot(search, addLocal(desired, 7), 150);
}

function* sameTimeIfAnySlot(search: Search, at: LocalTime, bonus: number): Process<Candidate[] | null> {
  const t = minuteOf(at);
  const lookup = yield* search.read(atMinute(at, t - 30), atMinute(at, t + 30));
  if (!lookup.times) return null;
  return lookup.times.length > 0 ? [{ slotMs: search.clock.toUtc(at), servedBy: lookup.servedBy, entryKey: lookup.key, bonus }] : [];
}

/** Next available: days +1..+7, weekends skipped; on the first day with slots, the slot closest in time of day. */
function* nextAvailable(search: Search, desired: LocalTime): Process<Candidate[] | null> {
  const distance = (ms: number) => Math.abs(minuteOf(search.clock.toLocal(ms)) - minuteOf(desired));
  return yield* firstWorkdayWith(search, desired, [1, 7], (times, lookup) => {
    if (times.length === 0) return undefined;
    const closest = times.reduce((best, ms) => (distance(ms) < distance(best) ? ms : best));
    return { slotMs: closest, servedBy: lookup.servedBy, entryKey: lookup.key, bonus: 100 };
  });
}

/**
 * The finder's day-by-day searches: on each workday `days[0]..days[1]` after `desired`, its 09:00–18:00
 * read through Layer 2, until `pick` finds a slot there. [] when no day has one; null when Cal.com failed.
 */
function* firstWorkdayWith<T>(
  search: Search,
  desired: LocalTime,
  [first, last]: readonly [number, number],
  pick: (times: readonly number[], lookup: WindowLookup) => T | undefined,
): Process<T[] | null> {
  for (let days = first; days <= last; days++) {
    const day = addLocal(desired, days);
    if (!isWorkday(day)) continue;
    const lookup = yield* search.read(atMinute(day, FINDER_DAY.from), atMinute(day, FINDER_DAY.to));
    if (!lookup.times) return null;
    const found = pick(instantsOfIsoList(lookup.times), lookup);
    if (found !== undefined) return [found];
  }
  return [];
}

/**
 * `generateFallbackAlternatives`: t−2h (from 10:00 on) and t+2h (up to 16:59) the same day, the next
 * workday and next week at t, each inside business hours, kept when its day (09:00–18:00) has a slot
 * within 15 minutes of it; with none kept, the first slot inside business hours of the first workday with
 * slots among days +0..+14 (`findNextAvailableSlot`). Null when Cal.com failed.
 */
function* fallbackAlternatives(search: Search, desired: LocalTime): Process<Alternative[] | null> {
  const t = minuteOf(desired);
  const candidates = [
    desired.hour >= 10 ? atMinute(desired, t - 120) : null,
    desired.hour <= 16 ? atMinute(desired, t + 120) : null,
    atMinute(nextWeekday(desired), t),
    addLocal(desired, 7),
  ].filter((c): c is LocalTime => c !== null && withinBusinessHours(search.ctx, c));
  const verified: Alternative[] = [];
  for (const candidate of candidates) {
    const lookup = yield* search.read(atMinute(candidate, FINDER_DAY.from), atMinute(candidate, FINDER_DAY.to));
    if (!lookup.times) return null;
    const ms = search.clock.toUtc(candidate);
    if (instantsOfIsoList(lookup.times).some((slotMs) => Math.abs(slotMs - ms) <= FALLBACK_TOLERANCE_MS)) verified.push({ slotMs: ms, servedBy: lookup.servedBy, entryKey: lookup.key });
    if (verified.length >= MAX_ALTERNATIVES) break;
  }
  return verified.length > 0 ? verified : yield* firstSlotWithin14Days(search, desired);
}

function* firstSlotWithin14Days(search: Search, desired: LocalTime): Process<Alternative[] | null> {
  return yield* firstWorkdayWith(search, desired, [0, 14], (times, lookup) => {
    const first = times.find((ms) => withinBusinessHours(search.ctx, search.clock.toLocal(ms)));
    return first === undefined ? undefined : { slotMs: first, servedBy: lookup.servedBy, entryKey: lookup.key };
  });
}

/**
 * `adjustToBusinessHours`: before opening → opening time the same day; at or after closing → opening
 * time the next workday; on a weekend → opening time the next workday. Returns `t` itself when inside.
 */
function adjustToBusinessHours(ctx: AppContext, t: LocalTime): LocalTime {
  const { open, close } = ctx.world.businessHours;
  if (minuteOf(t) < open) return atMinute(t, open);
  if (minuteOf(t) >= close || !isWorkday(t)) return atMinute(nextWeekday(t), open);
  return t;
}

/** `isWithinBusinessHours`: the time of day between opening and closing, both included. */
function withinBusinessHours(ctx: AppContext, t: LocalTime): boolean {
  const { open, close } = ctx.world.businessHours;
  return minuteOf(t) >= open && minuteOf(t) <= close;
}

/** The finder says each slot's UTC `H:i`; the caller hears (and would book) that local time, not the slot read. */
function spokenInUtc(ctx: AppContext, alternative: Alternative): Alternative {
  const heardMs = instantHeardFor(alternative.slotMs, ctx.calendar);
  return heardMs === alternative.slotMs ? alternative : { ...alternative, slotMs: heardMs, readSlotMs: alternative.slotMs };
}

/** Monday to Friday (the code's `booking.workdays`). */
function isWorkday(day: LocalTime): boolean {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The next Monday–Friday after `day`. */
function nextWeekday(day: LocalTime): LocalTime {
  let next = addLocal(day, 1);
  while (!isWorkday(next)) next = addLocal(next, 1);
  return next;
}

const minuteOf = (t: LocalTime) => t.hour * 60 + t.minute;

function atMinute(day: LocalTime, minuteOfDay: number): LocalTime {
  return { ...day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, ms: 0 };
}
