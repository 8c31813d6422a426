import { describe, expect, it } from 'vitest';
import { Simulation, type Process } from '../sim/core/simulation.ts';
import { rememberCoalesced, type CoalescingWait } from '../sim/stores/coalescedRemember.ts';
import { MemoryStore } from '../sim/stores/memoryStore.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { variants } from '../sim/systems/askproai/variants.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);

describe('the reservation commits as variants', () => {
  it('reservations names ef7b6a35d and its date, and is l2-30 but for the code version', () => {
    expect(variants.reservations.origin).toEqual({ commit: 'ef7b6a35d', date: '2025-11-24' });
    const { code: _code, name: _name, summary: _summary, origin: _origin, ...axes } = variants.reservations;
    const { code: _c, name: _n, summary: _s, origin: _o, ...l230 } = variants['l2-30'];
    expect(axes).toEqual(l230);
    expect(variants.reservations.code.pendingSyncQuery).toBe('unknown-column');
  });

  it("ef7b6a35d: a free slot's check errs on the missing sync_status column after writing its keys; a taken slot's answer is unchanged", () => {
    const before = runScenario(scenario('reservations-pending-sync-column'), { fix: 'l2-30', seed: 1 });
    const after = runScenario(scenario('reservations-pending-sync-column'), { fix: 'reservations' as never, seed: 1 });
    const outcomes = (run: typeof before) => run.report.steps.map((s) => s.outcome);
    expect(outcomes(before).slice(1)).toEqual(['available', 'unavailable']);
    expect(outcomes(after).slice(1)).toEqual(['error', 'unavailable']);
    const puts = (run: typeof before) => run.events.flatMap((e) => (e.kind === 'cache.put' && e.key.startsWith('booking_validation:') ? [e.key] : []));
    expect(puts(after)).toEqual(['booking_validation:A:202511251300']);
    expect(puts(after)).toEqual(puts(before));
    expect(after.report.metrics.calcomRequests).toBe(before.report.metrics.calcomRequests);
  });

  it("f482d0c51's lock waiter: after 3 s it pauses, reads once more and finds the winner's late fill; without the pause it fetches again", () => {
    /** Two misses of one key at once; the winner's Cal.com read takes 3030 ms. Returns the number of fetches. */
    const fetchesWith = (wait?: CoalescingWait) => {
      const sim = new Simulation(0);
      const store = new MemoryStore(() => sim.now);
      let fetches = 0;
      const compute = function* (): Process<string | null> {
        fetches++;
        yield 3030;
        return 'slots';
      };
      for (const label of ['A', 'B']) sim.spawn(0, label, (function* () { yield* rememberCoalesced(store, 'k', 300, compute, wait); })());
      sim.run();
      return fetches;
    };
    expect(fetchesWith()).toBe(1); // e06c5837e: B blocks up to 5 s and finds the fill
    expect(fetchesWith({ lockWaitMs: 3_000 })).toBe(2); // 3 s alone: B gives up before the fill
    expect(fetchesWith({ lockWaitMs: 3_000, jitterMs: () => 50 })).toBe(1); // f482d0c51: the pause and re-read catch it
    expect(variants['reserve-slot'].read.name).toBe('coalesced-jitter');
  });

  it('reserve-slot names f482d0c51 and its date, and is l2-30 but for the reserve_slot guard', () => {
    expect(variants['reserve-slot'].origin).toEqual({ commit: 'f482d0c51', date: '2025-12-13' });
    expect(variants['reserve-slot'].availableGuard.name).toBe('reserve-slot');
    expect(variants['reserve-slot'].code).toBe(variants['l2-30'].code);
  });

  it("f482d0c51: A's reservation holds the slot: B's reserve_slot is refused (an error), C does not see it, and only A books", () => {
    const before = runScenario(scenario('reserve-slot-holds'), { fix: 'l2-30', seed: 1 });
    const after = runScenario(scenario('reserve-slot-holds'), { fix: 'reserve-slot' as never, seed: 1 });
    const outcomes = (run: typeof before) => run.report.steps.map((s) => s.outcome);
    expect(outcomes(before)).toEqual(['available', 'available', 'available', 'error', 'booked']);
    expect(outcomes(after)).toEqual(['available', 'error', 'unavailable', 'booked', 'unavailable']);
    const bookedBy = (run: typeof before) => run.events.flatMap((e) => (e.kind === 'calcom.accepted' ? [e.bookedBy] : []));
    expect(bookedBy(before)).toEqual(['B']);
    expect(bookedBy(after)).toEqual(['A']);
  });
});
