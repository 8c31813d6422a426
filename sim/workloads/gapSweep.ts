import { VariantAccumulator } from '../metrics/accumulator.ts';
import { wilson, type SweepPoint, type SweepResult } from '../metrics/measurement.ts';
import type { World } from '../world.ts';
import { slotPicker } from './callers.ts';
import { effectiveProfile, measureRun, worldOf, type MeasureOptions } from './monteCarlo.ts';
import type { Workload } from './workload.ts';

/**
 * The two-caller experiment: A asks for a slot at the start and books it after a think time; B asks for
 * the same slot `gapSeconds` after A's booking was answered, and books it if told it is free.
 */
export function spawnPair(world: World, workload: Workload, gapSeconds: number): void {
  const slot = slotPicker(world, workload, world.streams.stream('slots'))();
  const decisions = world.streams.stream('decisions');
  const [minThink, maxThink] = workload.callers.thinkSeconds;
  world.spawnCall(workload.startMs, { index: 0, caller: 'A', action: 'check_availability', service: 0, slot }, () => {
    const think = Math.round(decisions.uniform(minThink, maxThink) * 1000);
    world.spawnCall(world.sim.now + think, { index: 1, caller: 'A', action: 'create_booking', service: 0, slot }, () => {
      world.spawnCall(world.sim.now + gapSeconds * 1000, { index: 2, caller: 'B', action: 'check_availability', service: 0, slot }, (answer) => {
        if (answer.outcome === 'available') world.spawnCall(world.sim.now, { index: 3, caller: 'B', action: 'create_booking', service: 0, slot });
      });
    });
  });
}

/** Parses `from:to:step` (seconds, inclusive) for `--gaps`. */
export function parseGaps(text: string): number[] | null {
  const m = /^(\d+):(\d+):(\d+)$/.exec(text);
  if (!m || Number(m[3]) <= 0 || Number(m[1]) > Number(m[2])) return null;
  const gaps: number[] = [];
  for (let g = Number(m[1]); g <= Number(m[2]); g += Number(m[3])) gaps.push(g);
  return gaps;
}

/** `racesim sweep`: per variant and gap, how often B hears a stale "available" and how often B is rejected. */
export function gapSweep(options: MeasureOptions & { readonly gaps: readonly number[] }): SweepResult {
  const { workload, runs, seed } = options;
  const profile = effectiveProfile(options, workload);
  const config = worldOf(workload, options.ttlSeconds);
  const variants: Record<string, SweepPoint[]> = {};
  let calls = 0;
  let done = 0;
  for (const variant of options.variants) {
    variants[variant] = options.gaps.map((gapSeconds) => {
      const accumulator = new VariantAccumulator();
      for (let i = 0; i < runs; i++) {
        calls += measureRun(workload, config, profile, variant, seed + i, accumulator, gapSeconds);
        options.onProgress?.({ runs: ++done, calls });
      }
      const m = accumulator.result();
      // B is the second availability answer of each run and the only caller who can be rejected.
      return { gapSeconds, runs, staleAvailable: wilson(m.staleAvailable, runs), conflict: wilson(m.conflicts, runs) };
    });
  }
  return { workload: workload.name, profile, runs, seed, command: options.command, variants };
}
