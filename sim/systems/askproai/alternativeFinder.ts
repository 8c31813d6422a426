import type { Process } from '../../core/simulation.ts';
import { addLocal, instantOfIso, type LocalTime } from '../../core/zonedTime.ts';
import type { ServedBy } from '../../core/vocabulary.ts';
import type { Service } from '../../worldConfig.ts';
import type { Alternative } from '../bookingSystem.ts';
import type { AppContext } from './appContext.ts';
import { layer2Window } from './layer2.ts';
import { instantHeardFor } from './wallClock.ts';

const MAX_ALTERNATIVES = 2;

/** A search window in local minutes of one day, [from, to]. */
interface Window {
  readonly day: LocalTime;
  readonly from: number;
  readonly to: number;
}

/**
 * `AppointmentAlternativeFinder`: up to two free slots near the wanted one, nearest first, every window
 * read through Layer 2 (so a stale window offers a taken slot). `same-day` searches `[t-2h, t]` and
 * `[t, t+2h]` within business hours; `cascade` goes on, while fewer than two are found, to the next
 * workday and next week at t±30 min, then days +1..+7 from opening to closing time.
 */
export function* findAlternatives(
  ctx: AppContext,
  service: Service,
  slot: LocalTime,
  slotMs: number,
  latencyMs: number | undefined,
): Process<Alternative[]> {
  const found: Alternative[] = [];
  for (const stage of searchStages(ctx, slot)) {
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
    const nearest = [...candidates]
      .sort(([a], [b]) => Math.abs(a - slotMs) - Math.abs(b - slotMs) || a - b)
      .map(([ms, servedBy]) => ({ slotMs: ms, servedBy }));
    found.push(...nearest.slice(0, MAX_ALTERNATIVES - found.length));
    if (found.length >= MAX_ALTERNATIVES || ctx.profile.alternativeSearch === 'same-day') break;
  }
  return ctx.profile.slotMatching === 'utc-wall-clock' ? found.map((a) => spokenInUtc(ctx, a)) : found;
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
