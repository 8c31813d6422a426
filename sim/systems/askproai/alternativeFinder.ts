import type { Process } from '../../core/simulation.ts';
import { addLocal, instantOfIso, type LocalTime } from '../../core/zonedTime.ts';
import type { ServedBy } from '../../core/vocabulary.ts';
import type { Service } from '../../worldConfig.ts';
import type { Alternative } from '../bookingSystem.ts';
import type { AppContext } from './appContext.ts';
import { layer2Window } from './layer2.ts';
import { instantHeardFor, instantTestedFor } from './wallClock.ts';

const MAX_ALTERNATIVES = 2;

/** A search window in local minutes of one day, [from, to]. */
interface Window {
  readonly day: LocalTime;
  readonly from: number;
  readonly to: number;
}

/**
 * `AppointmentAlternativeFinder`: up to two slots near the wanted one, every window read through Layer 2
 * (so a stale window offers a taken slot). `same-day` (the seed's account) offers the nearest free slots
 * within ±2 h inside business hours; `as-written` ranks the code's same-day candidates (see
 * `sameDayAsWritten`). While fewer than two are found, both go on through the cascade: next workday and
 * next week at t±30 min, then days +1..+7 from opening to closing time (`same-day` stops after the day).
 */
export function* findAlternatives(
  ctx: AppContext,
  service: Service,
  slot: LocalTime,
  slotMs: number,
  latencyMs: number | undefined,
): Process<Alternative[]> {
  const asWritten = ctx.profile.alternativeSearch === 'as-written';
  const found: Alternative[] = asWritten ? yield* sameDayAsWritten(ctx, service, slot, latencyMs) : [];
  const stages = searchStages(ctx, slot);
  for (const stage of asWritten ? stages.slice(1) : stages) {
    if (found.length >= MAX_ALTERNATIVES) break;
    const nearest = yield* nearestFree(ctx, service, stage, slotMs, found, latencyMs);
    found.push(...nearest.slice(0, MAX_ALTERNATIVES - found.length));
    if (!asWritten && ctx.profile.alternativeSearch === 'same-day') break;
  }
  return ctx.profile.slotMatching === 'utc-wall-clock' ? found.map((a) => spokenInUtc(ctx, a)) : found;
}

/** One cascade stage: the free slots inside its windows, nearest to the wanted one first, none already found. */
function* nearestFree(
  ctx: AppContext,
  service: Service,
  stage: readonly Window[],
  slotMs: number,
  found: readonly Alternative[],
  latencyMs: number | undefined,
): Process<Alternative[]> {
  const candidates = new Map<number, ServedBy>();
  for (const window of stage) {
    const start = atMinute(window.day, window.from);
    const end = atMinute(window.day, window.to);
    const lookup = yield* layer2Window(ctx, service, start, end, latencyMs);
    const fromMs = ctx.calendar.toUtc(start);
    const toMs = ctx.calendar.toUtc(end);
    for (const time of lookup.times ?? []) {
      const ms = instantOfIso(time);
      const fresh = ms !== slotMs && !candidates.has(ms) && !found.some((a) => a.slotMs === ms);
      if (ms >= fromMs && ms <= toMs && fresh) candidates.set(ms, lookup.servedBy);
    }
  }
  return [...candidates]
    .sort(([a], [b]) => Math.abs(a - slotMs) - Math.abs(b - slotMs) || a - b)
    .map(([ms, servedBy]) => ({ slotMs: ms, servedBy }));
}

/**
 * The finder's same-day search as the code has it: the earlier window [t−2h, t] only if it starts at or
 * after opening, the later [t, t+2h] only if it ends at or before closing (a window that does not fit is
 * skipped, not clipped). Every slot of the day each window's fill returns is a candidate, the requested
 * one included and duplicates from both windows kept, scored 10000 − |minutes from t| plus 500 for the
 * preferred side (later from 12:00 on, earlier before) or 300 for the other; highest first. t is the
 * requested time as the code parses it (the app's zone, UTC, on the `utc-wall-clock` profiles).
 */
function* sameDayAsWritten(ctx: AppContext, service: Service, slot: LocalTime, latencyMs: number | undefined): Process<Alternative[]> {
  const { open, close } = ctx.world.businessHours;
  const t = slot.hour * 60 + slot.minute;
  const centreMs = ctx.profile.slotMatching === 'utc-wall-clock' ? instantTestedFor(slot) : ctx.calendar.toUtc(slot);
  const laterPreferred = t >= 12 * 60;
  const windows = [
    { from: t - 120, to: t, bonus: laterPreferred ? 300 : 500 },
    { from: t, to: t + 120, bonus: laterPreferred ? 500 : 300 },
  ].filter((w) => w.from >= open && w.to <= close);
  const scored: { alternative: Alternative; score: number }[] = [];
  for (const w of windows) {
    const lookup = yield* layer2Window(ctx, service, atMinute(slot, w.from), atMinute(slot, w.to), latencyMs);
    for (const time of lookup.times ?? []) {
      const ms = instantOfIso(time);
      scored.push({ alternative: { slotMs: ms, servedBy: lookup.servedBy }, score: 10000 - Math.abs(ms - centreMs) / 60_000 + w.bonus });
    }
  }
  // A stable sort: equal scores keep the code's order (earlier window first, then slot time).
  return scored.sort((a, b) => b.score - a.score).slice(0, MAX_ALTERNATIVES).map((s) => s.alternative);
}

/** The finder says each slot's UTC `H:i`; the caller hears (and would book) that local time, not the slot read. */
function spokenInUtc(ctx: AppContext, alternative: Alternative): Alternative {
  const heardMs = instantHeardFor(alternative.slotMs, ctx.calendar);
  return heardMs === alternative.slotMs ? alternative : { slotMs: heardMs, servedBy: alternative.servedBy, readSlotMs: alternative.slotMs };
}

/** The finder's windows, stage by stage; empty windows (clipped away by business hours) are dropped. */
function searchStages(ctx: AppContext, slot: LocalTime): Window[][] {
  const { open, close } = ctx.world.businessHours;
  const t = slot.hour * 60 + slot.minute;
  const clip = (day: LocalTime, from: number, to: number): Window[] => {
    const w = { day, from: Math.max(from, open), to: Math.min(to, close) };
    return w.from < w.to ? [w] : [];
  };
  const sameDay = [...clip(slot, t - 120, t), ...clip(slot, t, t + 120)];
  if (ctx.profile.alternativeSearch === 'same-day') return [sameDay];
  const nextWorkday = nextWeekday(slot);
  const nextWeek = addLocal(slot, 7);
  const following = [1, 2, 3, 4, 5, 6, 7].flatMap((d) => clip(addLocal(slot, d), open, close));
  return [sameDay, clip(nextWorkday, t - 30, t + 30), clip(nextWeek, t - 30, t + 30), following];
}

/** The next Monday–Friday after `day`. */
function nextWeekday(day: LocalTime): LocalTime {
  let next = addLocal(day, 1);
  const weekday = (t: LocalTime) => new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay();
  while (weekday(next) === 0 || weekday(next) === 6) next = addLocal(next, 1);
  return next;
}

function atMinute(day: LocalTime, minuteOfDay: number): LocalTime {
  return { ...day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, ms: 0 };
}
