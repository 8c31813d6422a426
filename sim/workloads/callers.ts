import type { RandomStream } from '../core/random.ts';
import { addLocal, type LocalTime } from '../core/zonedTime.ts';
import type { World } from '../world.ts';
import type { Workload } from './workload.ts';

/**
 * Puts a workload's callers into a world. Arrival times and wanted slots are drawn up front from their
 * own streams (`arrivals`, `slots`, `external`), so every variant sees the same callers for the same
 * seed (common random numbers); what callers do after an answer draws from `decisions`.
 */
export function spawnWorkloadCallers(world: World, workload: Workload): void {
  const { callers } = workload;
  const arrivals = world.streams.stream('arrivals');
  const slots = world.streams.stream('slots');
  const decisions = world.streams.stream('decisions');
  const pickSlot = slotPicker(world, workload, slots);
  let index = 0;
  for (const at of poissonTimes(arrivals, callers.arrivalsPerHour, workload.startMs, workload.durationMs)) {
    const caller = `caller-${index}`;
    const service = slots.int(0, workload.world.services.length - 1);
    const slot = pickSlot(at);
    const check = index++;
    world.spawnCall(at, { index: check, caller, action: 'check_availability', service, slot }, (answer) => {
      const books =
        (answer.outcome === 'available' && decisions.chance(callers.bookProbability)) ||
        (answer.outcome === 'unavailable' && answer.alternatives.length > 0 && decisions.chance(callers.takeAlternativeProbability));
      if (!books) return;
      const think = decisions.uniform(callers.thinkSeconds[0], callers.thinkSeconds[1]) * 1000;
      world.spawnCall(world.sim.now + Math.round(think), { index: index++, caller, action: 'create_booking', service, slot, takeAlternative: true });
    });
  }
  const external = world.streams.stream('external');
  for (const at of poissonTimes(external, workload.externalBookingsPerHour, workload.startMs, workload.durationMs)) {
    world.spawnCall(at, { index: index++, caller: `external-${index}`, action: 'external_booking', service: external.int(0, workload.world.services.length - 1), slot: pickSlot(at) });
  }
}

/** Arrival instants of a Poisson process of `perHour` over [start, start + duration). */
export function poissonTimes(stream: RandomStream, perHour: number, startMs: number, durationMs: number): number[] {
  const times: number[] = [];
  if (perHour <= 0) return times;
  const meanGapMs = 3_600_000 / perHour;
  for (let t = startMs + stream.exponential(meanGapMs); t < startMs + durationMs; t += stream.exponential(meanGapMs)) times.push(Math.floor(t));
  return times;
}

/**
 * Draws a wanted slot: a day uniform in `daysAhead`, an hour by `hourWeights` among business hours, a slot
 * of that hour. A caller wants a slot that has not begun when they call (Cal.com offers and books no
 * other): a drawn slot that has begun by `atMs` moves to the same time on the next day, so the draws,
 * and every other caller, stay what they were.
 */
export function slotPicker(world: World, workload: Workload, stream: RandomStream): (atMs: number) => LocalTime {
  const { starts, cumulative, total } = slotWeightsOf(workload);
  const firstDay = { ...world.calendar.toLocal(workload.startMs), hour: 0, minute: 0, second: 0, ms: 0 };
  const [minDay, maxDay] = workload.callers.daysAhead;
  return (atMs) => {
    let day = addLocal(firstDay, stream.int(minDay, maxDay));
    const r = stream.next() * total;
    let i = 0;
    while (i < cumulative.length - 1 && cumulative[i] <= r) i++;
    const minute = starts[i];
    const slotOn = (d: LocalTime): LocalTime => ({ ...d, hour: Math.floor(minute / 60), minute: minute % 60 });
    while (world.calendar.toUtc(slotOn(day)) <= atMs) day = addLocal(day, 1);
    return slotOn(day);
  };
}

/** Slot starts (minute of day) of a workload's business hours with their cumulative hour weights. */
interface SlotWeights {
  readonly starts: readonly number[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

const slotWeightsByWorkload = new WeakMap<Workload, SlotWeights>();

/** A workload's slot weights, made once per workload: they depend on nothing else, and every run of a sweep picks a slot. */
function slotWeightsOf(workload: Workload): SlotWeights {
  let slotWeights = slotWeightsByWorkload.get(workload);
  if (slotWeights !== undefined) return slotWeights;
  const { open, close } = workload.world.businessHours;
  const slotMinutes = workload.world.slotMinutes;
  const starts: number[] = [];
  for (let m = open; m + slotMinutes <= close; m += slotMinutes) starts.push(m);
  const weights = workload.callers.hourWeights;
  const weightOf = (minute: number) => (weights ? weights[String(Math.floor(minute / 60))] ?? 0 : 1);
  const cumulative: number[] = [];
  let total = 0;
  for (const m of starts) cumulative.push((total += weightOf(m)));
  slotWeightsByWorkload.set(workload, (slotWeights = { starts, cumulative, total }));
  return slotWeights;
}
