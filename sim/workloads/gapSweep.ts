import { measurementOf, type AccumulatorState } from '../metrics/accumulator.ts';
import { wilson, type SweepPoint, type SweepResult } from '../metrics/measurement.ts';
import type { World } from '../world.ts';
import { slotPicker } from './callers.ts';
import { effectiveProfile, seedsOf, worldOf, type MeasureOptions, type Shard } from './monteCarlo.ts';
import { runJobs, type RunJob } from './runJobs.ts';
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

/** The jobs of a sweep: one per variant and gap, all on the same seeds. */
function sweepJobs(options: MeasureOptions & { readonly gaps: readonly number[] }, shard?: Shard): RunJob[] {
  const profile = effectiveProfile(options, options.workload);
  const config = worldOf(options.workload, options.ttlSeconds);
  const seeds = seedsOf(options, shard);
  return options.variants.flatMap((variant) => options.gaps.map((gapSeconds) => ({ workload: options.workload, config, profile, variant, seeds, gapSeconds })));
}

/** The states of a sweep, keyed `variant@gap`. */
export async function sweepStates(options: MeasureOptions & { readonly gaps: readonly number[] }, shard?: Shard): Promise<Record<string, AccumulatorState>> {
  const jobs = sweepJobs(options, shard);
  const states = await runJobs(jobs, options.workers ?? 1, options.onProgress);
  return Object.fromEntries(jobs.map((job, i) => [`${job.variant}@${job.gapSeconds}`, states[i]]));
}

export function sweepResult(options: MeasureOptions & { readonly gaps: readonly number[] }, states: Record<string, AccumulatorState>): SweepResult {
  const variants: Record<string, SweepPoint[]> = {};
  for (const variant of options.variants) {
    variants[variant] = options.gaps.map((gapSeconds) => {
      const m = measurementOf(states[`${variant}@${gapSeconds}`]);
      // B is the only caller who can hear a stale "available" or be rejected: one direct answer per run,
      // and whatever alternatives B is offered (A asks first for a free slot and is offered none).
      const { direct, alternatives } = m.staleSplit;
      return {
        gapSeconds,
        runs: options.runs,
        staleAvailable: wilson(direct.stale + alternatives.stale, options.runs + alternatives.of),
        staleSplit: { direct: wilson(direct.stale, options.runs), alternatives: alternatives.rate },
        conflict: wilson(m.conflicts, options.runs),
      };
    });
  }
  const { workload, runs, seed, command } = options;
  return { workload: workload.name, profile: effectiveProfile(options, workload), runs, seed, command, variants };
}

/** `racesim sweep`: per variant and gap, how often B hears a stale "available" and how often B is rejected. */
export async function gapSweep(options: MeasureOptions & { readonly gaps: readonly number[] }): Promise<SweepResult> {
  return sweepResult(options, await sweepStates(options));
}
